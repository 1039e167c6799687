import { expect } from "chai";
import { ruleGroupNotEmpty as policy } from "../../../../../policy-pack/policies/networkfirewall/rule-group/not-empty";
import { resourceViolations } from "../../../support";

const TYPE = "aws:networkfirewall/ruleGroup:RuleGroup";
const withSource = (rulesSource: Record<string, unknown>) => ({
    type: "STATEFUL",
    ruleGroup: { rulesSource },
});

describe("networkfirewall-rule-group-not-empty", () => {
    it("passes a domain list with targets and a Suricata rule string", async () => {
        const list = { rulesSourceList: { targets: [".example.com"], generatedRulesType: "ALLOWLIST" } };
        expect(await resourceViolations(policy, TYPE, withSource(list))).to.deep.equal([]);
        const suricata = { rulesString: "pass tls any any -> any 443 (sid:1;)" };
        expect(await resourceViolations(policy, TYPE, withSource(suricata))).to.deep.equal([]);
    });

    it("flags an empty stateless rule source", async () => {
        const empty = { statelessRulesAndCustomActions: { statelessRules: [] } };
        expect(await resourceViolations(policy, TYPE, withSource(empty))).to.deep.equal([
            "ruleGroup.rulesSource has no rules; add rules or remove the group.",
        ]);
    });
});
