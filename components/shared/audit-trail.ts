import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "./aws-context";
import { denyInsecureTransport, privateBucket } from "./private-bucket";

/** Arguments of {@link AuditTrail}. */
export interface AuditTrailArgs extends AwsContext {
    /** Trail name, e.g. `hub-network-prod-audit`. **CAUTION** changing it replaces the trail. */
    readonly trailName: string;
    /**
     * The organization's ARN (`arn:aws:organizations::<management account>:organization/o-...`): the
     * trail is an organization trail, created by this account as CloudTrail's delegated administrator,
     * owned by the management account and writing under `AWSLogs/<organization ID>/`.
     */
    readonly organizationArn: string;
    /** Record data events of every DynamoDB table and Lambda function of the organization. */
    readonly dataEvents: boolean;
    /** Also record management events (when no organization trail does already). */
    readonly managementEvents: boolean;
    /** Days log files are kept. */
    readonly retentionDays: number;
    /**
     * Provider of the organization's management account: through it the component registers this
     * account as CloudTrail's delegated administrator, which only the management account may do and
     * an organization trail created by a member account needs
     * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-add-delegated-administrator.html).
     * @default registered outside the stack
     */
    readonly managementProvider?: pulumi.ProviderResource;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The data event resource types recorded: who changed which item, who invoked which function. */
export const AUDITED_DATA_EVENT_TYPES = ["AWS::DynamoDB::Table", "AWS::Lambda::Function"] as const;

/**
 * An organization CloudTrail trail of data events (every DynamoDB table's item-level API calls and
 * every Lambda invocation: "who issued the DELETE and when") and optionally management events, to an
 * S3 bucket of this account: SSE-KMS with a key of its own, log file validation (digest files),
 * versioned, every public access blocked, TLS only, deletion of log files denied to everyone, server
 * access logs in a second bucket, and both buckets protected from `pulumi destroy`.
 *
 * The bucket and key policies follow AWS's for organization trails
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html):
 * CloudTrail writes `AWSLogs/<management account>/` and `AWSLogs/<organization ID>/` for this trail
 * only (`aws:SourceArn`). Selectors: advanced event selectors
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html).
 */
export class AuditTrail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;
    readonly bucket: aws.s3.Bucket;
    readonly accessLogBucket: aws.s3.Bucket;
    readonly key: aws.kms.Key;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:shared:AuditTrail", name, {}, opts);
        const match = /^arn:[\w-]+:organizations::(\d{12}):organization\/(o-[a-z0-9]+)$/.exec(
            args.organizationArn,
        );
        if (!match) {
            throw new Error(`AuditTrail ${name}: '${args.organizationArn}' is not an organization ARN`);
        }
        if (!args.dataEvents && !args.managementEvents) {
            throw new Error(`AuditTrail ${name}: neither data nor management events; expected at least one`);
        }
        const [, management, organizationId] = match;
        const partition = partitionOf(args.region);
        // The management account owns an organization trail, whoever created it; both ARNs are this trail.
        const trailArns = [management, args.accountId].map(
            (account) => `arn:${partition}:cloudtrail:${args.region}:${account}:trail/${args.trailName}`,
        );

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts the ${args.trailName} trail's log files`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AccountAdministration",
                            Effect: "Allow",
                            Principal: { AWS: `arn:${partition}:iam::${args.accountId}:root` },
                            Action: "kms:*",
                            Resource: "*",
                        },
                        {
                            Sid: "CloudTrailEncryptsThisTrail",
                            Effect: "Allow",
                            Principal: { Service: "cloudtrail.amazonaws.com" },
                            Action: "kms:GenerateDataKey*",
                            Resource: "*",
                            Condition: {
                                StringEquals: { "aws:SourceArn": trailArns },
                                StringLike: {
                                    "kms:EncryptionContext:aws:cloudtrail:arn": [
                                        `arn:${partition}:cloudtrail:*:${management}:trail/*`,
                                        `arn:${partition}:cloudtrail:*:${args.accountId}:trail/*`,
                                    ],
                                },
                            },
                        },
                        {
                            Sid: "CloudTrailDescribesTheKey",
                            Effect: "Allow",
                            Principal: { Service: "cloudtrail.amazonaws.com" },
                            Action: "kms:DescribeKey",
                            Resource: "*",
                            Condition: { StringEquals: { "aws:SourceArn": trailArns } },
                        },
                    ],
                }),
                tags: withName(args.tags, `${name}-key`),
            },
            { parent: this, protect: true },
        );

        this.accessLogBucket = this.logBucket(`${name}-access-logs`, args);
        this.bucket = this.logBucket(`${name}-bucket`, args, this.key.arn);
        const logging = new aws.s3.BucketLogging(
            `${name}-bucket-logging`,
            { bucket: this.bucket.id, targetBucket: this.accessLogBucket.id, targetPrefix: "trail-bucket/" },
            { parent: this },
        );
        const accessLogPolicy = this.bucketPolicy(
            `${name}-access-logs`,
            this.accessLogBucket,
            this.bucket.arn,
            (arn, source) => [
                {
                    Sid: "S3ServerAccessLogs",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${arn}/trail-bucket/*`,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": args.accountId },
                        ArnLike: { "aws:SourceArn": source },
                    },
                },
            ],
        );
        const trailPolicy = this.bucketPolicy(`${name}-bucket`, this.bucket, this.bucket.arn, (arn) => [
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: arn,
                Condition: { StringEquals: { "aws:SourceArn": trailArns } },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: [`${arn}/AWSLogs/${management}/*`, `${arn}/AWSLogs/${organizationId}/*`],
                Condition: {
                    StringEquals: {
                        "s3:x-amz-acl": "bucket-owner-full-control",
                        "aws:SourceArn": trailArns,
                    },
                },
            },
            {
                Sid: "DenyLogFileDeletion",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
                Resource: `${arn}/AWSLogs/*`,
            },
        ]);

        const selectors: aws.types.input.cloudtrail.TrailAdvancedEventSelector[] = [
            ...(args.managementEvents
                ? [
                      {
                          name: "Management events",
                          fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
                      },
                  ]
                : []),
            ...(args.dataEvents
                ? AUDITED_DATA_EVENT_TYPES.map((type) => ({
                      name: `${type} data events`,
                      fieldSelectors: [
                          { field: "eventCategory", equals: ["Data"] },
                          { field: "resources.type", equals: [type] },
                      ],
                  }))
                : []),
        ];
        const delegation = args.managementProvider
            ? [
                  new aws.cloudtrail.OrganizationDelegatedAdminAccount(
                      `${name}-delegated-admin`,
                      { accountId: args.accountId },
                      { parent: this, provider: args.managementProvider },
                  ),
              ]
            : [];
        this.trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: args.trailName,
                s3BucketName: this.bucket.bucket,
                kmsKeyId: this.key.arn,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                isOrganizationTrail: true,
                // A multi-Region trail must (CreateTrail refuses otherwise); the selectors decide which
                // events it records, so this adds no management events.
                includeGlobalServiceEvents: true,
                advancedEventSelectors: selectors,
                tags: withName(args.tags, args.trailName),
            },
            { parent: this, dependsOn: [trailPolicy, accessLogPolicy, logging, ...delegation] },
        );
        this.registerOutputs({ trailArn: this.trail.arn });
    }

    /** A private, protected, expiring bucket (private-bucket.ts); SSE-KMS with `keyArn`, else SSE-S3 (what server access logs accept). */
    private logBucket(name: string, args: AuditTrailArgs, keyArn?: pulumi.Input<string>): aws.s3.Bucket {
        return privateBucket(
            name,
            {
                bucketName: name,
                ...(keyArn === undefined ? {} : { kmsKeyArn: keyArn }),
                retentionDays: args.retentionDays,
                ...(args.tags ? { tags: args.tags } : {}),
            },
            this,
        ).bucket;
    }

    /** The bucket's policy: TLS only, and `statements` (given the bucket's ARN and `other`'s). */
    private bucketPolicy(
        name: string,
        bucket: aws.s3.Bucket,
        other: pulumi.Input<string>,
        statements: (arn: string, other: string) => Record<string, unknown>[],
    ): aws.s3.BucketPolicy {
        return new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: bucket.id,
                policy: pulumi.all([bucket.arn, other]).apply(([arn, otherArn]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [denyInsecureTransport(arn), ...statements(arn, otherArn)],
                    }),
                ),
            },
            { parent: this },
        );
    }
}
