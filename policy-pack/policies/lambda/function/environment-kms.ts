import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, record } from "../../../lib/props";

/**
 * Lambda functions with environment variables must encrypt them with a customer-managed KMS key. Then
 * the key policy (of `kmsKeyArn`) decides who can read them.
 */
export const lambdaFunctionEnvironmentKms = resourcePolicy({
    name: "lambda-function-environment-kms",
    description:
        "Lambda functions with environment variables must encrypt them with a customer-managed KMS key.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", checkov: ["CKV_AWS_173"] },
    resourceTypes: ["aws:lambda/function:Function"],
    check: (props) => {
        const variables = at(props, "environment.variables");
        if (isUnknown(variables) || Object.keys(record(variables)).length === 0) return [];
        if (isUnknown(props.kmsKeyArn)) return [];
        return props.kmsKeyArn === undefined || props.kmsKeyArn === ""
            ? [
                  "environment.variables are encrypted with the AWS managed key (kmsKeyArn is unset); set a customer-managed KMS key.",
              ]
            : [];
    },
});
