import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record, str } from "../../../lib/props";

/** ECS clusters must have CloudWatch Container Insights on (`enabled` or `enhanced`). */
export const ecsClusterContainerInsights = resourcePolicy({
    name: "ecs-cluster-container-insights",
    description: "ECS clusters must have CloudWatch Container Insights on (`enabled` or `enhanced`).",
    enforcementLevel: "advisory",
    metadata: {
        severity: "low",
        fsbp: ["ECS.12"],
        cdkNag: ["AwsSolutions-ECS4"],
        checkov: ["CKV_AWS_65"],
    },
    resourceTypes: ["aws:ecs/cluster:Cluster"],
    check: (props) => {
        if (isUnknown(props.settings)) return [];
        const setting = list(props.settings)
            .map(record)
            .find((s) => s.name === "containerInsights");
        if (setting !== undefined && isUnknown(setting.value)) return [];
        const value = str(setting?.value);
        return value === "enabled" || value === "enhanced"
            ? []
            : [`settings containerInsights is '${value ?? "disabled"}'; set it to 'enabled' or 'enhanced'.`];
    },
});
