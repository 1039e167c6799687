import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { list, record, str, tagsOf } from "../../../lib/props";
import { identifiersOf, StackGraph } from "../../../lib/stack";

const POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";

const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

/**
 * A firewall policy of a stack with a block list (the rule group tagged
 * `hub-network:rule-kind: block-list`, which drops the addresses of GuardDuty findings) references it
 * with a priority below every other stateful rule group: under `STRICT_ORDER` the first group that
 * passes a flow decides, so a block list after an allow list would never drop what that list
 * allows. The reference is followed through property dependencies (a preview: it must be there) and
 * the priorities through ARNs (an update, where they are known).
 */
export const firewallPolicyBlockListFirst = stackPolicy({
    name: "networkfirewall-firewall-policy-block-list-first",
    description:
        "A firewall policy must evaluate the stack's block list before every other stateful rule group.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    subjectType: POLICY,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        const lists = graph
            .ofType(RULE_GROUP)
            .filter((g) => tagsOf(g.props)["hub-network:rule-kind"] === "block-list");
        for (const policy of graph.ofType(POLICY)) {
            const refs = list(record(policy.props.firewallPolicy).statefulRuleGroupReferences).map(record);
            for (const group of lists) {
                if (!graph.refersTo(policy, "firewallPolicy", group)) {
                    found.push({
                        urn: policy.urn,
                        message: `firewall policy '${policy.name}' does not reference the block list '${group.name}'; add it to statefulRuleGroupReferences with the lowest priority.`,
                    });
                    continue;
                }
                const ids = identifiersOf(group);
                const own = refs.find((r) => ids.includes(str(r.resourceArn) ?? ""));
                if (!own) continue;
                const priority = num(own.priority);
                const before = refs
                    .filter((r) => r !== own && (num(r.priority) ?? Infinity) <= (priority ?? -Infinity))
                    .map((r) => num(r.priority));
                if (before.length > 0) {
                    found.push({
                        urn: policy.urn,
                        message: `firewall policy '${policy.name}' evaluates the block list '${group.name}' at priority ${priority}, not before every other stateful group (priorities ${before.join(", ")}); give it the lowest priority.`,
                    });
                }
            }
        }
        return found;
    },
});
