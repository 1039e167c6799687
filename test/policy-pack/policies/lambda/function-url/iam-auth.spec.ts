import { expect } from "chai";
import { lambdaFunctionUrlIamAuth as policy } from "../../../../../policy-pack/policies/lambda/function-url/iam-auth";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:lambda/functionUrl:FunctionUrl";
const compliant = { functionName: "items", authorizationType: "AWS_IAM" };
const MESSAGE =
    "authorizationType is NONE: anyone on the internet can invoke the function; set it to AWS_IAM.";

describe("lambda-function-url-iam-auth", () => {
    it("passes a function URL that requires IAM", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a public function URL", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, authorizationType: "NONE" }),
        ).to.deep.equal([MESSAGE]);
    });

    it("is mandatory by default and off when disabled", async () => {
        const props = { ...compliant, authorizationType: "NONE" };
        expect(await resourceDiagnostics(policy, TYPE, props)).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "disabled" }),
        ).to.deep.equal([]);
    });
});
