import { statementsOf } from "../../../lib/iam";
import type { StackResource } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { list, record, str } from "../../../lib/props";
import type { StackGraph } from "../../../lib/stack";
import { bucketsWithout } from "./companions";

/** Service principals that deliver logs into S3 buckets. */
const LOG_DELIVERY_PRINCIPALS = [
    "delivery.logs.amazonaws.com", // VPC flow logs, Network Firewall, WAF, Route 53 Resolver, ...
    "logging.s3.amazonaws.com", // S3 server access logs
    "logdelivery.elasticloadbalancing.amazonaws.com", // ELB access logs
];

/** Inputs through which other resources name the bucket their logs go to. */
const LOG_DESTINATION_FIELDS = [
    "logging",
    "loggings",
    "targetBucket",
    "accessLogs",
    "logDestination",
    "loggingConfiguration",
    "logDestinationConfigs",
];

/**
 * True for a bucket that receives logs: AWS log delivery may write to it (its policy), or another
 * resource of the stack sends its logs there. Logging access to a log bucket into another bucket only
 * moves the question, and into itself loops
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html).
 */
function isLogBucket(bucket: StackResource, graph: StackGraph): boolean {
    const policies = [
        bucket.props.policy,
        ...graph.referrers(bucket, "bucket", "aws:s3/bucketPolicy:BucketPolicy").map((p) => p.props.policy),
    ];
    const delivered = policies.some((policy) =>
        (statementsOf(policy) ?? []).some(
            (s) =>
                s.effect === "Allow" &&
                s.principals.some((p) => LOG_DELIVERY_PRINCIPALS.includes(p)) &&
                s.actions.some((a) => /^s3:(putobject|\*)$/i.test(a)),
        ),
    );
    if (delivered) return true;
    const names = [str(bucket.props.bucket), str(bucket.props.id), str(bucket.props.arn)].filter(
        (n): n is string => n !== undefined && n !== "",
    );
    return graph.resources.some(
        (r) =>
            r !== bucket &&
            LOG_DESTINATION_FIELDS.some(
                (field) =>
                    (r.propertyDependencies[field] ?? []).includes(bucket.urn) ||
                    JSON.stringify(r.props[field] ?? null)
                        .split('"')
                        .some((v) => names.includes(v)),
            ),
    );
}

/**
 * Every S3 bucket must log server access (a `BucketLogging` or the bucket's own `logging`), except
 * buckets that receive logs themselves.
 */
export const bucketAccessLogging = stackPolicy({
    name: "s3-bucket-access-logging",
    description: "Every S3 bucket must log server access, except buckets that receive logs themselves.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["S3.9"], cdkNag: ["AwsSolutions-S1"], checkov: ["CKV_AWS_18"] },
    check: (resources) =>
        bucketsWithout(resources, {
            companionTypes: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
            accepts: () => true,
            inline: (bucket) =>
                str(record(bucket.props.logging).targetBucket) !== undefined ||
                list(bucket.props.loggings).some((l) => str(record(l).targetBucket) !== undefined),
            exempt: isLogBucket,
            message: (bucket) =>
                `bucket '${bucket.name}' has no server access logging; add a BucketLogging to a log bucket.`,
        }),
});
