import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { list, record, str } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";
import {
    isApplication,
    isInternetFacing,
    LISTENER_TYPES,
    LOAD_BALANCER_TYPES,
} from "../load-balancer/application";

/**
 * HTTP listeners of internet-facing Application Load Balancers must redirect to HTTPS. Whether the
 * load balancer is internet-facing is a property of the load balancer, not of the listener, so the
 * policy follows the listener's `loadBalancerArn` to it (by property dependency in a preview, by ARN
 * after an update); internal load balancers may serve plain HTTP. A load balancer outside the stack
 * is taken as internet-facing, as AWS's default is.
 */
export const elbv2ListenerHttpRedirectsHttps = stackPolicy({
    name: "elbv2-listener-http-redirects-https",
    description: "HTTP listeners of internet-facing Application Load Balancers must redirect to HTTPS.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["ELB.1"], checkov: ["CKV_AWS_2", "CKV2_AWS_20"] },
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const listener of graph.ofType(...LISTENER_TYPES)) {
            if ((str(listener.props.protocol) ?? "HTTP").toUpperCase() !== "HTTP") continue;
            const balancers = graph.targets(listener, "loadBalancerArn", ...LOAD_BALANCER_TYPES);
            if (balancers.some((lb) => !isApplication(lb.props) || !isInternetFacing(lb.props))) continue;
            const redirects = list(listener.props.defaultActions)
                .map(record)
                .some(
                    (action) =>
                        str(action.type) === "redirect" &&
                        str(record(action.redirect).protocol)?.toUpperCase() === "HTTPS",
                );
            if (redirects) continue;
            const lb = balancers[0] ? `'${balancers[0].name}'` : "outside this stack";
            found.push({
                urn: listener.urn,
                message: `HTTP listener '${listener.name}' of internet-facing load balancer ${lb} does not redirect to HTTPS; make its default action a redirect with protocol HTTPS.`,
            });
        }
        return found;
    },
});
