import { stackPolicy } from "../../../lib/policy";
import { bucketsWithout } from "./companions";

const SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** Every S3 bucket must have a public access block with all four settings on. */
export const bucketPublicAccessBlock = stackPolicy({
    name: "s3-bucket-public-access-block",
    description: "Every S3 bucket must have a public access block with all four settings on.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["S3.8"], cdkNag: ["AwsSolutions-S2"], checkov: ["CKV2_AWS_6"] },
    check: (resources) =>
        bucketsWithout(resources, {
            companionTypes: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
            accepts: (block) => SETTINGS.every((s) => block.props[s] === true),
            message: (bucket) =>
                `bucket '${bucket.name}' has no public access block with ${SETTINGS.join(", ")} all true.`,
        }),
});
