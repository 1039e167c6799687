import { expect } from "chai";
import { apigatewayStageAccessLogging as policy } from "../../../../../policy-pack/policies/apigateway/stage/access-logging";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:apigateway/stage:Stage";
const compliant = {
    restApi: "a1b2c3d4e5",
    deployment: "dep123",
    stageName: "prod",
    accessLogSettings: {
        destinationArn: "arn:aws:logs:eu-west-1:111111111111:log-group:/api/items",
        format: "$context.requestId",
    },
};
const MESSAGE = "accessLogSettings.destinationArn is unset; send access logs to a CloudWatch log group.";

describe("apigateway-stage-access-logging", () => {
    it("passes a stage with access logs", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a stage without accessLogSettings", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, accessLogSettings: undefined }),
        ).to.deep.equal([MESSAGE]);
    });

    it("waits for the update when the log group ARN is unknown in a preview", async () => {
        const props = {
            ...compliant,
            accessLogSettings: { destinationArn: UNKNOWN_VALUE, format: "$context.requestId" },
        };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        expect(
            await resourceDiagnostics(policy, TYPE, { ...compliant, accessLogSettings: undefined }),
        ).to.deep.equal([{ level: "advisory", message: MESSAGE }]);
    });
});
