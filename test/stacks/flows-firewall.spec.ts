import { expect } from "chai";
import type { Document } from "yaml";
import { ConfigError, formatProblem } from "../../stacks/schema/errors";
import { loadEnvironment } from "../../stacks/schema/stack-config";
import { runEnvironment, type Recorded } from "../harness";
import { FLOWS_FIXTURE, flowsProject, LAB_ENV } from "./flows-fixture";

const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
const POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";

/** The problems of the lab environment after `edit`, each as the stack prints it (without line). */
function problemsAfter(edit: (doc: Document) => void): string[] {
    const root = flowsProject({ [LAB_ENV]: edit });
    try {
        loadEnvironment("lab", undefined, root);
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).problems.map((p) => formatProblem({ ...p, line: undefined }));
    }
    return [];
}

const GROUPS = ["firewall", "ruleGroups"];

describe("firewall rules follow the environment (lab fixture)", () => {
    describe("rule variables", () => {
        let lab: Record<string, Recorded>;
        before(async function () {
            this.timeout(180_000);
            lab = await runEnvironment("lab", { root: FLOWS_FIXTURE, only: (s) => s.startsWith("network-") });
        });

        it("defines the environment's ranges as rule variables of every stateful group", () => {
            const group = lab["network-lab"].find(RULE_GROUP, "inspection-allow-dns-from-office");
            const ipSets = (group.inputs.ruleGroup as { ruleVariables: { ipSets: unknown[] } }).ruleVariables
                .ipSets;
            expect(ipSets).to.deep.equal([
                { key: "HOME_NET", ipSet: { definitions: ["10.32.0.0/12"] } },
                // the default inbound address of each AZ's resolver subnet, in both regions
                {
                    key: "INBOUND_RESOLVERS",
                    ipSet: {
                        definitions: ["10.32.1.36/32", "10.32.1.52/32", "10.32.5.36/32", "10.32.5.52/32"],
                    },
                },
                { key: "ON_PREM", ipSet: { definitions: ["192.168.0.0/16"] } },
                { key: "ON_PREM_DNS", ipSet: { definitions: ["192.168.10.2/32", "192.168.11.2/32"] } },
                { key: "SHARED_SERVICES", ipSet: { definitions: ["10.32.1.0/24", "10.32.5.0/24"] } },
                { key: "SPOKES", ipSet: { definitions: ["10.40.0.0/13"] } },
            ]);
            // the rule names them, not addresses
            const rules = (group.inputs.ruleGroup as { rulesSource: { statefulRules: { header: object }[] } })
                .rulesSource.statefulRules;
            expect(rules[0].header).to.deep.include({
                source: "$ON_PREM",
                destination: "$INBOUND_RESOLVERS",
            });
        });

        it("gives the DR hub the same variables: one rule set for both regions", () => {
            const spec = (stack: string) =>
                lab[stack].find(RULE_GROUP, "inspection-allow-dns-from-office").inputs.ruleGroup;
            expect(spec("network-lab-dr")).to.deep.equal(spec("network-lab"));
        });

        it("evaluates deny groups before allow groups in the policy", () => {
            const policy = lab["network-lab"].find(POLICY, "inspection-policy");
            const refs = (
                policy.inputs.firewallPolicy as { statefulRuleGroupReferences: { resourceArn: string }[] }
            ).statefulRuleGroupReferences;
            const nameOf = (arn: string) =>
                lab["network-lab"].all(RULE_GROUP).find((g) => g.outputs.arn === arn)?.name;
            // The hub's own allow-list first: its HOME_NET is the shared-services VPC only, so it
            // decides nothing for spoke traffic; then the environment's deny groups before its allows.
            expect(refs.map((r) => nameOf(r.resourceArn))).to.deep.equal([
                "inspection-hub-onboarding-registrar",
                "inspection-block-bad-sni",
                "inspection-allow-dns-from-office",
                "inspection-allow-dns-to-office",
                "inspection-allow-ledger-database",
                "inspection-web-allow-list",
            ]);
        });
    });

    describe("refused at config time, naming file, field, value and fix", () => {
        it("refuses an address copied from another environment, and names the variables to use", () => {
            expect(
                problemsAfter((doc) => doc.setIn([...GROUPS, 1, "rules", 0, "destination"], "10.64.1.0/24")),
            ).to.deep.equal([
                `${LAB_ENV}: firewall.ruleGroups[allow-dns-from-office].rules[0].destination '10.64.1.0/24' is not inside any range of this environment (10.32.0.0/12, 192.168.0.0/16, 192.168.10.2/32, 192.168.11.2/32), so it names nothing here (an address copied from another environment?); expected a rule variable such as $SPOKES, $SHARED_SERVICES, $INBOUND_RESOLVERS, $ON_PREM, $ON_PREM_DNS, or a range named under firewall.variables`,
            ]);
        });

        it("accepts an outside range once it is named under firewall.variables", () => {
            expect(
                problemsAfter((doc) => {
                    doc.setIn(["firewall", "variables"], { PARTNER: ["198.51.100.0/24"] });
                    doc.setIn([...GROUPS, 1, "rules", 0, "source"], "$PARTNER");
                    doc.setIn([...GROUPS, 1, "rules", 0, "destination"], "198.51.100.0/25");
                }),
            ).to.deep.equal([]);
        });

        it("refuses a variable the environment does not define, and one that redefines a derived name", () => {
            expect(
                problemsAfter((doc) => {
                    doc.setIn([...GROUPS, 1, "rules", 0, "source"], "$ONPREM");
                    doc.setIn(["firewall", "variables"], { SPOKES: ["10.40.0.0/16"] });
                }),
            ).to.deep.equal([
                `${LAB_ENV}: firewall.ruleGroups[allow-dns-from-office].rules[0].source '$ONPREM' uses $ONPREM, which is not defined; expected $ON_PREM, or one of $HOME_NET, $EXTERNAL_NET, $INBOUND_RESOLVERS, $ON_PREM, $ON_PREM_DNS, $SHARED_SERVICES, $SPOKES`,
                `${LAB_ENV}: firewall.variables.SPOKES '["10.40.0.0/16"]' redefines $SPOKES, which the stacks derive from this file; expected another name (the derived variables are $HOME_NET, $EXTERNAL_NET, $SPOKES, $SHARED_SERVICES, $INBOUND_RESOLVERS, $ON_PREM, $ON_PREM_DNS)`,
            ]);
        });

        it("refuses a deny group placed after an allow group, saying where it must go", () => {
            expect(
                problemsAfter((doc) => {
                    const first = doc.getIn([...GROUPS, 0]);
                    doc.deleteIn([...GROUPS, 0]);
                    doc.addIn(GROUPS, first);
                }),
            ).to.deep.equal([
                `${LAB_ENV}: firewall.ruleGroups[block-bad-sni].name 'block-bad-sni' drops or alerts but comes after the allow group 'allow-dns-from-office' (ruleGroups.0): under STRICT_ORDER the engine stops at the first group that passes a flow, so this group never sees what that one allows; expected deny and alert groups before allow groups: move it above ruleGroups.0`,
            ]);
        });

        it("refuses a wildcard allow-list entry under amazonaws.com", () => {
            expect(
                problemsAfter((doc) => doc.setIn([...GROUPS, 4, "domains", 0], ".amazonaws.com")),
            ).to.deep.equal([
                `${LAB_ENV}: firewall.ruleGroups[web-allow-list].domains[0] '.amazonaws.com' admits every name under amazonaws.com, where any AWS customer hosts buckets and APIs (a path to exfiltrate data); expected exact service names, e.g. sts.eu-west-1.amazonaws.com, and VPC endpoints for the AWS services the workloads use`,
            ]);
        });

        it("refuses a literal address inside a Suricata rule that names nothing here", () => {
            expect(
                problemsAfter((doc) =>
                    doc.setIn(
                        [...GROUPS, 0, "rules"],
                        'drop tcp 10.64.0.0/16 any -> $EXTERNAL_NET any (msg:"copied"; sid:2000001; rev:1;)\n',
                    ),
                ),
            ).to.have.length(1);
        });
    });
});
