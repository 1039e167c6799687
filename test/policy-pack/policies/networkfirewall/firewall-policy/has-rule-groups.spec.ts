import { expect } from "chai";
import { firewallPolicyHasRuleGroups as policy } from "../../../../../policy-pack/policies/networkfirewall/firewall-policy/has-rule-groups";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
const ref = {
    priority: 10,
    resourceArn: "arn:aws:network-firewall:eu-west-1:111111111111:stateful-rulegroup/web",
};

describe("networkfirewall-firewall-policy-has-rule-groups", () => {
    it("passes a policy with a stateful rule group", async () => {
        const props = {
            firewallPolicy: { statefulRuleGroupReferences: [ref], statelessRuleGroupReferences: [] },
        };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([]);
    });

    it("flags a policy without rule groups", async () => {
        const props = {
            firewallPolicy: { statefulRuleGroupReferences: [], statelessDefaultActions: ["aws:pass"] },
        };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([
            "the policy references no rule group; add the stateful or stateless rule groups it enforces.",
        ]);
    });

    it("does not judge references unknown in a preview", async () => {
        const props = { firewallPolicy: { statefulRuleGroupReferences: UNKNOWN_VALUE } };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([]);
    });
});
