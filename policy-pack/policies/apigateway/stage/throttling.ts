import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { ALL_METHODS, methodSettingsOf, STAGE } from "./method-settings";

/**
 * API Gateway REST API stages must throttle every method, within the configured maximums. Like
 * execution logging, throttling is an `aws.apigateway.MethodSettings` resource (method path `*\/*`),
 * so the policy looks at the stack; unset or -1 means no stage throttle (only the account's).
 */
export const apigatewayStageThrottling = stackPolicy<{ maxRateLimit: number; maxBurstLimit: number }>({
    name: "apigateway-stage-throttling",
    description: "API Gateway REST API stages must throttle every method, within the configured maximums.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium" },
    subjectType: STAGE,
    configSchema: {
        properties: {
            maxRateLimit: {
                type: "number",
                minimum: 1,
                default: 10000,
                description: "Highest steady-state rate (requests per second) a stage may allow.",
            },
            maxBurstLimit: {
                type: "integer",
                minimum: 1,
                default: 5000,
                description: "Highest burst (requests) a stage may allow.",
            },
        },
    },
    check: (resources, config) => {
        const found: StackViolation[] = [];
        for (const stage of resources.filter((r) => r.type === STAGE)) {
            const all = methodSettingsOf(resources, stage).filter((e) => e.methodPath === ALL_METHODS);
            if (all.length === 0) {
                found.push({
                    urn: stage.urn,
                    message: `stage '${stage.name}' has no MethodSettings for '${ALL_METHODS}'; throttle every method (throttlingRateLimit and throttlingBurstLimit).`,
                });
            }
            for (const entry of all) {
                const limits = [
                    ["throttlingRateLimit", config.maxRateLimit],
                    ["throttlingBurstLimit", config.maxBurstLimit],
                ] as const;
                for (const [field, max] of limits) {
                    const value = entry.settings[field];
                    if (typeof value !== "number" || value <= 0) {
                        found.push({
                            urn: entry.resource.urn,
                            message: `stage '${stage.name}' does not throttle '${ALL_METHODS}': ${field} is ${String(value ?? "unset")}; set it between 1 and ${max}.`,
                        });
                    } else if (value > max) {
                        found.push({
                            urn: entry.resource.urn,
                            message: `stage '${stage.name}' allows ${field} ${value} for '${ALL_METHODS}'; keep it at most ${max}.`,
                        });
                    }
                }
            }
        }
        return found;
    },
});
