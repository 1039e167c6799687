import { resourcePolicy } from "../../../lib/policy";
import { requireTrue } from "../../../lib/props";
import { isApplication, LOAD_BALANCER_TYPES } from "./application";

/** Application Load Balancers must have deletion protection on. */
export const elbv2LoadBalancerDeletionProtection = resourcePolicy({
    name: "elbv2-load-balancer-deletion-protection",
    description: "Application Load Balancers must have deletion protection on.",
    enforcementLevel: "advisory",
    metadata: { severity: "low", fsbp: ["ELB.6"], checkov: ["CKV_AWS_150"] },
    resourceTypes: LOAD_BALANCER_TYPES,
    check: (props) => (isApplication(props) ? requireTrue(props, "enableDeletionProtection") : []),
});
