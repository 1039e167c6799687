import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { TASK_DEFINITION } from "./containers";

/**
 * ECS task definitions must not share the host's process namespace (`pidMode: host`): the containers
 * would see, and could signal, every process on the instance.
 */
export const ecsTaskDefinitionNoHostPid = resourcePolicy({
    name: "ecs-task-definition-no-host-pid",
    description: "ECS task definitions must not share the host's process namespace (pidMode host).",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["ECS.3"], checkov: ["CKV_AWS_335"] },
    resourceTypes: [TASK_DEFINITION],
    check: (props) =>
        str(props.pidMode) === "host" ? ["pidMode is host; use task (or leave it unset)."] : [],
});
