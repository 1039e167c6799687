import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, str } from "../../../lib/props";

/**
 * Auto Scaling groups behind a load balancer must use its health checks (`healthCheckType: ELB`), so an
 * instance the load balancer finds unhealthy is replaced, not only one whose EC2 status fails.
 */
export const autoscalingGroupElbHealthCheck = resourcePolicy({
    name: "autoscaling-group-elb-health-check",
    description:
        "Auto Scaling groups behind a load balancer must use its health checks (healthCheckType ELB).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["AutoScaling.1"], checkov: ["CKV2_AWS_15"] },
    resourceTypes: ["aws:autoscaling/group:Group"],
    check: (props) => {
        const balanced =
            list(props.targetGroupArns).length > 0 ||
            list(props.loadBalancers).length > 0 ||
            list(props.trafficSources).length > 0 ||
            isUnknown(props.targetGroupArns);
        if (!balanced || isUnknown(props.healthCheckType)) return [];
        const type = str(props.healthCheckType) ?? "EC2";
        return type === "ELB" ? [] : [`healthCheckType is ${type} behind a load balancer; set it to ELB.`];
    },
});
