import { statementsOf } from "../../../lib/iam";
import { stackPolicy } from "../../../lib/policy";
import { record } from "../../../lib/props";
import { bucketsWithout } from "./companions";

/** Every S3 bucket must have a policy that denies requests over plain HTTP (aws:SecureTransport false). */
export const bucketTlsOnly = stackPolicy({
    name: "s3-bucket-tls-only",
    description:
        "Every S3 bucket must have a policy that denies requests over plain HTTP (aws:SecureTransport false).",
    enforcementLevel: "mandatory",
    metadata: { severity: "medium", fsbp: ["S3.5"], cdkNag: ["AwsSolutions-S10"] },
    check: (resources) =>
        bucketsWithout(
            resources,
            "aws:s3/bucketPolicy:BucketPolicy",
            (policy) => {
                const statements = statementsOf(policy.props.policy);
                // Unknown until the update (the document is built from the bucket ARN): judged then.
                if (statements === undefined) return true;
                return statements.some(
                    (s) =>
                        s.effect === "Deny" &&
                        String(record(record(s.condition).Bool)["aws:SecureTransport"]) === "false",
                );
            },
            (bucket) => `bucket '${bucket.name}' has no policy denying aws:SecureTransport false.`,
        ),
});
