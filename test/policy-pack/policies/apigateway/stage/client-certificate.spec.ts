import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { apigatewayStageClientCertificate as policy } from "../../../../../policy-pack/policies/apigateway/stage/client-certificate";
import { runProgram } from "../../../../harness";
import { stackResourcesOfRun } from "../../../recorded";
import { stackDiagnostics, stackViolations } from "../../../support";

const MESSAGE =
    "stage 'items-prod' calls an HTTP backend (integration 'items-get-integration') without a client certificate; set clientCertificateId and have the backend verify it.";

/** A REST API with one GET method whose integration is of `type`, deployed to a `prod` stage. */
async function api(preview: boolean, type: string, certificate: boolean) {
    const run = await runProgram(
        () => {
            const restApi = new aws.apigateway.RestApi("items", {
                endpointConfiguration: { types: "REGIONAL" },
            });
            const resource = new aws.apigateway.Resource("items-resource", {
                restApi: restApi.id,
                parentId: restApi.rootResourceId,
                pathPart: "items",
            });
            const method = new aws.apigateway.Method("items-get", {
                restApi: restApi.id,
                resourceId: resource.id,
                httpMethod: "GET",
                authorization: "AWS_IAM",
            });
            const integration = new aws.apigateway.Integration("items-get-integration", {
                restApi: restApi.id,
                resourceId: resource.id,
                httpMethod: method.httpMethod,
                type,
                integrationHttpMethod: "GET",
                uri:
                    type === "AWS_PROXY"
                        ? "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:items/invocations"
                        : "https://backend.example.internal/items",
            });
            const client = certificate ? new aws.apigateway.ClientCertificate("items-client", {}) : undefined;
            const deployment = new aws.apigateway.Deployment(
                "items-deployment",
                { restApi: restApi.id },
                { dependsOn: [integration] },
            );
            new aws.apigateway.Stage("items-prod", {
                restApi: restApi.id,
                deployment: deployment.id,
                stageName: "prod",
                clientCertificateId: client?.id,
            });
        },
        { preview },
    );
    return stackResourcesOfRun(run);
}

describe("apigateway-stage-client-certificate", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes a stage of an HTTP backend with a client certificate (${mode})`, async () => {
            expect(await stackViolations(policy, await api(preview, "HTTP_PROXY", true))).to.deep.equal([]);
        });

        it(`passes a stage whose integrations are Lambda proxies, without one (${mode})`, async () => {
            expect(await stackViolations(policy, await api(preview, "AWS_PROXY", false))).to.deep.equal([]);
        });

        it(`flags a stage of an HTTP or HTTP_PROXY backend without one (${mode})`, async () => {
            for (const type of ["HTTP", "HTTP_PROXY"]) {
                expect(
                    (await stackViolations(policy, await api(preview, type, false))).map((v) => v.message),
                    type,
                ).to.deep.equal([MESSAGE]);
            }
        });
    }

    it("is advisory by default", async () => {
        expect(await stackDiagnostics(policy, await api(false, "HTTP", false))).to.deep.equal([
            { level: "advisory", message: MESSAGE },
        ]);
    });
});
