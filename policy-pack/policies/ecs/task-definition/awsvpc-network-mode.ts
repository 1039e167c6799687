import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";
import { TASK_DEFINITION } from "./containers";

/**
 * ECS task definitions must use the awsvpc network mode. Each task then has its own network interface
 * and security groups; `host` shares the instance's network namespace and `bridge` its security
 * groups. Unset means `bridge` on EC2 (Windows: `default`).
 */
export const ecsTaskDefinitionAwsvpcNetworkMode = resourcePolicy({
    name: "ecs-task-definition-awsvpc-network-mode",
    description: "ECS task definitions must use the awsvpc network mode.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium" },
    resourceTypes: [TASK_DEFINITION],
    check: (props) => {
        if (isUnknown(props.networkMode)) return [];
        const mode = str(props.networkMode);
        if (mode === "awsvpc") return [];
        return [
            `networkMode is '${mode ?? "bridge"}'${mode === undefined ? " (unset)" : ""}; set it to 'awsvpc' so each task has its own interface and security groups.`,
        ];
    },
});
