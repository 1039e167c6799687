import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { isApplication, LOAD_BALANCER_TYPES } from "./application";

/**
 * Application Load Balancers must mitigate HTTP desync (request smuggling) in `defensive` or
 * `strictest` mode; `monitor` forwards ambiguous requests. Unset means `defensive`, AWS's default
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode).
 */
export const elbv2LoadBalancerDesyncMitigation = resourcePolicy({
    name: "elbv2-load-balancer-desync-mitigation",
    description: "Application Load Balancers must mitigate HTTP desync in defensive or strictest mode.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["ELB.12"], checkov: ["CKV_AWS_328"] },
    resourceTypes: LOAD_BALANCER_TYPES,
    check: (props) => {
        if (!isApplication(props)) return [];
        const mode = str(props.desyncMitigationMode);
        return mode === undefined || ["defensive", "strictest"].includes(mode)
            ? []
            : [`desyncMitigationMode is ${mode}; set it to defensive or strictest.`];
    },
});
