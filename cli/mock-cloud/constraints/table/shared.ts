/** Tags (every type), CloudWatch Logs, KMS, IAM names and S3. */
import type { ConstraintRow } from "../rules";
import { api, count, length, notWhen, oneOf, pattern, range, row } from "./rows";

const TAGGING =
    "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (tag naming limits and requirements)";
const iam = (action: string) => api("IAM", action);
const logs = (action: string) => api("AmazonCloudWatchLogs", action);
const kms = (action: string) => api("kms", action);
const s3 = (action: string) => api("AmazonS3", action);

/** IAM names: letters, digits and `+=,.@_-`. */
const IAM_NAME = (max: number) => pattern(new RegExp(`^[\\w+=,.@-]{1,${max}}$`));
/** IAM descriptions: tab, line breaks and printable Latin-1. */
const IAM_DESCRIPTION = pattern(/^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/);

export const SHARED_ROWS: readonly ConstraintRow[] = [
    // Tags, on every type that takes them (the provider's default tags come on top)
    row("*", "tags", "Tags", { kind: "entries", max: 50 }, TAGGING),
    row("*", "tags{}", "Key", length(1, 128), TAGGING),
    row("*", "tags{}", "Key", pattern(/^(?!aws:)/i), `${TAGGING} (the aws: prefix is reserved)`),
    row("*", "tags{}=", "Value", length(0, 256), TAGGING),
    // CloudTrail: a multi-Region trail always records global service events. AWS's text, as the
    // Terraform provider's acceptance tests met it (hashicorp/terraform pull request 4939).
    row(
        "aws:cloudtrail/trail:Trail",
        "includeGlobalServiceEvents",
        "IncludeGlobalServiceEvents",
        notWhen(false, "isMultiRegionTrail", true),
        `${api("awscloudtrail", "CreateTrail")} (IncludeGlobalServiceEvents with IsMultiRegionTrail)`,
        {
            code: "InvalidParameterCombinationException",
            message: "Multi-Region trail must include global service events.",
        },
    ),
    // CloudWatch Logs
    row(
        "aws:cloudwatch/logGroup:LogGroup",
        "name",
        "logGroupName",
        pattern(/^[.\-_/#A-Za-z0-9]{1,512}$/),
        logs("CreateLogGroup"),
    ),
    row(
        "aws:cloudwatch/logGroup:LogGroup",
        "retentionInDays",
        "retentionInDays",
        oneOf(
            1,
            3,
            5,
            7,
            14,
            30,
            60,
            90,
            120,
            150,
            180,
            365,
            400,
            545,
            731,
            1096,
            1827,
            2192,
            2557,
            2922,
            3288,
            3653,
        ),
        logs("PutRetentionPolicy"),
    ),
    row(
        "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
        "policyDocument",
        "policyDocument",
        length(1, 5120),
        logs("PutResourcePolicy"),
    ),
    // KMS
    row("aws:kms/alias:Alias", "name", "AliasName", pattern(/^alias\/[a-zA-Z0-9/_-]+$/), kms("CreateAlias")),
    row("aws:kms/alias:Alias", "name", "AliasName", length(1, 256), kms("CreateAlias")),
    row(
        "aws:kms/alias:Alias",
        "name",
        "AliasName",
        pattern(/^(?!alias\/aws\/)/),
        `${kms("CreateAlias")} (alias/aws/ is reserved for AWS managed keys)`,
    ),
    row("aws:kms/key:Key", "description", "Description", length(0, 8192), kms("CreateKey")),
    row(
        "aws:kms/key:Key",
        "deletionWindowInDays",
        "PendingWindowInDays",
        range(7, 30),
        kms("ScheduleKeyDeletion"),
    ),
    // IAM names and descriptions (policy documents: the IAM evaluator's concern)
    row("aws:iam/role:Role", "name", "RoleName", IAM_NAME(64), iam("CreateRole")),
    row("aws:iam/role:Role", "description", "Description", length(0, 1000), iam("CreateRole")),
    row("aws:iam/role:Role", "description", "Description", IAM_DESCRIPTION, iam("CreateRole")),
    row(
        "aws:iam/role:Role",
        "maxSessionDuration",
        "MaxSessionDuration",
        range(3600, 43200),
        iam("CreateRole"),
    ),
    row("aws:iam/rolePolicy:RolePolicy", "name", "PolicyName", IAM_NAME(128), iam("PutRolePolicy")),
    row("aws:iam/policy:Policy", "name", "PolicyName", IAM_NAME(128), iam("CreatePolicy")),
    row("aws:iam/policy:Policy", "description", "Description", length(0, 1000), iam("CreatePolicy")),
    row(
        "aws:iam/instanceProfile:InstanceProfile",
        "name",
        "InstanceProfileName",
        IAM_NAME(128),
        iam("CreateInstanceProfile"),
    ),
    // S3
    row(
        "aws:s3/bucket:Bucket",
        "bucket",
        "Bucket",
        pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    ),
    row(
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "rule.objectOwnership",
        "ObjectOwnership",
        oneOf("BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"),
        s3("OwnershipControlsRule"),
    ),
    row(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "rules[].applyServerSideEncryptionByDefault.sseAlgorithm",
        "SSEAlgorithm",
        oneOf("AES256", "aws:kms", "aws:kms:dsse"),
        s3("ServerSideEncryptionByDefault"),
    ),
    row(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "rules",
        "Rules",
        count(1, 1000),
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html (up to 1,000 rules)",
    ),
    row(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "rules[].id",
        "ID",
        length(0, 255),
        s3("LifecycleRule"),
    ),
    row(
        "aws:s3/bucketVersioning:BucketVersioning",
        "versioningConfiguration.status",
        "Status",
        oneOf("Enabled", "Suspended", "Disabled"),
        s3("VersioningConfiguration"),
    ),
];
