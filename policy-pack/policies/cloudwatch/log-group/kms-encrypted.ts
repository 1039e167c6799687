import { resourcePolicy } from "../../../lib/policy";

/** CloudWatch log groups must be encrypted with a customer-managed KMS key. */
export const logGroupKmsEncrypted = resourcePolicy({
    name: "cloudwatch-log-group-kms-encrypted",
    description: "CloudWatch log groups must be encrypted with a customer-managed KMS key.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", checkov: ["CKV_AWS_158"] },
    resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
    check: (props) =>
        props.kmsKeyId === undefined || props.kmsKeyId === ""
            ? ["kmsKeyId is unset; encrypt the group with a KMS key."]
            : [],
});
