import { expect } from "chai";
import { lambdaFunctionTracing as policy } from "../../../../../policy-pack/policies/lambda/function/tracing";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantFunction, TYPE, without } from "./fixtures";

describe("lambda-function-tracing", () => {
    it("passes a function with active tracing", async () => {
        expect(await resourceViolations(policy, TYPE, compliantFunction)).to.deep.equal([]);
    });

    it("flags pass-through or unset tracing", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliantFunction,
                tracingConfig: { mode: "PassThrough" },
            }),
        ).to.deep.equal(["tracingConfig.mode is 'PassThrough'; set it to 'Active'."]);
        expect(await resourceViolations(policy, TYPE, without("tracingConfig"))).to.deep.equal([
            "tracingConfig.mode is 'PassThrough'; set it to 'Active'.",
        ]);
    });

    it("is advisory by default and mandatory when the config file says so", async () => {
        expect(
            await resourceDiagnostics(policy, TYPE, without("tracingConfig"), {
                enforcementLevel: "mandatory",
            }),
        ).to.deep.equal([
            { level: "mandatory", message: "tracingConfig.mode is 'PassThrough'; set it to 'Active'." },
        ]);
        expect(
            (await resourceDiagnostics(policy, TYPE, without("tracingConfig"))).map((d) => d.level),
        ).to.deep.equal(["advisory"]);
    });
});
