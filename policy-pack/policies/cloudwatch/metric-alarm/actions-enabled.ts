import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list } from "../../../lib/props";

/**
 * CloudWatch alarms must have their actions enabled and notify someone when they fire
 * (`alarmActions`). An alarm that only feeds a Route 53 health check or a composite alarm needs no
 * action of its own: list its name in `alarmsWithoutActions`.
 */
export const cloudwatchMetricAlarmActionsEnabled = resourcePolicy<{ alarmsWithoutActions: string[] }>({
    name: "cloudwatch-metric-alarm-actions-enabled",
    description: "CloudWatch alarms must have actions enabled and an action for the ALARM state.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["CloudWatch.15", "CloudWatch.17"], checkov: ["CKV_AWS_319"] },
    configSchema: {
        properties: {
            alarmsWithoutActions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Resource names of alarms that need no action of their own.",
            },
        },
    },
    resourceTypes: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    check: (props, { name, config }) => {
        if (config.alarmsWithoutActions.includes(name)) return [];
        const found: string[] = [];
        if (props.actionsEnabled === false) found.push("actionsEnabled is false; set it to true.");
        if (!isUnknown(props.alarmActions) && list(props.alarmActions).length === 0) {
            found.push("alarmActions is empty; notify an SNS topic (or act) when the alarm fires.");
        }
        return found;
    },
});
