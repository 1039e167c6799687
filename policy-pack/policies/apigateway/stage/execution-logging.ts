import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { ALL_METHODS, methodSettingsOf, STAGE } from "./method-settings";

const LEVELS = ["ERROR", "INFO"];

/**
 * API Gateway REST API stages must log execution at ERROR or INFO for every method. AWS models this as
 * an `aws.apigateway.MethodSettings` resource for the stage (method path `*\/*`), not as a stage
 * setting, so only the stack shows whether a stage has one; a method-level entry must not turn logging
 * back off.
 */
export const apigatewayStageExecutionLogging = stackPolicy({
    name: "apigateway-stage-execution-logging",
    description: "API Gateway REST API stages must log execution at ERROR or INFO for every method.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        fsbp: ["APIGateway.1"],
        cdkNag: ["AwsSolutions-APIG6"],
        checkov: ["CKV2_AWS_4"],
    },
    subjectType: STAGE,
    check: (resources) => {
        const found: StackViolation[] = [];
        for (const stage of resources.filter((r) => r.type === STAGE)) {
            const entries = methodSettingsOf(resources, stage);
            const all = entries.filter((e) => e.methodPath === ALL_METHODS);
            if (all.length === 0) {
                found.push({
                    urn: stage.urn,
                    message: `stage '${stage.name}' has no MethodSettings for '${ALL_METHODS}'; log execution at ERROR or INFO for every method.`,
                });
            }
            for (const entry of entries) {
                const level = str(entry.settings.loggingLevel)?.toUpperCase() ?? "OFF";
                const explicit = entry.settings.loggingLevel !== undefined;
                if (LEVELS.includes(level) || (entry.methodPath !== ALL_METHODS && !explicit)) continue;
                found.push({
                    urn: entry.resource.urn,
                    message: `stage '${stage.name}' logs execution at '${level}' for '${entry.methodPath ?? "?"}'; set loggingLevel to ERROR or INFO.`,
                });
            }
        }
        return found;
    },
});
