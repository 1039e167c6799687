import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";

/**
 * Runtimes on Lambda's standard support with no deprecation due within a year of this pack's release
 * (Lambda runtime support policy).
 */
export const SUPPORTED_RUNTIMES = [
    "nodejs22.x",
    "nodejs24.x",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
    "java17",
    "java21",
    "java25",
    "dotnet8",
    "dotnet10",
    "ruby3.3",
    "ruby3.4",
    "provided.al2023",
];

/**
 * Lambda functions must use a runtime from the allowed list (runtimes still patched by AWS). Container
 * image functions bring their own runtime and are not checked.
 */
export const lambdaFunctionSupportedRuntime = resourcePolicy<{ allowedRuntimes: string[] }>({
    name: "lambda-function-supported-runtime",
    description: "Lambda functions must use a runtime from the allowed list (runtimes still patched by AWS).",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        fsbp: ["Lambda.2"],
        cdkNag: ["AwsSolutions-L1"],
        checkov: ["CKV_AWS_363"],
    },
    configSchema: {
        properties: {
            allowedRuntimes: {
                type: "array",
                items: { type: "string" },
                default: SUPPORTED_RUNTIMES,
                description: "Runtime identifiers a zip-packaged function may use.",
            },
        },
    },
    resourceTypes: ["aws:lambda/function:Function"],
    check: (props, { config }) => {
        if (str(props.packageType) === "Image") return [];
        const runtime = str(props.runtime);
        if (runtime === undefined || config.allowedRuntimes.includes(runtime)) return [];
        return [`runtime '${runtime}' is not in allowedRuntimes (${config.allowedRuntimes.join(", ")}).`];
    },
});
