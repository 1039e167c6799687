import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown } from "../../../lib/props";

/** Lambda functions must trace requests with AWS X-Ray (`tracingConfig.mode` Active). */
export const lambdaFunctionTracing = resourcePolicy({
    name: "lambda-function-tracing",
    description: "Lambda functions must trace requests with AWS X-Ray (`tracingConfig.mode` Active).",
    enforcementLevel: "advisory",
    metadata: { severity: "low", fsbp: ["Lambda.7"], checkov: ["CKV_AWS_50"] },
    resourceTypes: ["aws:lambda/function:Function"],
    check: (props) => {
        const mode = at(props, "tracingConfig.mode");
        if (mode === "Active" || isUnknown(mode)) return [];
        return [`tracingConfig.mode is '${String(mode ?? "PassThrough")}'; set it to 'Active'.`];
    },
});
