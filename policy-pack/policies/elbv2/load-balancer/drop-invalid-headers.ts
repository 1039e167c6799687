import { resourcePolicy } from "../../../lib/policy";
import { requireTrue } from "../../../lib/props";
import { isApplication, LOAD_BALANCER_TYPES } from "./application";

/** Application Load Balancers must drop HTTP headers with invalid names (dropInvalidHeaderFields). */
export const elbv2LoadBalancerDropInvalidHeaders = resourcePolicy({
    name: "elbv2-load-balancer-drop-invalid-headers",
    description:
        "Application Load Balancers must drop HTTP headers with invalid names (dropInvalidHeaderFields).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["ELB.4"], checkov: ["CKV_AWS_131"] },
    resourceTypes: LOAD_BALANCER_TYPES,
    check: (props) => (isApplication(props) ? requireTrue(props, "dropInvalidHeaderFields") : []),
});
