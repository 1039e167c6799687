import { expect } from "chai";
import { cognitoUserPoolMfa as policy } from "../../../../../policy-pack/policies/cognito/user-pool/mfa";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantPool, TYPE } from "./fixtures";

describe("cognito-user-pool-mfa", () => {
    it("passes MFA required for every user", async () => {
        expect(await resourceViolations(policy, TYPE, compliantPool)).to.deep.equal([]);
    });

    it("flags MFA off, also when left unset", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantPool, mfaConfiguration: "OFF" }),
        ).to.deep.equal(["mfaConfiguration is OFF; set it to ON or OPTIONAL."]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliantPool, mfaConfiguration: undefined }),
        ).to.deep.equal(["mfaConfiguration is OFF (unset); set it to ON or OPTIONAL."]);
    });

    it("accepts OPTIONAL unless allowOptional is false", async () => {
        const optional = { ...compliantPool, mfaConfiguration: "OPTIONAL" };
        expect(await resourceViolations(policy, TYPE, optional)).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, optional, { allowOptional: false })).to.deep.equal([
            "mfaConfiguration is OPTIONAL; set it to ON.",
        ]);
    });

    it("is advisory by default and can be made mandatory for production", async () => {
        const off = { ...compliantPool, mfaConfiguration: "OFF" };
        expect(await resourceDiagnostics(policy, TYPE, off)).to.deep.equal([
            { level: "advisory", message: "mfaConfiguration is OFF; set it to ON or OPTIONAL." },
        ]);
        expect(await resourceDiagnostics(policy, TYPE, off, { enforcementLevel: "mandatory" })).to.deep.equal(
            [{ level: "mandatory", message: "mfaConfiguration is OFF; set it to ON or OPTIONAL." }],
        );
    });
});
