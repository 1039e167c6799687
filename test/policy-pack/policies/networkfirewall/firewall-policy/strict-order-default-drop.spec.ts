import { expect } from "chai";
import { firewallPolicyStrictOrderDefaultDrop as policy } from "../../../../../policy-pack/policies/networkfirewall/firewall-policy/strict-order-default-drop";
import { resourceViolations } from "../../../support";

const TYPE = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
const compliant = {
    statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
    statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
};
const violations = (firewallPolicy: Record<string, unknown>) =>
    resourceViolations(policy, TYPE, { firewallPolicy });

describe("networkfirewall-firewall-policy-strict-order-default-drop", () => {
    it("passes strict order with a drop default", async () => {
        expect(await violations(compliant)).to.deep.equal([]);
    });

    it("flags the default action order", async () => {
        expect(await violations({ ...compliant, statefulEngineOptions: {} })).to.deep.equal([
            "statefulEngineOptions.ruleOrder is 'DEFAULT_ACTION_ORDER'; set it to 'STRICT_ORDER'.",
        ]);
    });

    it("flags default actions that only alert", async () => {
        expect(
            await violations({ ...compliant, statefulDefaultActions: ["aws:alert_established"] }),
        ).to.deep.equal([
            "statefulDefaultActions is [aws:alert_established]; include aws:drop_established or aws:drop_strict.",
        ]);
    });
});
