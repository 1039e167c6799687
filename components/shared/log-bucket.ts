import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "./aws-context";

/** Arguments of {@link LogBucket}. */
export interface LogBucketArgs extends AwsContext {
    /** KMS key ARN for SSE-KMS; the key must allow AWS log delivery (see `LogKey.allowLogDelivery`). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Days objects are kept before they expire. */
    readonly retentionDays: number;
    /** Tags for the bucket, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An S3 bucket for logs that AWS services deliver (`delivery.logs.amazonaws.com`): SSE-KMS, every
 * public access blocked, ACLs disabled, versioned, TLS-only, expiring after the retention period,
 * writable by log delivery of this account only, and protected from deletion.
 */
export class LogBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** Bucket ARN, for log destinations. */
    readonly bucketArn: pulumi.Output<string>;
    /** Bucket name. */
    readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: LogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:shared:LogBucket", name, {}, opts);
        const partition = partitionOf(args.region);
        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { forceDestroy: false, tags: withName(args.tags, `${name}-bucket`) },
            { parent: this, protect: true },
        );
        const bucket = this.bucket.id;
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: args.kmsKeyArn,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            { parent: this },
        );
        new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
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
            { parent: this },
        );
        const sourceArn = `arn:${partition}:logs:${args.region}:${args.accountId}:*`;
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket,
                policy: this.bucket.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "DenyInsecureTransport",
                                Effect: "Deny",
                                Principal: "*",
                                Action: "s3:*",
                                Resource: [arn, `${arn}/*`],
                                Condition: { Bool: { "aws:SecureTransport": "false" } },
                            },
                            {
                                Sid: "LogDeliveryAclCheck",
                                Effect: "Allow",
                                Principal: { Service: "delivery.logs.amazonaws.com" },
                                Action: "s3:GetBucketAcl",
                                Resource: arn,
                                Condition: {
                                    StringEquals: { "aws:SourceAccount": args.accountId },
                                    ArnLike: { "aws:SourceArn": sourceArn },
                                },
                            },
                            {
                                Sid: "LogDeliveryWrite",
                                Effect: "Allow",
                                Principal: { Service: "delivery.logs.amazonaws.com" },
                                Action: "s3:PutObject",
                                Resource: `${arn}/AWSLogs/${args.accountId}/*`,
                                Condition: {
                                    StringEquals: { "aws:SourceAccount": args.accountId },
                                    ArnLike: { "aws:SourceArn": sourceArn },
                                },
                            },
                        ],
                    }),
                ),
            },
            // The public access block must exist first, or a policy change could briefly open the bucket.
            { parent: this, dependsOn: [publicAccess] },
        );
        this.bucketArn = this.bucket.arn;
        this.bucketName = this.bucket.bucket;
        this.registerOutputs({ bucketArn: this.bucketArn, bucketName: this.bucketName });
    }
}
