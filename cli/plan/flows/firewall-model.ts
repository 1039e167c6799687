/**
 * A Network Firewall policy read from the inventory as the engine runs it: the stateless rule groups
 * in priority order with their rules in priority order, the stateless default actions, the stateful
 * rule groups in priority order with every rule as Suricata sees it (standard 5-tuple rules, the rules
 * a domain list generates, Suricata rule strings), the rule variables each group resolves, the rule
 * order and the stateful default actions. Pure.
 *
 * Sources:
 * - Evaluation order (stateless groups, then stateful): https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policy-processing.html
 * - Standard stateful rules become Suricata rules with the same header (`direction: ANY` is `<>`):
 *   https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-basic.html
 * - Domain lists: an allow list generates a pass rule per domain and target type (a leading dot uses
 *   `dotprefix` and `endswith`, an exact name `startswith` and `endswith`) and a drop rule for every
 *   other flow of that protocol from HOME_NET to EXTERNAL_NET; a deny list generates drop rules for the
 *   domains only. https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
 * - HOME_NET defaults to the firewall VPC's CIDR; a rule group's own `HOME_NET` overrides the policy's;
 *   EXTERNAL_NET is the negation of HOME_NET:
 *   https://docs.aws.amazon.com/network-firewall/latest/developerguide/troubleshooting-rules.html,
 *   https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-groups-variables.html
 * - IP set references (`@KEY` in a rule, `referenceSets.ipSetReferences` in the group): the CIDRs of the
 *   referenced VPC prefix list, as they are when the firewall evaluates (it follows the list's
 *   changes): https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-groups-ip-set-references.html.
 *   The plan knows the entries the inventory records; a list whose entries are owned at run time (the
 *   block list) is empty in a plan of a fresh deployment.
 */
import { list, obj, str, tagOf, type Inventory, type Item } from "../inventory";
import { AddressSet } from "./addresses";
import { parseSuricataRule, SuricataParseError, type StatefulRuleModel } from "./suricata";

export const FIREWALL_POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
export const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
export const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";

/** One stateless rule. */
export interface StatelessRuleModel {
    readonly priority: number;
    /** `aws:pass`, `aws:drop` or `aws:forward_to_sfe` (custom actions left out). */
    readonly action: string;
    readonly protocols: readonly number[];
    readonly sources: AddressSet;
    readonly destinations: AddressSet;
    readonly sourcePorts: readonly (readonly [number, number])[];
    readonly destinationPorts: readonly (readonly [number, number])[];
    readonly text: string;
}

/** A rule group as the policy references it. */
export interface GroupModel {
    readonly name: string;
    readonly item: Item;
    readonly priority: number;
}

export interface StatelessGroupModel extends GroupModel {
    readonly rules: readonly StatelessRuleModel[];
}

export interface StatefulGroupModel extends GroupModel {
    readonly rules: readonly StatefulRuleModel[];
    /** The group's IP set variables (`HOME_NET`, `EXTERNAL_NET`, and any of its own), resolved. */
    readonly variables: ReadonlyMap<string, AddressSet>;
    /** Where the group was read with a problem (an unreadable rule line). */
    readonly problems: readonly string[];
}

/** A firewall's policy, ready to evaluate. */
export interface PolicyModel {
    readonly firewall: Item;
    readonly policy: Item;
    readonly statelessDefault: readonly string[];
    readonly stateless: readonly StatelessGroupModel[];
    readonly ruleOrder: "STRICT_ORDER" | "DEFAULT_ACTION_ORDER";
    readonly statefulDefault: readonly string[];
    readonly stateful: readonly StatefulGroupModel[];
    /** What could not be read (references not resolved in a preview, unreadable rules). */
    readonly notes: readonly string[];
}

/** A rule group's display name: its `Name` tag or resource name. */
function groupName(item: Item): string {
    return tagOf(item, "Name") ?? str(item.props.name) ?? item.name;
}

/**
 * The rule groups a policy references, with their priority: by ARN once known, else (a preview of the
 * network stack) the groups the policy depends on, in declaration order, numbered as declared.
 */
function referencedGroups(
    inventory: Inventory,
    policy: Item,
    field: "statelessRuleGroupReferences" | "statefulRuleGroupReferences",
    type: "STATELESS" | "STATEFUL",
    notes: string[],
): { item: Item; priority: number }[] {
    const refs = list(obj(policy.props.firewallPolicy)[field]).map(obj);
    const out: { item: Item; priority: number }[] = [];
    let unresolved = 0;
    for (const ref of refs) {
        const item = inventory.withIdentifier(str(ref.resourceArn)).find((i) => i.type === RULE_GROUP);
        if (item) out.push({ item, priority: Number(ref.priority ?? 0) });
        else unresolved++;
    }
    if (unresolved > 0) {
        const dependencies = (policy.propertyDependencies.firewallPolicy ?? [])
            .map((urn) => inventory.get(urn))
            .filter((i): i is Item => i?.type === RULE_GROUP && str(i.props.type) === type)
            .filter((i) => !out.some((o) => o.item.urn === i.urn));
        const priorities = refs.map((r) => Number(r.priority ?? 0)).sort((a, b) => a - b);
        dependencies.forEach((item, i) => out.push({ item, priority: priorities[i] ?? (i + 1) * 10 }));
        notes.push(
            `${policy.name}: ${unresolved} rule group reference(s) not known yet; groups taken in declaration order`,
        );
    }
    return out.sort((a, b) => a.priority - b.priority);
}

function portRanges(value: unknown): [number, number][] {
    return list(value).map((p) => [Number(obj(p).fromPort ?? 0), Number(obj(p).toPort ?? 65535)]);
}

function addressList(value: unknown): AddressSet {
    const cidrs = list(value)
        .map((a) => str(obj(a).addressDefinition))
        .filter((c): c is string => c !== undefined);
    return cidrs.length === 0 ? AddressSet.ANY : (AddressSet.of(cidrs) ?? AddressSet.ANY);
}

function statelessRules(group: Item): StatelessRuleModel[] {
    const source = obj(obj(obj(group.props.ruleGroup).rulesSource).statelessRulesAndCustomActions);
    return list(source.statelessRules)
        .map(obj)
        .map((rule) => {
            const definition = obj(rule.ruleDefinition);
            const match = obj(definition.matchAttributes);
            const action =
                list(definition.actions)
                    .map((a) => String(a))
                    .find((a) => a.startsWith("aws:")) ?? "aws:forward_to_sfe";
            const protocols = list(match.protocols).map(Number);
            const dports = portRanges(match.destinationPorts);
            const text = `priority ${Number(rule.priority)} ${action}${protocols.length ? ` protocols ${protocols.join(",")}` : ""}${dports.length ? ` ports ${dports.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(",")}` : ""}`;
            return {
                priority: Number(rule.priority ?? 0),
                action,
                protocols,
                sources: addressList(match.sources),
                destinations: addressList(match.destinations),
                sourcePorts: portRanges(match.sourcePorts),
                destinationPorts: dports,
                text,
            };
        })
        .sort((a, b) => a.priority - b.priority);
}

/** The Suricata rules a domain list generates, as the Network Firewall guide shows them. */
export function domainListRules(
    generatedRulesType: string,
    targetTypes: readonly string[],
    targets: readonly string[],
): string[] {
    const rules: string[] = [];
    let sid = 1;
    const allow = generatedRulesType === "ALLOWLIST";
    const action = allow
        ? "pass"
        : generatedRulesType === "REJECTLIST"
          ? "reject"
          : generatedRulesType === "ALERTLIST"
            ? "alert"
            : "drop";
    const kinds = [
        ["TLS_SNI", "tls", "tls.sni", "TLS"],
        ["HTTP_HOST", "http", "http.host", "HTTP"],
    ] as const;
    for (const target of targets) {
        for (const [type, protocol, buffer, label] of kinds) {
            if (!targetTypes.includes(type)) continue;
            const nocase = protocol === "tls" ? " nocase;" : "";
            const match = target.startsWith(".")
                ? `${buffer}; dotprefix; content:"${target}";${nocase} endswith;`
                : `${buffer}; content:"${target}"; startswith;${nocase} endswith;`;
            rules.push(
                `${action} ${protocol} $HOME_NET any -> $EXTERNAL_NET any (${match} msg:"matching ${label} ${allow ? "allowlisted" : "denylisted"} FQDNs"; flow:to_server, established; sid:${sid++}; rev:1;)`,
            );
        }
    }
    if (allow) {
        for (const [type, protocol, , label] of kinds) {
            if (!targetTypes.includes(type)) continue;
            rules.push(
                `drop ${protocol} $HOME_NET any -> $EXTERNAL_NET any (msg:"not matching any ${label} allowlisted FQDNs"; flow:to_server, established; sid:${sid++}; rev:1;)`,
            );
        }
    }
    return rules;
}

/** A standard stateful rule as the Suricata rule Network Firewall builds from it. */
function standardRule(rule: Readonly<Record<string, unknown>>): string {
    const header = obj(rule.header);
    const sid = list(rule.ruleOptions)
        .map(obj)
        .find((o) => o.keyword === "sid");
    const sidText = sid ? ` sid:${String(list(sid.settings)[0] ?? "")};` : "";
    const arrow = str(header.direction) === "ANY" ? "<>" : "->";
    const address = (v: unknown) => (str(v) === "ANY" ? "any" : (str(v) ?? "any"));
    return `${String(rule.action ?? "PASS").toLowerCase()} ${String(header.protocol ?? "IP").toLowerCase()} ${address(header.source)} ${address(header.sourcePort)} ${arrow} ${address(header.destination)} ${address(header.destinationPort)} (${sidText.trim()})`;
}

/** The IP set variables of a group (or of the policy). */
function ipSets(variables: unknown): Map<string, AddressSet> {
    const out = new Map<string, AddressSet>();
    for (const entry of list(obj(variables).ipSets).map(obj)) {
        const key = str(entry.key);
        const set = AddressSet.of(list(obj(entry.ipSet).definitions).map(String));
        if (key && set) out.set(key, set);
    }
    return out;
}

/**
 * A group's IP set references as `@KEY` -> the referenced prefix list's entries; a reference the plan
 * cannot resolve is left out (rules naming it are then undecidable) and noted.
 */
function ipSetReferences(inventory: Inventory, group: Item, problems: string[]): Map<string, AddressSet> {
    const out = new Map<string, AddressSet>();
    const lists = inventory.refs(group, "ruleGroup", [PREFIX_LIST]);
    for (const entry of list(obj(obj(group.props.ruleGroup).referenceSets).ipSetReferences).map(obj)) {
        const key = str(entry.key);
        const arn = str(obj(list(entry.ipSetReferences)[0]).referenceArn);
        const target =
            inventory.withIdentifier(arn).find((i) => i.type === PREFIX_LIST) ??
            (lists.length === 1 ? lists[0] : undefined);
        if (!key) continue;
        if (!target) {
            problems.push(
                `IP set reference @${key} (${arn ?? "unknown ARN"}) is not a prefix list of the plan`,
            );
            continue;
        }
        const cidrs = list(target.props.entries)
            .map((e) => str(obj(e).cidr))
            .filter((c): c is string => c !== undefined);
        out.set(`@${key}`, AddressSet.of(cidrs) ?? AddressSet.NONE);
    }
    return out;
}

function statefulGroup(
    inventory: Inventory,
    item: Item,
    priority: number,
    policyVariables: ReadonlyMap<string, AddressSet>,
    firewallCidrs: AddressSet,
): StatefulGroupModel {
    const spec = obj(item.props.ruleGroup);
    const source = obj(spec.rulesSource);
    const own = ipSets(spec.ruleVariables);
    const problems: string[] = [];
    const variables = new Map<string, AddressSet>([
        ...policyVariables,
        ...own,
        ...ipSetReferences(inventory, item, problems),
    ]);
    if (!variables.has("HOME_NET")) variables.set("HOME_NET", firewallCidrs);
    if (!own.has("EXTERNAL_NET"))
        variables.set("EXTERNAL_NET", (variables.get("HOME_NET") as AddressSet).complement());
    let lines: string[];
    if (str(source.rulesString)) {
        lines = (str(source.rulesString) as string)
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith("#"));
    } else if (source.rulesSourceList) {
        const l = obj(source.rulesSourceList);
        lines = domainListRules(
            str(l.generatedRulesType) ?? "ALLOWLIST",
            list(l.targetTypes).map(String),
            list(l.targets).map(String),
        );
    } else {
        lines = list(source.statefulRules).map(obj).map(standardRule);
    }
    const rules: StatefulRuleModel[] = [];
    for (const line of lines) {
        try {
            rules.push(parseSuricataRule(line));
        } catch (error) {
            if (!(error instanceof SuricataParseError)) throw error;
            problems.push(error.message);
        }
    }
    return { name: groupName(item), item, priority, rules, variables, problems };
}

/** The policy of every firewall in the inventory, by firewall URN. */
export function firewallPolicies(
    inventory: Inventory,
    firewallCidrs: (firewall: Item) => readonly string[],
): Map<string, PolicyModel> {
    const out = new Map<string, PolicyModel>();
    for (const firewall of inventory.ofType("aws:networkfirewall/firewall:Firewall")) {
        const policy = inventory.ref(firewall, "firewallPolicyArn", [FIREWALL_POLICY]);
        if (!policy) continue;
        const notes: string[] = [];
        const spec = obj(policy.props.firewallPolicy);
        const policyVariables = ipSets(obj(spec.policyVariables).ruleVariables);
        const cidrs = AddressSet.of(firewallCidrs(firewall)) ?? AddressSet.NONE;
        const stateless = referencedGroups(
            inventory,
            policy,
            "statelessRuleGroupReferences",
            "STATELESS",
            notes,
        ).map(({ item, priority }) => ({
            name: groupName(item),
            item,
            priority,
            rules: statelessRules(item),
        }));
        const stateful = referencedGroups(
            inventory,
            policy,
            "statefulRuleGroupReferences",
            "STATEFUL",
            notes,
        ).map(({ item, priority }) => statefulGroup(inventory, item, priority, policyVariables, cidrs));
        for (const g of stateful) notes.push(...g.problems.map((p) => `${g.name}: ${p}`));
        out.set(firewall.urn, {
            firewall,
            policy,
            statelessDefault: list(spec.statelessDefaultActions).map(String),
            stateless,
            ruleOrder:
                str(obj(spec.statefulEngineOptions).ruleOrder) === "STRICT_ORDER"
                    ? "STRICT_ORDER"
                    : "DEFAULT_ACTION_ORDER",
            statefulDefault: list(spec.statefulDefaultActions).map(String),
            stateful,
            notes,
        });
    }
    return out;
}
