import { expect } from "chai";
import { lambdaPermissionNotPublic as policy } from "../../../../../policy-pack/policies/lambda/permission/not-public";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:lambda/permission:Permission";
const compliant = {
    action: "lambda:InvokeFunction",
    function: "items",
    principal: "111111111111",
};
const MESSAGE =
    "principal is '*' without principalOrgId, sourceAccount or sourceArn: anyone can invoke the function; name the principal.";

describe("lambda-permission-not-public", () => {
    it("passes a permission for one account", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a permission for any principal", async () => {
        expect(await resourceViolations(policy, TYPE, { ...compliant, principal: "*" })).to.deep.equal([
            MESSAGE,
        ]);
    });

    it("flags a public function URL permission", async () => {
        const url = {
            ...compliant,
            action: "lambda:InvokeFunctionUrl",
            functionUrlAuthType: "NONE",
            principal: "*",
        };
        expect(await resourceViolations(policy, TYPE, url)).to.deep.equal([MESSAGE]);
    });

    it("passes '*' narrowed to the organization", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                principal: "*",
                principalOrgId: "o-exampleorgid",
            }),
        ).to.deep.equal([]);
    });

    it("is mandatory by default and can be lowered to advisory", async () => {
        const props = { ...compliant, principal: "*" };
        expect(await resourceDiagnostics(policy, TYPE, props)).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "advisory" }),
        ).to.deep.equal([{ level: "advisory", message: MESSAGE }]);
    });
});
