import { resourcePolicy } from "../../../lib/policy";
import { isUnknown } from "../../../lib/props";

/**
 * Lambda functions must reserve their concurrency (reservedConcurrentExecutions). Then one function can
 * neither starve the account's others nor scale without bound.
 */
export const lambdaFunctionReservedConcurrency = resourcePolicy({
    name: "lambda-function-reserved-concurrency",
    description: "Lambda functions must reserve their concurrency (reservedConcurrentExecutions).",
    enforcementLevel: "advisory",
    metadata: { severity: "low", checkov: ["CKV_AWS_115"] },
    resourceTypes: ["aws:lambda/function:Function"],
    check: (props) => {
        const reserved = props.reservedConcurrentExecutions;
        if (isUnknown(reserved) || (typeof reserved === "number" && reserved >= 0)) return [];
        return [
            `reservedConcurrentExecutions is ${String(reserved ?? "unset")} (unreserved); reserve what the function needs.`,
        ];
    },
});
