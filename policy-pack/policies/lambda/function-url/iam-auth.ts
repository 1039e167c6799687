import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";

/** Lambda function URLs must require IAM authentication (`AWS_IAM`), never be public (`NONE`). */
export const lambdaFunctionUrlIamAuth = resourcePolicy({
    name: "lambda-function-url-iam-auth",
    description:
        "Lambda function URLs must require IAM authentication (`AWS_IAM`), never be public (`NONE`).",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", fsbp: ["Lambda.1"], checkov: ["CKV_AWS_258"] },
    resourceTypes: ["aws:lambda/functionUrl:FunctionUrl"],
    check: (props) =>
        str(props.authorizationType)?.toUpperCase() === "NONE"
            ? [
                  "authorizationType is NONE: anyone on the internet can invoke the function; set it to AWS_IAM.",
              ]
            : [],
});
