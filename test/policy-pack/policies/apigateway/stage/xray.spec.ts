import { expect } from "chai";
import { apigatewayStageXray as policy } from "../../../../../policy-pack/policies/apigateway/stage/xray";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:apigateway/stage:Stage";
const compliant = {
    restApi: "a1b2c3d4e5",
    deployment: "dep123",
    stageName: "prod",
    xrayTracingEnabled: true,
};

describe("apigateway-stage-xray", () => {
    it("passes a stage with X-Ray tracing", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a stage without X-Ray tracing", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, xrayTracingEnabled: false }),
        ).to.deep.equal(["xrayTracingEnabled is false; set it to true."]);
    });

    it("is advisory by default and silent when disabled", async () => {
        const props = { ...compliant, xrayTracingEnabled: undefined };
        expect(await resourceDiagnostics(policy, TYPE, props)).to.deep.equal([
            { level: "advisory", message: "xrayTracingEnabled is false; set it to true." },
        ]);
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "disabled" }),
        ).to.deep.equal([]);
    });
});
