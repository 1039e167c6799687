import { expect } from "chai";
import { lambdaFunctionReservedConcurrency as policy } from "../../../../../policy-pack/policies/lambda/function/reserved-concurrency";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantFunction, TYPE, without } from "./fixtures";

describe("lambda-function-reserved-concurrency", () => {
    it("passes a function with reserved concurrency", async () => {
        expect(await resourceViolations(policy, TYPE, compliantFunction)).to.deep.equal([]);
    });

    it("flags unset or unreserved (-1) concurrency", async () => {
        expect(await resourceViolations(policy, TYPE, without("reservedConcurrentExecutions"))).to.deep.equal(
            ["reservedConcurrentExecutions is unset (unreserved); reserve what the function needs."],
        );
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliantFunction,
                reservedConcurrentExecutions: -1,
            }),
        ).to.deep.equal([
            "reservedConcurrentExecutions is -1 (unreserved); reserve what the function needs.",
        ]);
    });

    it("is advisory by default and silent when disabled", async () => {
        const props = without("reservedConcurrentExecutions");
        expect((await resourceDiagnostics(policy, TYPE, props)).map((d) => d.level)).to.deep.equal([
            "advisory",
        ]);
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "disabled" }),
        ).to.deep.equal([]);
    });
});
