import { resourcePolicy } from "../../../lib/policy";
import { containersOf, TASK_DEFINITION } from "./containers";

/** ECS containers must not run privileged (root on the host). */
export const ecsTaskDefinitionNotPrivileged = resourcePolicy({
    name: "ecs-task-definition-not-privileged",
    description: "ECS containers must not run privileged (root on the host).",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["ECS.4"] },
    resourceTypes: [TASK_DEFINITION],
    check: (props) =>
        (containersOf(props) ?? [])
            .filter((c) => c.definition.privileged === true)
            .map((c) => `container '${c.name}' is privileged; remove privileged.`),
});
