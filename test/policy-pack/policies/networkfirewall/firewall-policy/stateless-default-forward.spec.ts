import { expect } from "chai";
import { firewallPolicyStatelessDefaultForward as policy } from "../../../../../policy-pack/policies/networkfirewall/firewall-policy/stateless-default-forward";
import { resourceViolations } from "../../../support";

const TYPE = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
const compliant = {
    statelessDefaultActions: ["aws:forward_to_sfe"],
    statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
};

describe("networkfirewall-firewall-policy-stateless-default-forward", () => {
    it("passes a policy that forwards full and fragmented packets to the stateful engine", async () => {
        expect(await resourceViolations(policy, TYPE, { firewallPolicy: compliant })).to.deep.equal([]);
    });

    it("flags a pass default for fragmented packets", async () => {
        const props = { firewallPolicy: { ...compliant, statelessFragmentDefaultActions: ["aws:pass"] } };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([
            "statelessFragmentDefaultActions is [aws:pass]; use aws:forward_to_sfe (or aws:drop).",
        ]);
    });
});
