import { expect } from "chai";
import {
    FirewallPolicy,
    STATEFUL_DEFAULT_ACTIONS,
    STATELESS_DEFAULT_ACTIONS,
} from "../../../components/network/firewall-policy";
import {
    requiredCapacity,
    suggestedCapacity,
    ruleGroupSpec,
    ruleGroupType,
    suricataRuleLines,
    type DomainListRuleGroupData,
    type FirewallRuleGroupData,
    type StatefulRuleGroupData,
    type StatelessRuleGroupData,
    type SuricataRuleGroupData,
} from "../../../components/network/firewall-rules";
import { isUnknown, runProgram, type Recorded } from "../../harness";

const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
const POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
const COMPONENT = "hub-network:network:FirewallPolicy";

const HOME_NET = ["10.64.0.0/12", "100.64.0.0/16"];
const TAGS = { Environment: "dev" };

const edgeStateless: StatelessRuleGroupData = {
    kind: "stateless",
    name: "edge-stateless",
    capacity: 100,
    description: "Drop remote admin from outside, pass ICMP, forward the rest",
    rules: [
        {
            priority: 10,
            action: "drop",
            protocols: [6, 17],
            sources: ["0.0.0.0/1", "128.0.0.0/1"],
            destinationPorts: [
                { from: 23, to: 23 },
                { from: 3389, to: 3389 },
                { from: 5900, to: 5910 },
            ],
        },
        { priority: 20, action: "pass", protocols: [1], destinations: ["10.64.0.0/12"] },
        { priority: 30, action: "forward" },
    ],
};

const egressStateful: StatefulRuleGroupData = {
    kind: "stateful",
    name: "egress-5tuple",
    capacity: 100,
    rules: [
        {
            action: "pass",
            protocol: "TCP",
            source: "$HOME_NET",
            sourcePort: "ANY",
            destination: "ANY",
            destinationPort: "443",
            direction: "FORWARD",
        },
        {
            action: "drop",
            protocol: "UDP",
            source: "ANY",
            sourcePort: "ANY",
            destination: "ANY",
            destinationPort: "53",
            direction: "ANY",
            sid: 5000,
        },
        {
            action: "alert",
            protocol: "IP",
            source: "10.64.0.0/12",
            sourcePort: "1024:65535",
            destination: "ANY",
            destinationPort: "ANY",
            direction: "FORWARD",
        },
        {
            action: "reject",
            protocol: "TCP",
            source: "ANY",
            sourcePort: "ANY",
            destination: "ANY",
            destinationPort: "25",
            direction: "FORWARD",
        },
    ],
};

/** 8 sources x 7 destinations: needs 56, so 2x rounds up to 200. */
const INTERNAL_SOURCES = Array.from({ length: 8 }, (_, i) => `10.${64 + i}.0.0/16`);
const INTERNAL_DESTINATIONS = Array.from({ length: 7 }, (_, i) => `100.64.${i}.0/24`);

const internalStateless: StatelessRuleGroupData = {
    kind: "stateless",
    name: "internal-stateless",
    capacity: 200,
    rules: [
        {
            priority: 5,
            action: "forward",
            protocols: [6],
            sources: INTERNAL_SOURCES,
            destinations: INTERNAL_DESTINATIONS,
            sourcePorts: [{ from: 1024, to: 65535 }],
        },
    ],
};

const allowDomains: DomainListRuleGroupData = {
    kind: "domain-list",
    name: "allowed-domains",
    capacity: 100,
    action: "allow",
    domains: ["sts.eu-west-1.amazonaws.com", "github.com", ".ubuntu.com"],
    targetTypes: ["TLS_SNI", "HTTP_HOST"],
};

const suricata: SuricataRuleGroupData = {
    kind: "suricata",
    name: "custom-suricata",
    capacity: 100,
    rules: [
        "# Block known-bad user agents",
        'drop http $HOME_NET any -> any any (msg:"bad UA"; http.user_agent; content:"evil"; sid:100;)',
        "",
        '   alert tls any any -> any any (msg:"old TLS"; ssl_version:tls1.0; sid:101;)   ',
        "  # trailing comment",
    ].join("\n"),
};

const denyDomains: DomainListRuleGroupData = {
    kind: "domain-list",
    name: "blocked-domains",
    action: "deny",
    domains: [".example.invalid"],
    targetTypes: ["TLS_SNI"],
    capacity: 250,
};

/** Declared order: stateless and stateful groups interleaved. */
const GROUPS: FirewallRuleGroupData[] = [
    edgeStateless,
    egressStateful,
    internalStateless,
    suricata,
    denyDomains,
    allowDomains,
];

const STATEFUL_OPTIONS = {
    statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
    ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: HOME_NET } }] },
};

/** The exact `ruleGroup` argument each group must translate to. */
const EXPECTED_SPECS: Record<string, unknown> = {
    "edge-stateless": {
        rulesSource: {
            statelessRulesAndCustomActions: {
                statelessRules: [
                    {
                        priority: 10,
                        ruleDefinition: {
                            actions: ["aws:drop"],
                            matchAttributes: {
                                protocols: [6, 17],
                                sources: [
                                    { addressDefinition: "0.0.0.0/1" },
                                    { addressDefinition: "128.0.0.0/1" },
                                ],
                                destinations: [],
                                sourcePorts: [],
                                destinationPorts: [
                                    { fromPort: 23, toPort: 23 },
                                    { fromPort: 3389, toPort: 3389 },
                                    { fromPort: 5900, toPort: 5910 },
                                ],
                            },
                        },
                    },
                    {
                        priority: 20,
                        ruleDefinition: {
                            actions: ["aws:pass"],
                            matchAttributes: {
                                protocols: [1],
                                sources: [],
                                destinations: [{ addressDefinition: "10.64.0.0/12" }],
                                sourcePorts: [],
                                destinationPorts: [],
                            },
                        },
                    },
                    {
                        priority: 30,
                        ruleDefinition: {
                            actions: ["aws:forward_to_sfe"],
                            matchAttributes: {
                                protocols: [],
                                sources: [],
                                destinations: [],
                                sourcePorts: [],
                                destinationPorts: [],
                            },
                        },
                    },
                ],
            },
        },
    },
    "egress-5tuple": {
        ...STATEFUL_OPTIONS,
        rulesSource: {
            statefulRules: [
                {
                    action: "PASS",
                    header: {
                        protocol: "TCP",
                        source: "$HOME_NET",
                        sourcePort: "ANY",
                        destination: "ANY",
                        destinationPort: "443",
                        direction: "FORWARD",
                    },
                    ruleOptions: [{ keyword: "sid", settings: ["1"] }],
                },
                {
                    action: "DROP",
                    header: {
                        protocol: "UDP",
                        source: "ANY",
                        sourcePort: "ANY",
                        destination: "ANY",
                        destinationPort: "53",
                        direction: "ANY",
                    },
                    ruleOptions: [{ keyword: "sid", settings: ["5000"] }],
                },
                {
                    action: "ALERT",
                    header: {
                        protocol: "IP",
                        source: "10.64.0.0/12",
                        sourcePort: "1024:65535",
                        destination: "ANY",
                        destinationPort: "ANY",
                        direction: "FORWARD",
                    },
                    ruleOptions: [{ keyword: "sid", settings: ["3"] }],
                },
                {
                    action: "REJECT",
                    header: {
                        protocol: "TCP",
                        source: "ANY",
                        sourcePort: "ANY",
                        destination: "ANY",
                        destinationPort: "25",
                        direction: "FORWARD",
                    },
                    ruleOptions: [{ keyword: "sid", settings: ["4"] }],
                },
            ],
        },
    },
    "internal-stateless": {
        rulesSource: {
            statelessRulesAndCustomActions: {
                statelessRules: [
                    {
                        priority: 5,
                        ruleDefinition: {
                            actions: ["aws:forward_to_sfe"],
                            matchAttributes: {
                                protocols: [6],
                                sources: INTERNAL_SOURCES.map((c) => ({ addressDefinition: c })),
                                destinations: INTERNAL_DESTINATIONS.map((c) => ({ addressDefinition: c })),
                                sourcePorts: [{ fromPort: 1024, toPort: 65535 }],
                                destinationPorts: [],
                            },
                        },
                    },
                ],
            },
        },
    },
    "allowed-domains": {
        ...STATEFUL_OPTIONS,
        rulesSource: {
            rulesSourceList: {
                generatedRulesType: "ALLOWLIST",
                targetTypes: ["TLS_SNI", "HTTP_HOST"],
                targets: ["sts.eu-west-1.amazonaws.com", "github.com", ".ubuntu.com"],
            },
        },
    },
    "custom-suricata": {
        ...STATEFUL_OPTIONS,
        rulesSource: {
            rulesString: [
                'drop http $HOME_NET any -> any any (msg:"bad UA"; http.user_agent; content:"evil"; sid:100;)',
                'alert tls any any -> any any (msg:"old TLS"; ssl_version:tls1.0; sid:101;)',
            ].join("\n"),
        },
    },
    "blocked-domains": {
        ...STATEFUL_OPTIONS,
        rulesSource: {
            rulesSourceList: {
                generatedRulesType: "DENYLIST",
                targetTypes: ["TLS_SNI"],
                targets: [".example.invalid"],
            },
        },
    },
};

/** Exact type and capacity of every group: as declared. */
const EXPECTED_TYPE_AND_CAPACITY: Record<string, { type: string; capacity: number }> = {
    "edge-stateless": { type: "STATELESS", capacity: 100 },
    "egress-5tuple": { type: "STATEFUL", capacity: 100 },
    "internal-stateless": { type: "STATELESS", capacity: 200 },
    "allowed-domains": { type: "STATEFUL", capacity: 100 },
    "custom-suricata": { type: "STATEFUL", capacity: 100 },
    "blocked-domains": { type: "STATEFUL", capacity: 250 },
};

function runPolicy(preview: boolean): Promise<Recorded> {
    return runProgram(
        () => {
            const policy = new FirewallPolicy("inspection", {
                ruleGroups: GROUPS,
                homeNet: HOME_NET,
                tags: TAGS,
            });
            return { policyArn: policy.policyArn };
        },
        { preview },
    );
}

interface Reference {
    priority: number;
    resourceArn: unknown;
}

function references(run: Recorded): { stateless: Reference[]; stateful: Reference[] } {
    const spec = run.find(POLICY, "inspection-policy").inputs.firewallPolicy as {
        statelessRuleGroupReferences: Reference[];
        statefulRuleGroupReferences: Reference[];
    };
    return { stateless: spec.statelessRuleGroupReferences, stateful: spec.statefulRuleGroupReferences };
}

const STATELESS_NAMES = ["edge-stateless", "internal-stateless"];
const STATEFUL_NAMES = ["egress-5tuple", "custom-suricata", "blocked-domains", "allowed-domains"];

describe("FirewallPolicy", () => {
    let update: Recorded;
    let preview: Recorded;

    before(async () => {
        update = await runPolicy(false);
        preview = await runPolicy(true);
    });

    describe("rule groups", () => {
        it("creates one rule group per declared group, parented to the component", () => {
            const component = update.find(COMPONENT, "inspection");
            const groups = update.all(RULE_GROUP);
            expect(groups.map((g) => g.name)).to.have.members(GROUPS.map((g) => `inspection-${g.name}`));
            expect(groups).to.have.lengthOf(GROUPS.length);
            for (const g of groups) expect(g.parent).to.equal(component.urn);
            expect(update.find(POLICY, "inspection-policy").parent).to.equal(component.urn);
        });

        for (const data of GROUPS) {
            it(`translates the ${data.kind} group ${data.name} into exact RuleGroup inputs`, () => {
                for (const run of [update, preview]) {
                    const group = run.find(RULE_GROUP, `inspection-${data.name}`);
                    expect(group.inputs.type).to.equal(EXPECTED_TYPE_AND_CAPACITY[data.name].type);
                    expect(group.inputs.capacity).to.equal(EXPECTED_TYPE_AND_CAPACITY[data.name].capacity);
                    expect(group.inputs.ruleGroup).to.deep.equal(EXPECTED_SPECS[data.name]);
                    expect(group.inputs.description).to.equal(data.description);
                    expect(group.inputs.tags).to.deep.equal({
                        ...TAGS,
                        Name: data.name,
                        "hub-network:rule-kind": data.kind,
                    });
                }
            });
        }

        it("gives stateless groups no stateful options and every stateful group STRICT_ORDER and HOME_NET", () => {
            for (const g of update.all(RULE_GROUP)) {
                const spec = g.inputs.ruleGroup as Record<string, unknown>;
                if (g.inputs.type === "STATELESS") {
                    expect(spec, g.name).to.not.have.any.keys("statefulRuleOptions", "ruleVariables");
                } else {
                    expect(spec.statefulRuleOptions, g.name).to.deep.equal({ ruleOrder: "STRICT_ORDER" });
                    expect(spec.ruleVariables, g.name).to.deep.equal({
                        ipSets: [{ key: "HOME_NET", ipSet: { definitions: HOME_NET } }],
                    });
                }
            }
        });
    });

    describe("policy", () => {
        it("forwards every packet to the stateful engine, which drops and alerts by default in strict order", () => {
            const policy = update.find(POLICY, "inspection-policy");
            const spec = policy.inputs.firewallPolicy as Record<string, unknown>;
            expect(spec.statelessDefaultActions).to.deep.equal(["aws:forward_to_sfe"]);
            expect(spec.statelessFragmentDefaultActions).to.deep.equal(["aws:forward_to_sfe"]);
            expect(spec.statefulEngineOptions).to.deep.include({ ruleOrder: "STRICT_ORDER" });
            expect(spec.statefulDefaultActions).to.deep.equal([
                "aws:drop_established",
                "aws:alert_established",
            ]);
            expect(STATELESS_DEFAULT_ACTIONS).to.deep.equal(["aws:forward_to_sfe"]);
            expect(STATEFUL_DEFAULT_ACTIONS).to.deep.equal(["aws:drop_established", "aws:alert_established"]);
            expect(policy.inputs.description).to.equal("hub-network inspection policy");
            expect(policy.inputs.tags).to.deep.equal({ ...TAGS, Name: "inspection-policy" });
        });

        it("references stateless groups only as stateless and stateful ones only as stateful, in declared order", () => {
            const refs = references(update);
            const arnOf = (name: string) => update.find(RULE_GROUP, `inspection-${name}`).outputs.arn;
            expect(refs.stateless.map((r) => r.resourceArn)).to.deep.equal(STATELESS_NAMES.map(arnOf));
            expect(refs.stateful.map((r) => r.resourceArn)).to.deep.equal(STATEFUL_NAMES.map(arnOf));
            for (const r of refs.stateless) expect(String(r.resourceArn)).to.contain(":stateless-rulegroup/");
            for (const r of refs.stateful) expect(String(r.resourceArn)).to.contain(":stateful-rulegroup/");
        });

        it("gives references strictly increasing priorities in declared order", () => {
            const refs = references(update);
            expect(refs.stateless.map((r) => r.priority)).to.deep.equal([10, 20]);
            expect(refs.stateful.map((r) => r.priority)).to.deep.equal([10, 20, 30, 40]);
        });

        it("refers to each rule group by the ARN recorded for it in an update", () => {
            const refs = references(update);
            const all = [...refs.stateless, ...refs.stateful];
            const names = [...STATELESS_NAMES, ...STATEFUL_NAMES];
            names.forEach((name, i) => {
                const group = update.find(RULE_GROUP, `inspection-${name}`);
                expect(group.id).to.equal(group.outputs.arn);
                expect(all[i].resourceArn, name).to.equal(group.outputs.arn);
                expect(all[i].resourceArn, name).to.match(
                    /^arn:aws:network-firewall:eu-west-1:111111111111:/,
                );
            });
            const policy = update.find(POLICY, "inspection-policy");
            expect(update.outputs.policyArn).to.equal(policy.outputs.arn);
            expect(update.find(COMPONENT, "inspection").outputs).to.deep.equal({
                policyArn: policy.outputs.arn,
            });
        });

        it("leaves reference ARNs unknown in a preview but depends on every rule group", () => {
            const refs = references(preview);
            expect(refs.stateless).to.have.lengthOf(2);
            expect(refs.stateful).to.have.lengthOf(4);
            for (const r of [...refs.stateless, ...refs.stateful])
                expect(isUnknown(r.resourceArn)).to.equal(true);
            expect(refs.stateless.map((r) => r.priority)).to.deep.equal([10, 20]);
            expect(refs.stateful.map((r) => r.priority)).to.deep.equal([10, 20, 30, 40]);
            const policy = preview.find(POLICY, "inspection-policy");
            const groupUrns = preview.all(RULE_GROUP).map((g) => g.urn);
            expect(groupUrns).to.have.lengthOf(6);
            expect(policy.propertyDependencies.firewallPolicy).to.include.members(groupUrns);
            expect(policy.dependencies).to.include.members(groupUrns);
            expect(isUnknown(preview.outputs.policyArn)).to.equal(true);
        });
    });
});

describe("firewall rule translation", () => {
    describe("ruleGroupType", () => {
        it("maps stateless to STATELESS and every other kind to STATEFUL", () => {
            expect(GROUPS.map((g) => [g.kind, ruleGroupType(g)])).to.deep.equal([
                ["stateless", "STATELESS"],
                ["stateful", "STATEFUL"],
                ["stateless", "STATELESS"],
                ["suricata", "STATEFUL"],
                ["domain-list", "STATEFUL"],
                ["domain-list", "STATEFUL"],
            ]);
        });
    });

    describe("ruleGroupSpec", () => {
        it("translates every kind to the exact rulesSource shape", () => {
            for (const g of GROUPS)
                expect(ruleGroupSpec(g, HOME_NET), g.name).to.deep.equal(EXPECTED_SPECS[g.name]);
        });

        it("maps stateless actions pass/drop/forward to aws:pass/aws:drop/aws:forward_to_sfe", () => {
            const spec = ruleGroupSpec(
                {
                    kind: "stateless",
                    name: "actions",
                    capacity: 100,
                    rules: [
                        { priority: 1, action: "pass" },
                        { priority: 2, action: "drop" },
                        { priority: 3, action: "forward" },
                    ],
                },
                HOME_NET,
            ) as {
                rulesSource: {
                    statelessRulesAndCustomActions: {
                        statelessRules: { ruleDefinition: { actions: string[] } }[];
                    };
                };
            };
            expect(
                spec.rulesSource.statelessRulesAndCustomActions.statelessRules.map(
                    (r) => r.ruleDefinition.actions,
                ),
            ).to.deep.equal([["aws:pass"], ["aws:drop"], ["aws:forward_to_sfe"]]);
        });

        it("defaults a stateful rule's sid to its 1-based position and keeps declared sids", () => {
            const spec = ruleGroupSpec(egressStateful, HOME_NET) as {
                rulesSource: { statefulRules: { action: string; ruleOptions: unknown[] }[] };
            };
            expect(spec.rulesSource.statefulRules.map((r) => r.ruleOptions)).to.deep.equal([
                [{ keyword: "sid", settings: ["1"] }],
                [{ keyword: "sid", settings: ["5000"] }],
                [{ keyword: "sid", settings: ["3"] }],
                [{ keyword: "sid", settings: ["4"] }],
            ]);
            expect(spec.rulesSource.statefulRules.map((r) => r.action)).to.deep.equal([
                "PASS",
                "DROP",
                "ALERT",
                "REJECT",
            ]);
        });

        it("uses the given homeNet (a copy) as HOME_NET for every stateful kind", () => {
            const homeNet = ["172.16.0.0/12"];
            for (const g of [egressStateful, allowDomains, suricata]) {
                const spec = ruleGroupSpec(g, homeNet) as {
                    ruleVariables: { ipSets: { key: string; ipSet: { definitions: string[] } }[] };
                };
                expect(spec.ruleVariables.ipSets).to.deep.equal([
                    { key: "HOME_NET", ipSet: { definitions: ["172.16.0.0/12"] } },
                ]);
                expect(spec.ruleVariables.ipSets[0].ipSet.definitions).to.not.equal(homeNet);
            }
        });

        it("drops comment and blank lines from Suricata rules and trims the rest", () => {
            expect(suricataRuleLines(suricata.rules)).to.deep.equal([
                'drop http $HOME_NET any -> any any (msg:"bad UA"; http.user_agent; content:"evil"; sid:100;)',
                'alert tls any any -> any any (msg:"old TLS"; ssl_version:tls1.0; sid:101;)',
            ]);
            const spec = ruleGroupSpec(suricata, HOME_NET) as { rulesSource: { rulesString: string } };
            expect(spec.rulesSource.rulesString).to.not.match(/^\s*#/m);
            expect(spec.rulesSource.rulesString.split("\n")).to.have.lengthOf(2);
        });
    });

    describe("requiredCapacity", () => {
        it("sums, over stateless rules, the product of the sizes of their match settings (empty counts 1)", () => {
            // 2 protocols x 2 sources x 1 x 1 x 3 destination ports = 12; 1 x 1 x 1 destination = 1; nothing = 1
            expect(requiredCapacity(edgeStateless)).to.equal(14);
            expect(requiredCapacity(internalStateless)).to.equal(8 * 7);
            expect(
                requiredCapacity({
                    kind: "stateless",
                    name: "wide",
                    capacity: 100,
                    rules: [
                        {
                            priority: 1,
                            action: "drop",
                            protocols: [6, 17],
                            sources: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
                            destinations: ["10.1.0.0/16", "10.2.0.0/16"],
                            sourcePorts: [
                                { from: 1, to: 1 },
                                { from: 2, to: 2 },
                            ],
                            destinationPorts: [
                                { from: 22, to: 22 },
                                { from: 80, to: 80 },
                                { from: 443, to: 443 },
                            ],
                        },
                        { priority: 2, action: "pass", protocols: [1, 58] },
                    ],
                }),
            ).to.equal(2 * 3 * 2 * 2 * 3 + 2);
        });

        it("counts one per stateful rule, per domain and target type, and per Suricata rule line", () => {
            expect(requiredCapacity(egressStateful)).to.equal(4);
            expect(requiredCapacity(allowDomains)).to.equal(6);
            expect(requiredCapacity(denyDomains)).to.equal(1);
            expect(requiredCapacity(suricata)).to.equal(2);
        });
    });

    describe("declared capacity", () => {
        const domainsOf = (n: number): DomainListRuleGroupData => ({
            ...allowDomains,
            capacity: 100,
            targetTypes: ["TLS_SNI", "HTTP_HOST"],
            domains: Array.from({ length: n }, (_, i) => `d${i}.example.com`),
        });

        it("keeps the declared capacity as rules are added, so the group is never replaced silently", async () => {
            // 25 domains x 2 target types need 50; 26 need 52. The capacity stays what the data says.
            for (const n of [25, 26, 50]) {
                const run = await runProgram(() => {
                    new FirewallPolicy("inspection", {
                        ruleGroups: [domainsOf(n)],
                        homeNet: ["10.64.0.0/12"],
                    });
                });
                expect(run.all(RULE_GROUP)[0].inputs.capacity, `${n} domains`).to.equal(100);
            }
        });

        it("refuses a capacity below what the rules need before declaring any group", async () => {
            let groups = -1;
            let message = "";
            try {
                await runProgram(() => {
                    new FirewallPolicy("inspection", {
                        ruleGroups: [egressStateful, domainsOf(51)],
                        homeNet: ["10.64.0.0/12"],
                    });
                });
            } catch (e) {
                message = String((e as Error).message);
                const resources = (e as { resources?: { type: string }[] }).resources ?? [];
                groups = resources.filter((r) => r.type === RULE_GROUP).length;
            }
            expect(message).to.contain(
                "FirewallPolicy inspection: rule group 'allowed-domains' has capacity 100, below the 102 its rules need; declare at least 102, e.g. 300 to leave room to grow (a new capacity replaces the group)",
            );
            expect(groups).to.equal(0);
        });

        it("suggests twice the need rounded up to 100, at least 100", () => {
            expect([0, 1, 50, 51, 150, 151].map(suggestedCapacity)).to.deep.equal([
                100, 100, 100, 200, 300, 400,
            ]);
        });
    });
});
