import { expect } from "chai";
import { firewallProtection as policy } from "../../../../../policy-pack/policies/networkfirewall/firewall/protection";
import { resourceViolations } from "../../../support";

const TYPE = "aws:networkfirewall/firewall:Firewall";
const compliant = { deleteProtection: true, subnetChangeProtection: true };

describe("networkfirewall-firewall-protection", () => {
    it("passes a firewall with delete and subnet-change protection", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a firewall without delete protection", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, deleteProtection: false }),
        ).to.deep.equal(["deleteProtection is false; set it to true."]);
    });

    it("lets requireProtection: false accept an unprotected firewall", async () => {
        expect(await resourceViolations(policy, TYPE, {}, { requireProtection: false })).to.deep.equal([]);
    });
});
