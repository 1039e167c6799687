import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { apigatewayStageWafAssociation as policy } from "../../../../../policy-pack/policies/apigateway/stage/waf-association";
import { runProgram } from "../../../../harness";
import { stackResourcesOfRun } from "../../../recorded";
import { stackDiagnostics, stackViolations } from "../../../support";

/** A REST API with a `prod` and a `test` stage and a web ACL associated with the stages `protect` names. */
async function apiStack(preview: boolean, protect: readonly string[]) {
    const run = await runProgram(
        () => {
            const api = new aws.apigateway.RestApi("items", { endpointConfiguration: { types: "REGIONAL" } });
            const deployment = new aws.apigateway.Deployment("items-deployment", { restApi: api.id });
            const acl = new aws.wafv2.WebAcl("items-acl", {
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                visibilityConfig: {
                    cloudwatchMetricsEnabled: true,
                    sampledRequestsEnabled: true,
                    metricName: "items",
                },
            });
            for (const stageName of ["prod", "test"]) {
                const stage = new aws.apigateway.Stage(`items-${stageName}`, {
                    restApi: api.id,
                    deployment: deployment.id,
                    stageName,
                });
                if (protect.includes(stageName)) {
                    new aws.wafv2.WebAclAssociation(`items-${stageName}-waf`, {
                        resourceArn: stage.arn,
                        webAclArn: acl.arn,
                    });
                }
            }
        },
        { preview },
    );
    return stackResourcesOfRun(run);
}

describe("apigateway-stage-waf-association", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes stages that each have a web ACL association (${mode})`, async () => {
            expect(await stackViolations(policy, await apiStack(preview, ["prod", "test"]))).to.deep.equal(
                [],
            );
        });

        it(`flags the stage without an association, not the other (${mode})`, async () => {
            const resources = await apiStack(preview, ["prod"]);
            expect(await stackViolations(policy, resources)).to.deep.equal([
                {
                    message:
                        "REST API stage 'items-test' has no web ACL association; associate a WAF web ACL with it.",
                    urn: resources.find((r) => r.name === "items-test")!.urn,
                },
            ]);
        });
    }

    it("follows the stage ARN alone once it is known", async () => {
        const resources = (await apiStack(false, ["prod", "test"])).map((r) =>
            r.type === "aws:wafv2/webAclAssociation:WebAclAssociation"
                ? { ...r, propertyDependencies: {} }
                : r,
        );
        expect(await stackViolations(policy, resources)).to.deep.equal([]);
    });

    it("is mandatory by default", async () => {
        expect((await stackDiagnostics(policy, await apiStack(true, []))).map((d) => d.level)).to.deep.equal([
            "mandatory",
            "mandatory",
        ]);
    });
});
