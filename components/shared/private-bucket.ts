import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "./aws-context";

/** Settings for {@link privateBucket}. */
export interface PrivateBucketArgs {
    /** The bucket resource's name; its other children are named `<prefix>-<what>`. */
    readonly bucketName: string;
    /** SSE-KMS with this key; without it SSE-S3 (what ELB access logs and S3 server access logs accept). */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Days before objects expire. */
    readonly retentionDays: number;
    /** Tags for the bucket, next to its `Name`. */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The bucket and the settings a log destination must wait for. */
export interface PrivateBucket {
    readonly bucket: aws.s3.Bucket;
    readonly publicAccess: aws.s3.BucketPublicAccessBlock;
    readonly ownership: aws.s3.BucketOwnershipControls;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
}

/**
 * A bucket for logs, protected from deletion: every public access blocked, ACLs disabled
 * (`BucketOwnerEnforced`), default encryption, versioned, objects expiring after the retention period
 * (noncurrent versions after 30 days). Children: `args.bucketName`, `<prefix>-public-access`,
 * `-ownership`, `-encryption`, `-versioning` and `-lifecycle`.
 */
export function privateBucket(
    prefix: string,
    args: PrivateBucketArgs,
    parent: pulumi.Resource,
): PrivateBucket {
    const bucket = new aws.s3.Bucket(
        args.bucketName,
        { forceDestroy: false, tags: withName(args.tags, args.bucketName) },
        { parent, protect: true },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${prefix}-public-access`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        { parent },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
        `${prefix}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        { parent },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${prefix}-encryption`,
        {
            bucket: bucket.id,
            rules: [
                args.kmsKeyArn === undefined
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                    : {
                          applyServerSideEncryptionByDefault: {
                              sseAlgorithm: "aws:kms",
                              kmsMasterKeyId: args.kmsKeyArn,
                          },
                          bucketKeyEnabled: true,
                      },
            ],
        },
        { parent },
    );
    new aws.s3.BucketVersioning(
        `${prefix}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        { parent },
    );
    new aws.s3.BucketLifecycleConfiguration(
        `${prefix}-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire-logs",
                    status: "Enabled",
                    filter: {},
                    expiration: { days: args.retentionDays },
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
        { parent },
    );
    return { bucket, publicAccess, ownership, encryption };
}

/** The statement that refuses every request to the bucket `arn` not made over TLS. */
export function denyInsecureTransport(arn: string): Record<string, unknown> {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
