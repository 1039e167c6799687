import { expect } from "chai";
import { lambdaFunctionEnvironmentKms as policy } from "../../../../../policy-pack/policies/lambda/function/environment-kms";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";
import { compliantFunction, TYPE, without } from "./fixtures";

const MESSAGE =
    "environment.variables are encrypted with the AWS managed key (kmsKeyArn is unset); set a customer-managed KMS key.";

describe("lambda-function-environment-kms", () => {
    it("passes environment variables under a customer-managed key", async () => {
        expect(await resourceViolations(policy, TYPE, compliantFunction)).to.deep.equal([]);
    });

    it("flags environment variables without kmsKeyArn", async () => {
        expect(await resourceViolations(policy, TYPE, without("kmsKeyArn"))).to.deep.equal([MESSAGE]);
    });

    it("passes a function without environment variables, and a key unknown in a preview", async () => {
        const noVariables = { ...without("kmsKeyArn"), environment: { variables: {} } };
        expect(await resourceViolations(policy, TYPE, noVariables)).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliantFunction, kmsKeyArn: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, without("kmsKeyArn"))).to.deep.equal([
            { level: "advisory", message: MESSAGE },
        ]);
    });
});
