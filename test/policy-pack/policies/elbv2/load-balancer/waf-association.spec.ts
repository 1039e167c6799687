import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { elbv2LoadBalancerWafAssociation as policy } from "../../../../../policy-pack/policies/elbv2/load-balancer/waf-association";
import { runProgram } from "../../../../harness";
import { stackResourcesOfRun } from "../../../recorded";
import { stackDiagnostics, stackViolations } from "../../../support";

/** An internet-facing ALB (`public-alb`), an internal ALB and a Gateway Load Balancer; `protect` adds the ACL. */
async function lbStack(preview: boolean, protect: boolean) {
    const run = await runProgram(
        () => {
            const subnets = ["subnet-0a", "subnet-0b"];
            const internetFacing = new aws.lb.LoadBalancer("public-alb", {
                loadBalancerType: "application",
                subnets,
            });
            new aws.lb.LoadBalancer("internal-alb", {
                loadBalancerType: "application",
                internal: true,
                subnets,
            });
            new aws.lb.LoadBalancer("appliances", { loadBalancerType: "gateway", subnets });
            if (protect) {
                const acl = new aws.wafv2.WebAcl("public-acl", {
                    scope: "REGIONAL",
                    defaultAction: { allow: {} },
                    visibilityConfig: {
                        cloudwatchMetricsEnabled: true,
                        sampledRequestsEnabled: true,
                        metricName: "public",
                    },
                });
                new aws.wafv2.WebAclAssociation("public-alb-waf", {
                    resourceArn: internetFacing.arn,
                    webAclArn: acl.arn,
                });
            }
        },
        { preview },
    );
    return stackResourcesOfRun(run);
}

const MESSAGE =
    "internet-facing load balancer 'public-alb' has no web ACL association; associate a WAF web ACL with it.";

describe("elbv2-load-balancer-waf-association", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes an internet-facing ALB with a web ACL; internal ALBs and GWLBs need none (${mode})`, async () => {
            expect(await stackViolations(policy, await lbStack(preview, true))).to.deep.equal([]);
        });

        it(`flags the internet-facing ALB without a web ACL (${mode})`, async () => {
            const resources = await lbStack(preview, false);
            expect(await stackViolations(policy, resources)).to.deep.equal([
                { message: MESSAGE, urn: resources.find((r) => r.name === "public-alb")!.urn },
            ]);
        });
    }

    it("is mandatory by default and can be lowered to advisory", async () => {
        const resources = await lbStack(true, false);
        expect(await stackDiagnostics(policy, resources, { enforcementLevel: "advisory" })).to.deep.equal([
            { level: "advisory", message: MESSAGE },
        ]);
        expect((await stackDiagnostics(policy, resources)).map((d) => d.level)).to.deep.equal(["mandatory"]);
    });
});
