/** A log bucket as LogBucket declares it: bucket, public access block, encryption and TLS-only policy. */
import type { StackResource } from "../../../../../policy-pack/lib/policy";
import { res } from "../../../support";

export const bucket = res("aws:s3/bucket:Bucket", "logs", {
    bucket: "logs-1234",
    arn: "arn:aws:s3:::logs-1234",
});
const on = { bucket: "logs-1234" };
export const publicAccessBlock = res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs-pab", {
    ...on,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});
export const encryption = res(
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "logs-sse",
    {},
    { propertyDependencies: { bucket: [bucket] } },
);
const tlsOnly = {
    Statement: [
        {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::logs-1234", "arn:aws:s3:::logs-1234/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
};
export const bucketPolicy = res("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", {
    ...on,
    policy: JSON.stringify(tlsOnly),
});

/** The compliant scenario. */
export const compliant: StackResource[] = [bucket, publicAccessBlock, encryption, bucketPolicy];

/** The compliant scenario with `companion` replaced (or removed). */
export const without = (companion: StackResource, replacement?: StackResource): StackResource[] =>
    compliant.flatMap((r) => (r === companion ? (replacement ? [replacement] : []) : [r]));
