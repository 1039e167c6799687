/**
 * Firewall policies for the flow specs, built through the component's own translation of rule data
 * (components/network/firewall-rules.ts) and recorded as the mock cloud records them.
 */
import {
    ruleGroupSpec,
    ruleGroupType,
    type FirewallRuleGroupData,
} from "../../../../components/network/firewall-rules";
import { Inventory, type Item } from "../../../../cli/plan/inventory";
import { firewallPolicies, type PolicyModel } from "../../../../cli/plan/flows/firewall-model";
import { rec } from "../topologies";

export const HOME_NET = ["10.64.0.0/12"];

/** The records of a firewall with a policy over `groups` (in order, priorities 10, 20, ...). */
export function firewallRecords(
    groups: readonly FirewallRuleGroupData[],
    options: { stack?: string; ruleOrder?: "STRICT_ORDER" | "DEFAULT_ACTION_ORDER"; homeNet?: string[] } = {},
) {
    const stack = options.stack ?? "network-dev";
    const records = groups.map((g) =>
        rec(
            stack,
            "aws:networkfirewall/ruleGroup:RuleGroup",
            `inspection-${g.name}`,
            {
                type: ruleGroupType(g),
                ruleGroup: ruleGroupSpec(g, options.homeNet ?? HOME_NET),
                arn: `arn:aws:network-firewall:eu-west-1:111111111111:stateful-rulegroup/${g.name}`,
                tags: { Name: g.name },
            },
            { id: `rg-${g.name}` },
        ),
    );
    const ref = (kind: "stateless" | "stateful") =>
        groups
            .map((g, i) => ({ g, arn: records[i].outputs.arn }))
            .filter(({ g }) => (g.kind === "stateless") === (kind === "stateless"))
            .map(({ arn }, i) => ({ priority: (i + 1) * 10, resourceArn: arn }));
    const policy = rec(
        stack,
        "aws:networkfirewall/firewallPolicy:FirewallPolicy",
        "inspection-policy",
        {
            arn: "arn:aws:network-firewall:eu-west-1:111111111111:firewall-policy/inspection",
            firewallPolicy: {
                statelessDefaultActions: ["aws:forward_to_sfe"],
                statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
                statelessRuleGroupReferences: ref("stateless"),
                statefulEngineOptions: { ruleOrder: options.ruleOrder ?? "STRICT_ORDER" },
                statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
                statefulRuleGroupReferences: ref("stateful"),
            },
        },
        { id: "fwp-1" },
    );
    const firewall = rec(
        stack,
        "aws:networkfirewall/firewall:Firewall",
        "inspection-firewall",
        { firewallPolicyArn: policy.outputs.arn, vpcId: "vpc-inspection" },
        { id: "fw-1" },
    );
    return { records: [...records, policy, firewall], firewall };
}

/** The policy model of a firewall over `groups`. */
export function policyOf(
    groups: readonly FirewallRuleGroupData[],
    options: Parameters<typeof firewallRecords>[1] = {},
): PolicyModel {
    const { records, firewall } = firewallRecords(groups, options);
    const inventory = new Inventory([
        { name: "network-dev", accountId: "111111111111", region: "eu-west-1", resources: records },
    ]);
    const model = firewallPolicies(inventory, () => ["10.64.0.0/24"]).get(firewall.urn);
    if (!model) throw new Error("no policy");
    return model;
}

export type { Item };
