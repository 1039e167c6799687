import { expect } from "chai";
import { cognitoUserPoolAdvancedSecurity as policy } from "../../../../../policy-pack/policies/cognito/user-pool/advanced-security";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantPool, TYPE } from "./fixtures";

describe("cognito-user-pool-advanced-security", () => {
    it("passes enforced threat protection", async () => {
        expect(await resourceViolations(policy, TYPE, compliantPool)).to.deep.equal([]);
    });

    it("flags audit-only or absent threat protection", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliantPool,
                userPoolAddOns: { advancedSecurityMode: "AUDIT" },
            }),
        ).to.deep.equal(["userPoolAddOns.advancedSecurityMode is AUDIT; set it to ENFORCED."]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliantPool, userPoolAddOns: undefined }),
        ).to.deep.equal(["userPoolAddOns.advancedSecurityMode is OFF; set it to ENFORCED."]);
    });

    it("is advisory by default", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, { ...compliantPool, userPoolAddOns: undefined })).map(
                (d) => d.level,
            ),
        ).to.deep.equal(["advisory"]);
    });
});
