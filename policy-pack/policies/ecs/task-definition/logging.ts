import { resourcePolicy } from "../../../lib/policy";
import { record, str } from "../../../lib/props";
import { containersOf, TASK_DEFINITION } from "./containers";

/** ECS containers must send their logs somewhere (logConfiguration with a log driver). */
export const ecsTaskDefinitionLogging = resourcePolicy({
    name: "ecs-task-definition-logging",
    description: "ECS containers must send their logs somewhere (logConfiguration with a log driver).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["ECS.9"], cdkNag: ["AwsSolutions-ECS7"] },
    resourceTypes: [TASK_DEFINITION],
    check: (props) =>
        (containersOf(props) ?? [])
            .filter((c) => !str(record(c.definition.logConfiguration).logDriver))
            .map(
                (c) =>
                    `container '${c.name}' has no logConfiguration.logDriver; send its logs to CloudWatch (awslogs) or FireLens.`,
            ),
});
