import { expect } from "chai";
import { FirewallPolicy } from "../../../components/network/firewall-policy";
import type { FirewallRuleGroupData } from "../../../components/network/firewall-rules";
import {
    addressProblem,
    broadAllowProblem,
    groupIntent,
    misorderedGroups,
    suricataLiteralAddresses,
} from "../../../components/network/firewall-variables";
import { runProgram } from "../../harness";

const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";

const allow: FirewallRuleGroupData = {
    kind: "domain-list",
    name: "allow-web",
    capacity: 100,
    action: "allow",
    domains: ["deb.debian.org"],
    targetTypes: ["TLS_SNI"],
};
const blockBad: FirewallRuleGroupData = {
    kind: "suricata",
    name: "block-bad",
    capacity: 100,
    rules: 'drop tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:"bad.example"; sid:1;)',
};
const dnsFromOffice: FirewallRuleGroupData = {
    kind: "stateful",
    name: "dns-from-office",
    capacity: 100,
    rules: [
        {
            action: "pass",
            protocol: "DNS",
            source: "$ON_PREM",
            sourcePort: "ANY",
            destination: "$INBOUND_RESOLVERS",
            destinationPort: "53",
            direction: "FORWARD",
        },
    ],
};

const VARIABLES = { ON_PREM: ["192.168.0.0/16"], INBOUND_RESOLVERS: ["10.32.1.36/32", "10.32.1.52/32"] };

describe("firewall rule variables and order", () => {
    it("classifies stateful groups as allow, deny or mixed; stateless groups as neither", () => {
        expect(groupIntent(allow)).to.equal("allow");
        expect(groupIntent({ ...allow, action: "deny" } as FirewallRuleGroupData)).to.equal("deny");
        expect(groupIntent(blockBad)).to.equal("deny");
        expect(groupIntent(dnsFromOffice)).to.equal("allow");
        expect(
            groupIntent({
                kind: "suricata",
                name: "m",
                capacity: 100,
                rules: "pass ip any any -> any any (sid:1;)\nalert ip any any -> any any (sid:2;)",
            }),
        ).to.equal("mixed");
        expect(
            groupIntent({
                kind: "stateless",
                name: "s",
                capacity: 100,
                rules: [{ priority: 1, action: "drop" }],
            }),
        ).to.equal(undefined);
    });

    it("finds every deny or alert group after the first allow group", () => {
        expect(misorderedGroups([blockBad, dnsFromOffice, allow])).to.deep.equal([]);
        expect(
            misorderedGroups([dnsFromOffice, allow, blockBad, { ...allow, name: "deny", action: "deny" }]),
        ).to.deep.equal([
            { index: 2, after: 0 },
            { index: 3, after: 0 },
        ]);
    });

    it("reads literal addresses out of Suricata rule headers, lists and negations included", () => {
        expect(
            suricataLiteralAddresses("drop tcp [10.0.0.0/8,!10.1.0.0/16] any -> 172.16.0.10 any (sid:1;)"),
        ).to.deep.equal(["10.0.0.0/8", "10.1.0.0/16", "172.16.0.10"]);
        expect(
            suricataLiteralAddresses("alert http $HOME_NET any -> $EXTERNAL_NET any (sid:2;)"),
        ).to.deep.equal([]);
    });

    it("accepts variables it knows and addresses inside the environment, and says what is wrong otherwise", () => {
        const ranges = ["10.32.0.0/12", "192.168.0.0/16"];
        const variables = { HOME_NET: ["10.32.0.0/12"], ...VARIABLES };
        expect(addressProblem("ANY", variables, ranges)).to.equal(undefined);
        expect(addressProblem("$ON_PREM", variables, ranges)).to.equal(undefined);
        expect(addressProblem("$EXTERNAL_NET", variables, ranges)).to.equal(undefined);
        expect(addressProblem("10.32.1.0/24", variables, ranges)).to.equal(undefined);
        expect(addressProblem("$ONPREM", variables, ranges)).to.equal(
            "refers to $ONPREM, which is not a rule variable of this environment; expected one of $HOME_NET, $EXTERNAL_NET, $ON_PREM, $INBOUND_RESOLVERS (or define it under firewall.variables)",
        );
        expect(addressProblem("10.64.1.0/24", variables, ranges)).to.equal(
            "is not inside any range of this environment (10.32.0.0/12, 192.168.0.0/16), so it names nothing here (an address copied from another environment?); expected a rule variable such as $ON_PREM, $INBOUND_RESOLVERS, or a range named under firewall.variables",
        );
    });

    it("refuses wildcard allow entries under domains any AWS customer can host under", () => {
        expect(broadAllowProblem(".amazonaws.com")).to.match(/^admits every name under amazonaws.com/);
        expect(broadAllowProblem(".s3.eu-west-1.amazonaws.com")).to.match(/^admits every name under s3/);
        expect(broadAllowProblem(".cloudfront.net")).to.match(/cloudfront.net/);
        expect(broadAllowProblem("sts.eu-west-1.amazonaws.com")).to.equal(undefined);
        expect(broadAllowProblem(".debian.org")).to.equal(undefined);
    });

    describe("FirewallPolicy", () => {
        const run = (groups: FirewallRuleGroupData[], ruleVariables = VARIABLES) =>
            runProgram(() => {
                new FirewallPolicy("inspection", {
                    ruleGroups: groups,
                    homeNet: ["10.32.0.0/12"],
                    ruleVariables,
                });
            });

        it("defines HOME_NET and every rule variable on each stateful group, sorted by name", async () => {
            const rec = await run([blockBad, dnsFromOffice, allow]);
            for (const group of rec.all(RULE_GROUP)) {
                expect((group.inputs.ruleGroup as { ruleVariables: unknown }).ruleVariables).to.deep.equal({
                    ipSets: [
                        { key: "HOME_NET", ipSet: { definitions: ["10.32.0.0/12"] } },
                        {
                            key: "INBOUND_RESOLVERS",
                            ipSet: { definitions: ["10.32.1.36/32", "10.32.1.52/32"] },
                        },
                        { key: "ON_PREM", ipSet: { definitions: ["192.168.0.0/16"] } },
                    ],
                });
            }
        });

        it("refuses a deny group after an allow group, and a variable nobody defines", async () => {
            const failure = async (groups: FirewallRuleGroupData[], variables = VARIABLES) => {
                try {
                    await run(groups, variables);
                } catch (error) {
                    return String(error);
                }
                return "no error";
            };
            expect(await failure([allow, blockBad])).to.include(
                "FirewallPolicy inspection: rule group 'block-bad' drops or alerts but comes after the allow group 'allow-web', which decides first under STRICT_ORDER; put deny and alert groups before allow groups",
            );
            expect(
                await failure([dnsFromOffice], { ON_PREM: ["192.168.0.0/16"], INBOUND_RESOLVERS: [] }),
            ).to.include(
                "rule group 'dns-from-office' refers to $INBOUND_RESOLVERS, which is not a rule variable",
            );
        });
    });
});
