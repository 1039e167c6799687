/**
 * Firewall rules as data: the four rule kinds the environment file may declare, and their pure
 * translation into AWS Network Firewall rule group settings (no Pulumi resources here).
 */
import type * as aws from "@pulumi/aws";

type RuleGroupSpec = aws.types.input.networkfirewall.RuleGroupRuleGroup;

/** One stateless rule: a 5-tuple match with an action, evaluated in `priority` order. */
export interface StatelessRule {
    /** Evaluation order inside the group (1-65535, unique in the group, lowest first). */
    readonly priority: number;
    /** `pass` lets the packet through, `drop` discards it, `forward` hands it to the stateful engine. */
    readonly action: "pass" | "drop" | "forward";
    /** IP protocol numbers (6 TCP, 17 UDP, 1 ICMP). @default [] - any protocol */
    readonly protocols?: readonly number[];
    /** Source CIDRs. @default [] - any source */
    readonly sources?: readonly string[];
    /** Destination CIDRs. @default [] - any destination */
    readonly destinations?: readonly string[];
    /** Source port ranges. @default [] - any port */
    readonly sourcePorts?: readonly PortRange[];
    /** Destination port ranges. @default [] - any port */
    readonly destinationPorts?: readonly PortRange[];
}

/** An inclusive port range; a single port has `from === to`. */
export interface PortRange {
    readonly from: number;
    readonly to: number;
}

/** One standard stateful (5-tuple) rule, in Network Firewall's own terms. */
export interface StatefulRule {
    /** What to do with a matching flow. */
    readonly action: "pass" | "drop" | "alert" | "reject";
    /** Suricata protocol keyword, e.g. `TCP`, `UDP`, `TLS`, `HTTP`, `DNS`, `IP`. */
    readonly protocol: string;
    /** Source CIDR or `ANY`. */
    readonly source: string;
    /** Source port, range (`1024:65535`) or `ANY`. */
    readonly sourcePort: string;
    /** Destination CIDR or `ANY`. */
    readonly destination: string;
    /** Destination port, range or `ANY`. */
    readonly destinationPort: string;
    /** `FORWARD` matches only source to destination; `ANY` matches both directions. */
    readonly direction: "FORWARD" | "ANY";
    /** Suricata signature ID, unique in the group. @default the rule's 1-based position in the group */
    readonly sid?: number;
}

interface RuleGroupBase {
    /**
     * Name of the rule group, unique within the environment (letters, digits and dashes).
     * **CAUTION** changing it replaces the rule group.
     */
    readonly name: string;
    /** What the group is for, shown in the console. @default no description */
    readonly description?: string;
    /**
     * Capacity reserved for the group: at least {@link requiredCapacity} of its rules. AWS fixes it
     * when the group is created, so it is declared, never computed: adding rules never changes it,
     * and it must leave room to grow.
     * **CAUTION** changing it replaces the rule group.
     */
    readonly capacity: number;
}

/** Stateless 5-tuple rules. */
export interface StatelessRuleGroupData extends RuleGroupBase {
    readonly kind: "stateless";
    readonly rules: readonly StatelessRule[];
}

/** Standard stateful 5-tuple rules, evaluated in the order given (strict order). */
export interface StatefulRuleGroupData extends RuleGroupBase {
    readonly kind: "stateful";
    readonly rules: readonly StatefulRule[];
}

/** A domain allow or deny list matched on the TLS SNI and/or the HTTP Host header. */
export interface DomainListRuleGroupData extends RuleGroupBase {
    readonly kind: "domain-list";
    /** `allow`: only these domains pass (for the listed protocols); `deny`: these domains are dropped. */
    readonly action: "allow" | "deny";
    /** Domains; a leading dot (`.example.com`) matches every subdomain. */
    readonly domains: readonly string[];
    /** Where to look for the domain. */
    readonly targetTypes: readonly ("TLS_SNI" | "HTTP_HOST")[];
}

/** Suricata-compatible rules, one per line, each with a `sid`. */
export interface SuricataRuleGroupData extends RuleGroupBase {
    readonly kind: "suricata";
    readonly rules: string;
}

/** Any rule group the environment file may declare. */
export type FirewallRuleGroupData =
    StatelessRuleGroupData | StatefulRuleGroupData | DomainListRuleGroupData | SuricataRuleGroupData;

/** The kinds of rule groups, in the order the policy evaluates stateful ones. */
export const FIREWALL_RULE_KINDS = ["stateless", "stateful", "domain-list", "suricata"] as const;

/** The Network Firewall rule group type (`STATELESS` or `STATEFUL`) of a rule kind. */
export function ruleGroupType(group: FirewallRuleGroupData): "STATELESS" | "STATEFUL" {
    return group.kind === "stateless" ? "STATELESS" : "STATEFUL";
}

/** Suricata rule lines: non-empty lines that are not comments. */
export function suricataRuleLines(rules: string): string[] {
    return rules
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.length > 0 && !line.startsWith("#"));
}

/**
 * The capacity a rule group's rules need, per AWS's capacity rules: for stateless rules the sum over
 * rules of the product of the sizes of their match settings (protocols, sources, destinations, source
 * and destination port ranges; an empty setting counts 1); for stateful groups one per rule (a domain
 * list generates one rule per domain and target type; a Suricata group one per rule line).
 * Sources: https://docs.aws.amazon.com/network-firewall/latest/developerguide/nwfw-rule-group-capacity.html,
 * https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_CreateRuleGroup.html (Capacity).
 */
export function requiredCapacity(group: FirewallRuleGroupData): number {
    const size = (list: readonly unknown[] | undefined): number => Math.max(1, list?.length ?? 0);
    const g = group;
    switch (g.kind) {
        case "stateless":
            return g.rules.reduce(
                (sum, r) =>
                    sum +
                    size(r.protocols) *
                        size(r.sources) *
                        size(r.destinations) *
                        size(r.sourcePorts) *
                        size(r.destinationPorts),
                0,
            );
        case "stateful":
            return g.rules.length;
        case "domain-list":
            return g.domains.length * g.targetTypes.length;
        case "suricata":
            return suricataRuleLines(g.rules).length;
    }
}

/** A capacity to suggest for rules that need `needed`: twice that, rounded up to 100 (at least 100). */
export function suggestedCapacity(needed: number): number {
    return Math.max(100, Math.ceil((2 * needed) / 100) * 100);
}

/**
 * The group's declared capacity, checked against what its rules need.
 * @throws Error naming the group, the capacity, what the rules need and a value to declare
 */
export function declaredCapacity(owner: string, group: FirewallRuleGroupData): number {
    const needed = requiredCapacity(group);
    if (!Number.isInteger(group.capacity) || group.capacity < needed) {
        throw new Error(
            `${owner}: rule group '${group.name}' has capacity ${String(group.capacity)}, below the ${needed} its rules need; declare at least ${needed}, e.g. ${suggestedCapacity(needed)} to leave room to grow (a new capacity replaces the group)`,
        );
    }
    return group.capacity;
}

const STATELESS_ACTIONS = { pass: "aws:pass", drop: "aws:drop", forward: "aws:forward_to_sfe" } as const;

/**
 * Translates rule data into the `ruleGroup` argument of `aws.networkfirewall.RuleGroup`.
 * @param homeNet the CIDRs the stateful engine treats as `HOME_NET`: with central inspection this is
 *   the spoke supernet, not the inspection VPC's own CIDR (AWS's default), or domain lists would never
 *   match traffic that comes from the spokes.
 * @param variables further IP-set rule variables of every stateful group (`$SPOKES`, `$ON_PREM`, ...):
 *   `ruleVariables.ipSets`, which the group's rules refer to as `$NAME`
 *   (https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-groups-variables.html).
 *   Variables without a CIDR are left out (Network Firewall needs at least one definition).
 */
export function ruleGroupSpec(
    group: FirewallRuleGroupData,
    homeNet: readonly string[],
    variables: Readonly<Record<string, readonly string[]>> = {},
): RuleGroupSpec {
    const ipSets = [
        { key: "HOME_NET", ipSet: { definitions: [...homeNet] } },
        ...Object.keys(variables)
            .filter((key) => key !== "HOME_NET" && variables[key].length > 0)
            .sort()
            .map((key) => ({ key, ipSet: { definitions: [...variables[key]] } })),
    ];
    const stateful = { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" }, ruleVariables: { ipSets } };
    switch (group.kind) {
        case "stateless":
            return {
                rulesSource: {
                    statelessRulesAndCustomActions: {
                        statelessRules: group.rules.map((rule) => ({
                            priority: rule.priority,
                            ruleDefinition: {
                                actions: [STATELESS_ACTIONS[rule.action]],
                                matchAttributes: {
                                    protocols: [...(rule.protocols ?? [])],
                                    sources: (rule.sources ?? []).map((c) => ({ addressDefinition: c })),
                                    destinations: (rule.destinations ?? []).map((c) => ({
                                        addressDefinition: c,
                                    })),
                                    sourcePorts: (rule.sourcePorts ?? []).map(portRange),
                                    destinationPorts: (rule.destinationPorts ?? []).map(portRange),
                                },
                            },
                        })),
                    },
                },
            };
        case "stateful":
            return {
                ...stateful,
                rulesSource: {
                    statefulRules: group.rules.map((rule, index) => ({
                        action: rule.action.toUpperCase(),
                        header: {
                            protocol: rule.protocol,
                            source: rule.source,
                            sourcePort: rule.sourcePort,
                            destination: rule.destination,
                            destinationPort: rule.destinationPort,
                            direction: rule.direction,
                        },
                        ruleOptions: [{ keyword: "sid", settings: [String(rule.sid ?? index + 1)] }],
                    })),
                },
            };
        case "domain-list":
            return {
                ...stateful,
                rulesSource: {
                    rulesSourceList: {
                        generatedRulesType: group.action === "allow" ? "ALLOWLIST" : "DENYLIST",
                        targetTypes: [...group.targetTypes],
                        targets: [...group.domains],
                    },
                },
            };
        case "suricata":
            return { ...stateful, rulesSource: { rulesString: suricataRuleLines(group.rules).join("\n") } };
    }
}

function portRange(range: PortRange): { fromPort: number; toPort: number } {
    return { fromPort: range.from, toPort: range.to };
}
