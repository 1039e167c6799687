/**
 * Rate limits behind an HTTP API VPC link: a web ACL on a load balancer that API Gateway reaches
 * through a VPC link sees every request come from the link's network interfaces in the VPC
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html). A
 * rate-based rule that aggregates on the source IP (`IP`, WAF's default) then counts all callers as
 * one: "If a web request goes through one or more proxies or load balancers, this will contain the
 * address of the last proxy"
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html).
 * Such a rule must aggregate on an address the API passes on (`FORWARDED_IP`). Pure.
 */
import { list, obj, str, TYPES, type Inventory, type Item } from "../inventory";
import type { FlowFinding } from "./types";

const ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const LISTENER = "aws:lb/listener:Listener";
const INTEGRATION = "aws:apigatewayv2/integration:Integration";
const VPC_LINK = "aws:apigatewayv2/vpcLink:VpcLink";

/** The VPC links whose private integrations reach `lb` (through one of its listeners). */
function vpcLinksTo(inventory: Inventory, lb: Item): Item[] {
    const listeners = inventory.referrers(lb, "loadBalancerArn", [LISTENER]);
    return inventory
        .ofType(INTEGRATION)
        .filter((i) => str(i.props.connectionType) === "VPC_LINK")
        .filter((i) =>
            inventory
                .refs(i, "integrationUri", [LISTENER, TYPES.lb])
                .some((t) => t === lb || listeners.includes(t)),
        )
        .flatMap((i) => inventory.refs(i, "connectionId", [VPC_LINK]));
}

/** An error finding per rate-based rule that counts by source IP on a load balancer behind a VPC link. */
export function wafChecks(inventory: Inventory): FlowFinding[] {
    const findings: FlowFinding[] = [];
    for (const association of inventory.ofType(ASSOCIATION)) {
        const lb = inventory.ref(association, "resourceArn", [TYPES.lb]);
        const acl = inventory.ref(association, "webAclArn", [WEB_ACL]);
        if (!lb || !acl) continue;
        const links = vpcLinksTo(inventory, lb);
        if (links.length === 0) continue;
        for (const rule of list(acl.props.rules).map(obj)) {
            const rate = obj(obj(rule.statement).rateBasedStatement);
            if (Object.keys(rate).length === 0) continue;
            const key = str(rate.aggregateKeyType) ?? "IP";
            if (key !== "IP") continue;
            const limit = typeof rate.limit === "number" ? ` of ${rate.limit} requests` : "";
            const window = typeof rate.evaluationWindowSec === "number" ? rate.evaluationWindowSec : 300;
            findings.push({
                kind: "waf-rate-key",
                severity: "error",
                stack: acl.stack,
                message: `web ACL ${acl.name} on ${lb.name}: rate-based rule ${str(rule.name) ?? "?"} counts requests by source IP, but API Gateway reaches ${lb.name} through VPC link ${links.map((l) => l.name).join(", ")}, so every request comes from the link's network interfaces and all callers share one limit${limit} per ${window} s; aggregate on FORWARDED_IP with a header the API overwrites with the caller's address ($context.identity.sourceIp)`,
            });
        }
    }
    return findings;
}
