import { stackPolicy } from "../../../lib/policy";
import { list, record } from "../../../lib/props";
import { bucketsWithout } from "./companions";

/**
 * Every S3 bucket must have a default server-side encryption configuration: a separate
 * `BucketServerSideEncryptionConfiguration` (the v7 way), or the bucket's own
 * `serverSideEncryptionConfiguration` (`aws.s3.Bucket`) or `serverSideEncryptionConfigurations`
 * (`aws.s3.BucketV2`), with a rule that names the algorithm.
 */
export const bucketEncryption = stackPolicy({
    name: "s3-bucket-encryption",
    description: "Every S3 bucket must have a default server-side encryption configuration.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", checkov: ["CKV_AWS_145"] },
    check: (resources) =>
        bucketsWithout(resources, {
            companionTypes: [
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            ],
            accepts: () => true,
            inline: (bucket) =>
                [
                    record(bucket.props.serverSideEncryptionConfiguration),
                    ...list(bucket.props.serverSideEncryptionConfigurations).map(record),
                ].some((config) =>
                    [...list(config.rules), ...(config.rule ? [config.rule] : [])]
                        .map(record)
                        .some(
                            (rule) =>
                                record(rule.applyServerSideEncryptionByDefault).sseAlgorithm !== undefined,
                        ),
                ),
            message: (bucket) => `bucket '${bucket.name}' has no server-side encryption configuration.`,
        }),
});
