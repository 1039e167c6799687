import { expect } from "chai";
import { ramResourceShareNoExternalPrincipals as policy } from "../../../../../policy-pack/policies/ram/resource-share/no-external-principals";
import { resourceViolations } from "../../../support";

const TYPE = "aws:ram/resourceShare:ResourceShare";

describe("ram-resource-share-no-external-principals", () => {
    it("passes a share that disallows external principals", async () => {
        expect(await resourceViolations(policy, TYPE, { allowExternalPrincipals: false })).to.deep.equal([]);
    });

    it("flags a share open to external principals", async () => {
        expect(await resourceViolations(policy, TYPE, { allowExternalPrincipals: true })).to.deep.equal([
            "allowExternalPrincipals is true; set it to false.",
        ]);
    });

    it("flags a share that leaves the setting unset", async () => {
        expect(await resourceViolations(policy, TYPE, {})).to.deep.equal([
            "allowExternalPrincipals is unset; set it to false.",
        ]);
    });
});
