/**
 * A REST API as the workloads declare one, run under the mock cloud: a regional API, its deployment, a
 * `prod` stage with access logs and X-Ray, and MethodSettings for every method of the stage (execution
 * logging at ERROR, throttled). Options change one thing.
 */
import * as aws from "@pulumi/aws";
import type { StackResource } from "../../../../../policy-pack/lib/policy";
import { runProgram } from "../../../../harness";
import { stackResourcesOfRun } from "../../../recorded";

export interface RestApiOptions {
    /** Settings of the `*\/*` MethodSettings; `null` declares none. */
    readonly settings?: aws.types.input.apigateway.MethodSettingsSettings | null;
    /** An extra MethodSettings for one method path. */
    readonly methodOverride?: {
        methodPath: string;
        settings: aws.types.input.apigateway.MethodSettingsSettings;
    };
    /** Give the MethodSettings the stage name as a string, not the stage's output. */
    readonly stageNameAsText?: boolean;
}

export const DEFAULT_SETTINGS = {
    loggingLevel: "ERROR",
    metricsEnabled: true,
    throttlingRateLimit: 100,
    throttlingBurstLimit: 50,
};

export async function restApiStack(preview: boolean, options: RestApiOptions = {}): Promise<StackResource[]> {
    const run = await runProgram(
        () => {
            const api = new aws.apigateway.RestApi("items", {
                name: "items",
                endpointConfiguration: { types: "REGIONAL" },
            });
            const resource = new aws.apigateway.Resource("items-resource", {
                restApi: api.id,
                parentId: api.rootResourceId,
                pathPart: "items",
            });
            const method = new aws.apigateway.Method("items-get", {
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: "GET",
                authorization: "AWS_IAM",
            });
            const integration = new aws.apigateway.Integration("items-get-integration", {
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: method.httpMethod,
                type: "MOCK",
            });
            const deployment = new aws.apigateway.Deployment(
                "items-deployment",
                { restApi: api.id },
                { dependsOn: [integration] },
            );
            const stage = new aws.apigateway.Stage("items-prod", {
                restApi: api.id,
                deployment: deployment.id,
                stageName: "prod",
                xrayTracingEnabled: true,
                accessLogSettings: {
                    destinationArn: "arn:aws:logs:eu-west-1:111111111111:log-group:/api/items",
                    format: "$context.requestId",
                },
            });
            const stageName = options.stageNameAsText ? "prod" : stage.stageName;
            if (options.settings !== null) {
                new aws.apigateway.MethodSettings(
                    "items-prod-all",
                    {
                        restApi: api.id,
                        stageName,
                        methodPath: "*/*",
                        settings: options.settings ?? DEFAULT_SETTINGS,
                    },
                    { dependsOn: [stage] },
                );
            }
            if (options.methodOverride) {
                new aws.apigateway.MethodSettings(
                    "items-prod-override",
                    { restApi: api.id, stageName, ...options.methodOverride },
                    { dependsOn: [stage] },
                );
            }
        },
        { preview },
    );
    return stackResourcesOfRun(run);
}
