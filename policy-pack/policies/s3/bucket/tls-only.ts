import { statementsOf, wildcardMatch, type Statement } from "../../../lib/iam";
import { stackPolicy } from "../../../lib/policy";
import type { StackResource } from "../../../lib/policy";
import { record, type Props } from "../../../lib/props";
import { bucketArnOf, bucketsWithout } from "./companions";

/** Condition operators under which `aws:SecureTransport: false` matches plain-HTTP requests. */
const BOOL_OPERATORS = ["Bool", "BoolIfExists"];

/**
 * True when the statement's condition matches every request that is not over TLS: only
 * `aws:SecureTransport` `false`, under `Bool` or `BoolIfExists`; any other key narrows the Deny.
 */
function matchesPlainHttp(s: Statement): boolean {
    const entries = Object.entries(s.condition).flatMap(([op, keys]) =>
        Object.entries(record(keys)).map(([key, value]) => ({ op, key: key.toLowerCase(), value })),
    );
    return (
        entries.length > 0 &&
        entries.every(
            (e) =>
                BOOL_OPERATORS.includes(e.op) &&
                e.key === "aws:securetransport" &&
                [e.value].flat().every((v) => String(v).toLowerCase() === "false"),
        )
    );
}

/** True when the statement covers every S3 action. */
const coversAllActions = (s: Statement): boolean =>
    !s.notAction && s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*");

/**
 * True when the statement covers the bucket and every object in it. With the bucket's ARN unknown (a
 * generated name in a preview) a pair `X` and `X/*` stands for it.
 */
function coversBucketAndObjects(s: Statement, arn: string | undefined): boolean {
    if (s.notResource) return false;
    if (s.resources.includes("*")) return true;
    if (arn !== undefined) {
        const covers = (target: string) => s.resources.some((r) => wildcardMatch(r, target));
        return covers(arn) && covers(`${arn}/any-object-key`);
    }
    return s.resources.some((r) => s.resources.includes(`${r}/*`));
}

/** True when the bucket policy denies plain HTTP to everyone, for every action, on bucket and objects. */
function deniesPlainHttp(policy: unknown, bucket: StackResource): boolean {
    const statements = statementsOf(policy);
    // Unknown until the update (the document is built from the bucket ARN): judged then.
    if (statements === undefined) return true;
    const arn = bucketArnOf(bucket);
    return statements.some(
        (s) =>
            s.effect === "Deny" &&
            s.principals.includes("*") &&
            !s.notPrincipal &&
            matchesPlainHttp(s) &&
            coversAllActions(s) &&
            coversBucketAndObjects(s, arn),
    );
}

/**
 * Every S3 bucket must have a policy that denies every S3 action over plain HTTP
 * (`aws:SecureTransport` false) to every principal, on the bucket and all its objects. A Deny that
 * covers only some actions (`s3:GetObject`), only the objects (`arn/*`), only some principals, or that
 * adds other conditions leaves plain HTTP open for the rest
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit).
 * The policy may be a `BucketPolicy` or the bucket's own `policy`.
 */
export const bucketTlsOnly = stackPolicy({
    name: "s3-bucket-tls-only",
    description:
        "Every S3 bucket must have a policy that denies every S3 action over plain HTTP (aws:SecureTransport false), on the bucket and all its objects.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["S3.5"], cdkNag: ["AwsSolutions-S10"], checkov: ["CKV_AWS_379"] },
    check: (resources) =>
        bucketsWithout(resources, {
            companionTypes: ["aws:s3/bucketPolicy:BucketPolicy"],
            accepts: (policy, bucket) => deniesPlainHttp(policy.props.policy, bucket),
            inline: (bucket) =>
                bucket.props.policy !== undefined && deniesPlainHttpInline(bucket.props, bucket),
            message: (bucket) =>
                `bucket '${bucket.name}' has no policy denying every S3 action on the bucket and its objects when aws:SecureTransport is false.`,
        }),
});

/** The bucket's own `policy` (a string or an object), judged like a BucketPolicy's. */
const deniesPlainHttpInline = (props: Props, bucket: StackResource): boolean =>
    deniesPlainHttp(typeof props.policy === "string" ? props.policy : JSON.stringify(props.policy), bucket);
