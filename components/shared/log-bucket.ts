import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, type AwsContext } from "./aws-context";
import { denyInsecureTransport, privateBucket } from "./private-bucket";

/**
 * Elastic Load Balancing's log-delivery account per Region, for Regions opened before August 2022
 * (newer Regions use the `logdelivery.elasticloadbalancing.amazonaws.com` service principal).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-south-1": "635631232127",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-gov-west-1": "048591011584",
    "us-gov-east-1": "190560391635",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
};

/** Arguments of {@link LogBucket}. */
export interface LogBucketArgs extends AwsContext {
    /**
     * KMS key ARN for SSE-KMS; the key must allow AWS log delivery (see `LogKey.allowLogDelivery`).
     * Required unless `elbAccessLogs`, which cannot use it.
     * @default undefined
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * A bucket for Elastic Load Balancing access logs: the policy also lets ELB log delivery for this
     * Region (its service principal and, in Regions opened before August 2022, its account) write
     * `AWSLogs/<account>/`, and objects are encrypted with S3-managed keys (SSE-S3), the only
     * server-side encryption ELB access logs support. Give no `kmsKeyArn` then.
     * @default false
     */
    readonly elbAccessLogs?: boolean;
    /** Days objects are kept before they expire. */
    readonly retentionDays: number;
    /** Tags for the bucket, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An S3 bucket for logs that AWS services deliver (`delivery.logs.amazonaws.com`): SSE-KMS, every
 * public access blocked, ACLs disabled, versioned, TLS-only, expiring after the retention period,
 * writable by log delivery of this account only, and protected from deletion. With `elbAccessLogs`
 * it takes Elastic Load Balancing access logs instead, encrypted with SSE-S3.
 */
export class LogBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** Bucket ARN, for log destinations. */
    readonly bucketArn: pulumi.Output<string>;
    /**
     * Bucket name, known once the bucket is ready for log delivery: it carries the dependency on the
     * bucket policy, default encryption, ownership controls and public access block, so a log
     * destination that takes it waits for them (otherwise delivery races the policy: 409
     * OperationAborted or AccessDenied, or the first objects land before default encryption applies).
     */
    readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: LogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:shared:LogBucket", name, {}, opts);
        if ((args.kmsKeyArn === undefined) === (args.elbAccessLogs !== true)) {
            throw new Error(
                `LogBucket ${name}: give exactly one of kmsKeyArn (SSE-KMS) or elbAccessLogs (SSE-S3, as ELB requires)`,
            );
        }
        const partition = partitionOf(args.region);
        const {
            bucket: created,
            publicAccess,
            ownership,
            encryption,
        } = privateBucket(
            name,
            {
                bucketName: `${name}-bucket`,
                ...(args.kmsKeyArn === undefined ? {} : { kmsKeyArn: args.kmsKeyArn }),
                retentionDays: args.retentionDays,
                ...(args.tags ? { tags: args.tags } : {}),
            },
            this,
        );
        this.bucket = created;
        const bucket = this.bucket.id;
        const sourceArn = `arn:${partition}:logs:${args.region}:${args.accountId}:*`;
        const policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket,
                policy: this.bucket.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            denyInsecureTransport(arn),
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
                            ...(args.elbAccessLogs ? elbLogDelivery(arn, args.accountId, args.region) : []),
                        ],
                    }),
                ),
            },
            // The public access block must exist first, or a policy change could briefly open the bucket.
            { parent: this, dependsOn: [publicAccess] },
        );
        this.bucketArn = this.bucket.arn;
        this.bucketName = pulumi
            .all([this.bucket.bucket, policy.id, encryption.id, ownership.id, publicAccess.id])
            .apply(([bucketName]) => bucketName);
        this.registerOutputs({ bucketArn: this.bucketArn, bucketName: this.bucketName });
    }
}

/** Statements that let Elastic Load Balancing deliver access logs of `accountId` in `region`. */
function elbLogDelivery(bucketArn: string, accountId: string, region: string): Record<string, unknown>[] {
    const resource = `${bucketArn}/AWSLogs/${accountId}/*`;
    const statements: Record<string, unknown>[] = [
        {
            Sid: "ElbLogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: resource,
        },
    ];
    const legacyAccount = ELB_LOG_DELIVERY_ACCOUNTS[region];
    if (legacyAccount !== undefined) {
        statements.push({
            Sid: "ElbRegionalAccountWrite",
            Effect: "Allow",
            Principal: { AWS: `arn:${partitionOf(region)}:iam::${legacyAccount}:root` },
            Action: "s3:PutObject",
            Resource: resource,
        });
    }
    return statements;
}
