import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, str } from "../../../lib/props";

/**
 * DynamoDB tables must be encrypted with a customer-managed KMS key. Without `serverSideEncryption`
 * a table uses a key AWS owns; with it but without `kmsKeyArn` (or with the `alias/aws/dynamodb`
 * alias) it uses the AWS managed key: neither lets the key policy decide who may read the data.
 */
export const dynamodbTableKmsEncrypted = resourcePolicy({
    name: "dynamodb-table-kms-encrypted",
    description: "DynamoDB tables must be encrypted with a customer-managed KMS key.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", checkov: ["CKV_AWS_119"] },
    resourceTypes: ["aws:dynamodb/table:Table"],
    check: (props) => {
        const enabled = at(props, "serverSideEncryption.enabled");
        const key = at(props, "serverSideEncryption.kmsKeyArn");
        if (isUnknown(enabled) || isUnknown(key)) return [];
        if (enabled !== true) {
            return [
                `serverSideEncryption.enabled is ${String(enabled ?? false)} (a key AWS owns); enable it with a customer-managed kmsKeyArn.`,
            ];
        }
        const arn = str(key);
        if (arn === undefined || arn === "") {
            return [
                "serverSideEncryption.kmsKeyArn is unset (the AWS managed key); set a customer-managed KMS key.",
            ];
        }
        return /:alias\/aws\/|^alias\/aws\//.test(arn)
            ? [
                  `serverSideEncryption.kmsKeyArn '${arn}' is the AWS managed key; set a customer-managed KMS key.`,
              ]
            : [];
    },
});
