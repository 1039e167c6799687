import { expect } from "chai";
import { Inventory, TYPES, type RecordedLike } from "../../../../cli/plan/inventory";
import { wafChecks } from "../../../../cli/plan/flows/waf";
import { rec } from "../topologies";

const STACK = "spoke-pets-dev";

/**
 * An internal ALB with a web ACL whose rate rule aggregates on `key` (undefined: WAF's default, the
 * source IP); `behindVpcLink`: an HTTP API reaches it through a VPC link, as the ecs-api workload does.
 */
function albWithRateRule(key: "IP" | "FORWARDED_IP" | undefined, behindVpcLink: boolean): Inventory {
    const out: RecordedLike[] = [];
    const add = (r: RecordedLike) => (out.push(r), r);
    const alb = add(rec(STACK, TYPES.lb, "pets-alb", { internal: true, loadBalancerType: "application" }));
    const listener = add(
        rec(
            STACK,
            "aws:lb/listener:Listener",
            "pets-listener",
            { port: 80 },
            { refs: { loadBalancerArn: [alb] } },
        ),
    );
    const acl = add(
        rec(STACK, "aws:wafv2/webAcl:WebAcl", "pets-waf-acl", {
            rules: [
                {
                    name: "rate-limit-per-ip",
                    action: { block: {} },
                    statement: {
                        rateBasedStatement: {
                            limit: 1000,
                            evaluationWindowSec: 60,
                            ...(key ? { aggregateKeyType: key } : {}),
                            ...(key === "FORWARDED_IP"
                                ? {
                                      forwardedIpConfig: {
                                          headerName: "x-client-ip",
                                          fallbackBehavior: "MATCH",
                                      },
                                  }
                                : {}),
                        },
                    },
                },
            ],
        }),
    );
    add(
        rec(
            STACK,
            "aws:wafv2/webAclAssociation:WebAclAssociation",
            "pets-waf-assoc-alb",
            {},
            { refs: { resourceArn: [alb], webAclArn: [acl] } },
        ),
    );
    if (behindVpcLink) {
        const link = add(rec(STACK, "aws:apigatewayv2/vpcLink:VpcLink", "pets-vpc-link", {}));
        add(
            rec(
                STACK,
                "aws:apigatewayv2/integration:Integration",
                "pets-alb-integration",
                { connectionType: "VPC_LINK", integrationType: "HTTP_PROXY" },
                { refs: { integrationUri: [listener], connectionId: [link] } },
            ),
        );
    }
    return new Inventory([{ name: STACK, accountId: "333333333333", region: "eu-west-1", resources: out }]);
}

describe("flows: rate limits behind a VPC link", () => {
    it("flags a per-source-IP rate rule on an ALB that API Gateway reaches through a VPC link", () => {
        for (const key of ["IP", undefined] as const) {
            expect(
                wafChecks(albWithRateRule(key, true)).map((f) => [f.severity, f.message]),
                String(key),
            ).to.deep.equal([
                [
                    "error",
                    "web ACL pets-waf-acl on pets-alb: rate-based rule rate-limit-per-ip counts requests by source IP, but API Gateway reaches pets-alb through VPC link pets-vpc-link, so every request comes from the link's network interfaces and all callers share one limit of 1000 requests per 60 s; aggregate on FORWARDED_IP with a header the API overwrites with the caller's address ($context.identity.sourceIp)",
                ],
            ]);
        }
    });

    it("accepts a rule that counts the address the API passes on", () => {
        expect(wafChecks(albWithRateRule("FORWARDED_IP", true))).to.deep.equal([]);
    });

    it("accepts a per-source-IP rule where clients reach the load balancer directly", () => {
        expect(wafChecks(albWithRateRule("IP", false))).to.deep.equal([]);
    });
});
