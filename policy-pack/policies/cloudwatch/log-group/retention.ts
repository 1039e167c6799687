import { resourcePolicy } from "../../../lib/policy";
import { isUnknown } from "../../../lib/props";

/** CloudWatch log groups must keep events for at least the minimum retention, and not forever. */
export const logGroupRetention = resourcePolicy<{ minRetentionDays: number }>({
    name: "cloudwatch-log-group-retention",
    description:
        "CloudWatch log groups must keep events for at least the minimum retention, and not forever.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["CloudWatch.16"], checkov: ["CKV_AWS_66", "CKV_AWS_338"] },
    configSchema: {
        properties: {
            minRetentionDays: {
                type: "integer",
                minimum: 1,
                default: 30,
                description: "Fewest days a log group may keep events (FSBP CloudWatch.16 asks for 365).",
            },
        },
    },
    resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
    check: (props, { config }) => {
        const days = props.retentionInDays;
        if (isUnknown(days)) return [];
        if (typeof days !== "number" || days === 0) {
            return [`retentionInDays is unset (kept forever); set at least ${config.minRetentionDays}.`];
        }
        return days >= config.minRetentionDays
            ? []
            : [`retentionInDays is ${days}; set at least ${config.minRetentionDays}.`];
    },
});
