import { resourcePolicy } from "../../../lib/policy";
import { containersOf, TASK_DEFINITION } from "./containers";

/** ECS containers must run with a read-only root filesystem. */
export const ecsTaskDefinitionReadOnlyRoot = resourcePolicy({
    name: "ecs-task-definition-read-only-root",
    description: "ECS containers must run with a read-only root filesystem.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", fsbp: ["ECS.5"], checkov: ["CKV_AWS_336"] },
    resourceTypes: [TASK_DEFINITION],
    check: (props) =>
        (containersOf(props) ?? [])
            .filter((c) => c.definition.readonlyRootFilesystem !== true)
            .map(
                (c) =>
                    `container '${c.name}' has readonlyRootFilesystem ${String(c.definition.readonlyRootFilesystem ?? false)}; set it to true (mount a volume where it must write).`,
            ),
});
