import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, str } from "../../../lib/props";
import { LOAD_BALANCER_TYPES } from "./application";

/**
 * Application and Network Load Balancers must write access logs to S3. Gateway Load Balancers have no
 * access logs (https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/): they are skipped.
 */
export const elbv2LoadBalancerAccessLogs = resourcePolicy({
    name: "elbv2-load-balancer-access-logs",
    description: "Application and Network Load Balancers must write access logs to S3.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        fsbp: ["ELB.5"],
        cdkNag: ["AwsSolutions-ELB2"],
        checkov: ["CKV_AWS_91"],
    },
    resourceTypes: LOAD_BALANCER_TYPES,
    check: (props) => {
        if ((str(props.loadBalancerType) ?? "application") === "gateway") return [];
        const enabled = at(props, "accessLogs.enabled");
        const bucket = at(props, "accessLogs.bucket");
        if (isUnknown(enabled) || isUnknown(bucket)) return [];
        if (enabled !== true) return [`accessLogs.enabled is ${String(enabled ?? false)}; set it to true.`];
        return typeof bucket === "string" && bucket !== ""
            ? []
            : ["accessLogs.bucket is unset; name the S3 bucket for the logs."];
    },
});
