import { stackPolicy } from "../../../lib/policy";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";
import { isApplication, isInternetFacing, LOAD_BALANCER_TYPES } from "./application";

/**
 * Every internet-facing Application Load Balancer must have a WAF web ACL association. Internal load
 * balancers are reached only through the network, behind the hub's inspection, and are not checked.
 */
export const elbv2LoadBalancerWafAssociation = stackPolicy({
    name: "elbv2-load-balancer-waf-association",
    description: "Every internet-facing Application Load Balancer must have a WAF web ACL association.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", checkov: ["CKV2_AWS_28"] },
    check: (resources) => {
        const graph = new StackGraph(resources);
        return graph
            .ofType(...LOAD_BALANCER_TYPES)
            .filter((lb) => isApplication(lb.props) && isInternetFacing(lb.props))
            .filter((lb) => graph.referrers(lb, "resourceArn", T.webAclAssociation).length === 0)
            .map((lb) => ({
                urn: lb.urn,
                message: `internet-facing load balancer '${lb.name}' has no web ACL association; associate a WAF web ACL with it.`,
            }));
    },
});
