import { stackPolicy } from "../../../lib/policy";
import { record, str } from "../../../lib/props";
import { bucketsWithout } from "./companions";

/**
 * Every S3 bucket must disable ACLs (object ownership `BucketOwnerEnforced`), so access is decided by
 * policies alone and objects other accounts write belong to the bucket owner
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
 */
export const bucketOwnershipControls = stackPolicy({
    name: "s3-bucket-ownership-controls",
    description:
        "Every S3 bucket must disable ACLs through ownership controls with object ownership BucketOwnerEnforced.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["S3.12"], checkov: ["CKV2_AWS_65"] },
    check: (resources) =>
        bucketsWithout(resources, {
            companionTypes: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
            accepts: (controls) => str(record(controls.props.rule).objectOwnership) === "BucketOwnerEnforced",
            message: (bucket) =>
                `bucket '${bucket.name}' has no ownership controls with objectOwnership BucketOwnerEnforced (ACLs disabled).`,
        }),
});
