import { expect } from "chai";
import {
    lambdaFunctionSupportedRuntime as policy,
    SUPPORTED_RUNTIMES,
} from "../../../../../policy-pack/policies/lambda/function/supported-runtime";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantFunction, TYPE } from "./fixtures";

describe("lambda-function-supported-runtime", () => {
    it("passes a function on a supported runtime", async () => {
        expect(await resourceViolations(policy, TYPE, compliantFunction)).to.deep.equal([]);
    });

    it("flags a deprecated runtime", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantFunction, runtime: "nodejs16.x" }),
        ).to.deep.equal([
            `runtime 'nodejs16.x' is not in allowedRuntimes (${SUPPORTED_RUNTIMES.join(", ")}).`,
        ]);
    });

    it("does not check container image functions", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliantFunction,
                packageType: "Image",
                runtime: undefined,
                imageUri: "111111111111.dkr.ecr.eu-west-1.amazonaws.com/items:1",
            }),
        ).to.deep.equal([]);
    });

    it("takes the allowed runtimes from settings", async () => {
        const config = { allowedRuntimes: ["python3.13"] };
        expect(await resourceViolations(policy, TYPE, compliantFunction, config)).to.deep.equal([
            "runtime 'nodejs22.x' is not in allowedRuntimes (python3.13).",
        ]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliantFunction, runtime: "python3.13" }, config),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, { ...compliantFunction, runtime: "python3.8" })).map(
                (d) => d.level,
            ),
        ).to.deep.equal(["advisory"]);
    });
});
