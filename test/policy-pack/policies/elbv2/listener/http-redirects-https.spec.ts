import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { elbv2ListenerHttpRedirectsHttps as policy } from "../../../../../policy-pack/policies/elbv2/listener/http-redirects-https";
import { runProgram } from "../../../../harness";
import { stackResourcesOfRun } from "../../../recorded";
import { res, stackDiagnostics, stackViolations } from "../../../support";

const REDIRECT = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };

/** An ALB with an HTTPS listener and an HTTP listener whose default action is `httpAction`. */
async function albStack(
    preview: boolean,
    options: { internal?: boolean; httpAction?: Record<string, unknown> } = {},
) {
    const run = await runProgram(
        () => {
            const alb = new aws.lb.LoadBalancer("items-alb", {
                loadBalancerType: "application",
                internal: options.internal ?? false,
                subnets: ["subnet-0a", "subnet-0b"],
            });
            const target = new aws.lb.TargetGroup("items-tg", {
                port: 8080,
                protocol: "HTTP",
                targetType: "ip",
                vpcId: "vpc-0spoke",
            });
            new aws.lb.Listener("items-https", {
                loadBalancerArn: alb.arn,
                port: 443,
                protocol: "HTTPS",
                certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/1",
                defaultActions: [{ type: "forward", targetGroupArn: target.arn }],
            });
            const forward = { type: "forward", targetGroupArn: target.arn };
            new aws.lb.Listener("items-http", {
                loadBalancerArn: alb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    options.httpAction === undefined
                        ? REDIRECT
                        : options.httpAction.type === "forward"
                          ? forward
                          : options.httpAction,
                ] as aws.types.input.lb.ListenerDefaultAction[],
            });
        },
        { preview },
    );
    return stackResourcesOfRun(run);
}

const MESSAGE =
    "HTTP listener 'items-http' of internet-facing load balancer 'items-alb' does not redirect to HTTPS; make its default action a redirect with protocol HTTPS.";

describe("elbv2-listener-http-redirects-https", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes an internet-facing ALB whose HTTP listener redirects to HTTPS (${mode})`, async () => {
            expect(await stackViolations(policy, await albStack(preview))).to.deep.equal([]);
        });

        it(`flags an internet-facing ALB forwarding plain HTTP (${mode})`, async () => {
            const resources = await albStack(preview, { httpAction: { type: "forward" } });
            expect(await stackViolations(policy, resources)).to.deep.equal([
                { message: MESSAGE, urn: resources.find((r) => r.name === "items-http")!.urn },
            ]);
        });

        it(`passes an internal ALB serving plain HTTP (${mode})`, async () => {
            expect(
                await stackViolations(
                    policy,
                    await albStack(preview, { internal: true, httpAction: { type: "forward" } }),
                ),
            ).to.deep.equal([]);
        });
    }

    it("flags a redirect to another HTTP URL", async () => {
        const httpAction = {
            type: "redirect",
            redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_302" },
        };
        expect(
            (await stackViolations(policy, await albStack(false, { httpAction }))).map((v) => v.message),
        ).to.deep.equal([MESSAGE]);
    });

    it("takes a load balancer outside the stack as internet-facing", async () => {
        const listener = res("aws:lb/listener:Listener", "shared-http", {
            loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shared/1",
            protocol: "HTTP",
            defaultActions: [{ type: "fixed-response" }],
        });
        expect((await stackViolations(policy, [listener])).map((v) => v.message)).to.deep.equal([
            "HTTP listener 'shared-http' of internet-facing load balancer outside this stack does not redirect to HTTPS; make its default action a redirect with protocol HTTPS.",
        ]);
    });

    it("is mandatory by default", async () => {
        expect(
            await stackDiagnostics(policy, await albStack(true, { httpAction: { type: "forward" } })),
        ).to.deep.equal([{ level: "mandatory", message: MESSAGE }]);
    });
});
