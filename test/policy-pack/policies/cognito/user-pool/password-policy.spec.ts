import { expect } from "chai";
import { cognitoUserPoolPasswordPolicy as policy } from "../../../../../policy-pack/policies/cognito/user-pool/password-policy";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";
import { compliantPool, TYPE } from "./fixtures";

const withPolicy = (changes: Record<string, unknown>) => ({
    ...compliantPool,
    passwordPolicy: { ...compliantPool.passwordPolicy, ...changes },
});

describe("cognito-user-pool-password-policy", () => {
    it("passes 14 characters of every class", async () => {
        expect(await resourceViolations(policy, TYPE, compliantPool)).to.deep.equal([]);
    });

    it("flags a minimum length below 12", async () => {
        expect(await resourceViolations(policy, TYPE, withPolicy({ minimumLength: 8 }))).to.deep.equal([
            "passwordPolicy.minimumLength is 8; require at least 12.",
        ]);
    });

    it("flags each character class not required", async () => {
        expect(await resourceViolations(policy, TYPE, withPolicy({ requireSymbols: false }))).to.deep.equal([
            "passwordPolicy.requireSymbols is false; set it to true.",
        ]);
        expect(
            await resourceViolations(policy, TYPE, withPolicy({ requireLowercase: undefined })),
        ).to.deep.equal(["passwordPolicy.requireLowercase is false; set it to true."]);
    });

    it("flags Cognito's default policy (8 characters) when none is given", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantPool, passwordPolicy: undefined }),
        ).to.deep.equal(["passwordPolicy.minimumLength is 8 (the default); require at least 12."]);
    });

    it("takes the minimum length from settings", async () => {
        expect(await resourceViolations(policy, TYPE, compliantPool, { minimumLength: 16 })).to.deep.equal([
            "passwordPolicy.minimumLength is 14; require at least 16.",
        ]);
        expect(
            await resourceViolations(policy, TYPE, withPolicy({ minimumLength: 8 }), { minimumLength: 8 }),
        ).to.deep.equal([]);
    });

    it("waits for the update when the policy is unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantPool, passwordPolicy: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("is advisory by default (not a critical exposure)", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, withPolicy({ minimumLength: 8 }))).map((d) => d.level),
        ).to.deep.equal(["advisory"]);
    });
});
