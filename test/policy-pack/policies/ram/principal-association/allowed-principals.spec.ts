import { expect } from "chai";
import { ramPrincipalAssociationAllowedPrincipals as policy } from "../../../../../policy-pack/policies/ram/principal-association/allowed-principals";
import { resourceViolations } from "../../../support";

const TYPE = "aws:ram/principalAssociation:PrincipalAssociation";
const ORG = "arn:aws:organizations::111111111111:organization/o-abc123";

describe("ram-principal-association-allowed-principals", () => {
    it("passes any principal when no allow-list is set", async () => {
        expect(await resourceViolations(policy, TYPE, { principal: "222222222222" })).to.deep.equal([]);
    });

    it("passes an allowed principal", async () => {
        expect(
            await resourceViolations(policy, TYPE, { principal: ORG }, { allowedPrincipals: [ORG] }),
        ).to.deep.equal([]);
    });

    it("flags a principal outside the allow-list", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                { principal: "222222222222" },
                { allowedPrincipals: [ORG] },
            ),
        ).to.deep.equal([`principal '222222222222' is not in allowedPrincipals (${ORG}).`]);
    });
});
