import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, requireTrue } from "../../../lib/props";

/** DynamoDB tables must have point-in-time recovery on, keeping at least the minimum recovery period. */
export const dynamodbTablePointInTimeRecovery = resourcePolicy<{ minRecoveryPeriodDays: number }>({
    name: "dynamodb-table-point-in-time-recovery",
    description:
        "DynamoDB tables must have point-in-time recovery on, keeping at least the minimum recovery period.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        fsbp: ["DynamoDB.2"],
        cdkNag: ["AwsSolutions-DDB3"],
        checkov: ["CKV_AWS_28"],
    },
    configSchema: {
        properties: {
            minRecoveryPeriodDays: {
                type: "integer",
                minimum: 1,
                maximum: 35,
                default: 7,
                description:
                    "Fewest days a table must be restorable to (AWS keeps 35 unless told otherwise).",
            },
        },
    },
    resourceTypes: ["aws:dynamodb/table:Table"],
    check: (props, { config }) => {
        const off = requireTrue(props, "pointInTimeRecovery.enabled");
        if (off.length > 0) return off;
        const days = at(props, "pointInTimeRecovery.recoveryPeriodInDays");
        if (isUnknown(days) || typeof days !== "number") return [];
        return days >= config.minRecoveryPeriodDays
            ? []
            : [
                  `pointInTimeRecovery.recoveryPeriodInDays is ${days}; keep at least ${config.minRecoveryPeriodDays}.`,
              ];
    },
});
