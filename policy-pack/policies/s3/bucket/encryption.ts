import { stackPolicy } from "../../../lib/policy";
import { bucketsWithout } from "./companions";

/** Every S3 bucket must have a default server-side encryption configuration. */
export const bucketEncryption = stackPolicy({
    name: "s3-bucket-encryption",
    description: "Every S3 bucket must have a default server-side encryption configuration.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", checkov: ["CKV_AWS_145"] },
    check: (resources) =>
        bucketsWithout(
            resources,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            () => true,
            (bucket) => `bucket '${bucket.name}' has no server-side encryption configuration.`,
        ),
});
