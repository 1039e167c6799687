import { resourcePolicy } from "../../../lib/policy";
import { at } from "../../../lib/props";

/** ECS services and task sets must not assign public IP addresses to their tasks. */
export const ecsServiceNoPublicIp = resourcePolicy({
    name: "ecs-service-no-public-ip",
    description: "ECS services and task sets must not assign public IP addresses to their tasks.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["ECS.2", "ECS.16"], checkov: ["CKV_AWS_333"] },
    resourceTypes: ["aws:ecs/service:Service", "aws:ecs/taskSet:TaskSet"],
    check: (props) =>
        at(props, "networkConfiguration.assignPublicIp") === true
            ? [
                  "networkConfiguration.assignPublicIp is true: tasks get addresses reachable from the internet; set it to false.",
              ]
            : [],
});
