import { expect } from "chai";
import { apigatewayv2StageAccessLogging as policy } from "../../../../../policy-pack/policies/apigatewayv2/stage/access-logging";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:apigatewayv2/stage:Stage";
const compliant = {
    apiId: "a1b2c3d4e5",
    name: "$default",
    autoDeploy: true,
    accessLogSettings: {
        destinationArn: "arn:aws:logs:eu-west-1:111111111111:log-group:/api/http",
        format: "$context.requestId",
    },
};
const MESSAGE = "accessLogSettings.destinationArn is unset; send access logs to a CloudWatch log group.";

describe("apigatewayv2-stage-access-logging", () => {
    it("passes an HTTP API stage with access logs", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a stage without accessLogSettings", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, accessLogSettings: undefined }),
        ).to.deep.equal([MESSAGE]);
    });

    it("waits for the update when the settings are unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, accessLogSettings: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("is advisory by default and mandatory when the config file says so", async () => {
        const props = { ...compliant, accessLogSettings: undefined };
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "mandatory" }),
        ).to.deep.equal([{ level: "mandatory", message: MESSAGE }]);
        expect((await resourceDiagnostics(policy, TYPE, props)).map((d) => d.level)).to.deep.equal([
            "advisory",
        ]);
    });
});
