/**
 * Firewall rule variables and rule order (pure, no Pulumi): the IP-set variables every stateful rule
 * group carries (`ruleVariables.ipSets`), the addresses a rule may name literally, and the order of
 * deny and allow groups under `STRICT_ORDER`.
 */
import type { FirewallRuleGroupData } from "./firewall-rules";
import { suricataRuleLines } from "./firewall-rules";
import { cidrContains, parseCidr } from "./subnet-plan";

/** IP-set rule variables by name (without `$`), each a list of CIDRs. */
export type RuleVariables = Readonly<Record<string, readonly string[]>>;

/** A variable name as Network Firewall accepts it (`^[A-Za-z][A-Za-z0-9_]*$`), upper case by convention here. */
export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;

/**
 * Variables every stateful rule may use without defining them: `HOME_NET` (set on every group) and
 * Suricata's `EXTERNAL_NET` (everything outside `HOME_NET`).
 */
export const BUILT_IN_VARIABLES = ["HOME_NET", "EXTERNAL_NET"] as const;

/** The `$NAME` references in a rule address or rule text. */
export function variableReferences(text: string): string[] {
    return [...text.matchAll(/\$([A-Za-z][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}

/** A bare IPv4 address or CIDR as a CIDR (`10.0.0.1` -> `10.0.0.1/32`), or undefined. */
function asCidr(text: string): string | undefined {
    const value = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(text) ? `${text}/32` : text;
    try {
        parseCidr(value);
        return value;
    } catch {
        return undefined;
    }
}

/**
 * The literal IPv4 addresses and CIDRs in the source and destination of a Suricata rule header
 * (`drop tls [10.0.0.0/8,!10.1.0.0/16] any -> $EXTERNAL_NET any (...)`), negations included.
 */
export function suricataLiteralAddresses(line: string): string[] {
    const header = /^\s*\w+\s+\S+\s+(\S+|\[[^\]]*\])\s+\S+\s+(?:->|<>)\s+(\S+|\[[^\]]*\])\s+\S+/.exec(line);
    if (!header) return [];
    return [header[1], header[2]].flatMap((field) =>
        field
            .replace(/[[\]!]/g, "")
            .split(",")
            .map((part) => part.trim())
            .filter((part) => asCidr(part) !== undefined),
    );
}

/** Where a rule group names an address: the field path under the group and the text found there. */
export interface AddressUse {
    readonly path: (string | number)[];
    readonly value: string;
}

/** Every address a rule group names (CIDR, `ANY` or `$VARIABLE`), with where. */
export function addressesOf(group: FirewallRuleGroupData): AddressUse[] {
    switch (group.kind) {
        case "stateless":
            return group.rules.flatMap((rule, i) => [
                ...(rule.sources ?? []).map((value, j) => ({ path: ["rules", i, "sources", j], value })),
                ...(rule.destinations ?? []).map((value, j) => ({
                    path: ["rules", i, "destinations", j],
                    value,
                })),
            ]);
        case "stateful":
            return group.rules.flatMap((rule, i) => [
                { path: ["rules", i, "source"], value: rule.source },
                { path: ["rules", i, "destination"], value: rule.destination },
            ]);
        case "domain-list":
            return [];
        case "suricata":
            return suricataRuleLines(group.rules).flatMap((line) => [
                ...variableReferences(line).map((name) => ({ path: ["rules"], value: `$${name}` })),
                ...suricataLiteralAddresses(line).map((value) => ({ path: ["rules"], value })),
            ]);
    }
}

/** What a problem with an address is, with the fix; undefined when the address is fine. */
export function addressProblem(
    value: string,
    variables: RuleVariables,
    ranges: readonly string[],
): string | undefined {
    if (value === "ANY") return undefined;
    const names = [...new Set([...BUILT_IN_VARIABLES, ...Object.keys(variables)])];
    const references = variableReferences(value);
    if (references.length > 0) {
        const unknown = references.filter((name) => !names.includes(name));
        if (unknown.length === 0) return undefined;
        return `refers to $${unknown[0]}, which is not a rule variable of this environment; expected one of ${names.map((n) => `$${n}`).join(", ")} (or define it under firewall.variables)`;
    }
    const cidr = asCidr(value);
    if (cidr === undefined) return undefined; // the shape schema reports it
    if (ranges.some((range) => cidrContains(range, cidr))) return undefined;
    return `is not inside any range of this environment (${ranges.join(", ")}), so it names nothing here (an address copied from another environment?); expected a rule variable such as ${Object.keys(
        variables,
    )
        .filter((n) => n !== "HOME_NET")
        .map((n) => `$${n}`)
        .join(", ")}, or a range named under firewall.variables`;
}

/** How a stateful rule group acts on what it matches. */
export type GroupIntent = "allow" | "deny" | "mixed";

/**
 * Whether a stateful group only lets traffic through (`allow`: a domain allow-list, pass rules only),
 * only drops or alerts (`deny`), or both (`mixed`); undefined for stateless groups, which the policy
 * evaluates before every stateful group whatever their order.
 */
export function groupIntent(group: FirewallRuleGroupData): GroupIntent | undefined {
    const of = (actions: readonly string[]): GroupIntent => {
        const passes = actions.some((a) => a === "pass");
        const denies = actions.some((a) => a !== "pass");
        return passes && denies ? "mixed" : passes ? "allow" : "deny";
    };
    switch (group.kind) {
        case "stateless":
            return undefined;
        case "stateful":
            return of(group.rules.map((r) => r.action));
        case "domain-list":
            return group.action === "allow" ? "allow" : "deny";
        case "suricata":
            return of(suricataRuleLines(group.rules).map((line) => line.split(/\s+/)[0].toLowerCase()));
    }
}

/** A deny or alert group placed after an allow group, which under `STRICT_ORDER` decides first. */
export interface MisorderedGroup {
    /** Index of the deny or alert group in the list. */
    readonly index: number;
    /** Index of the first allow group before it. */
    readonly after: number;
}

/**
 * Deny and alert groups (`deny` or `mixed`) that come after an allow group (`allow`). Under
 * `STRICT_ORDER` the stateful engine evaluates groups by priority and stops at the first pass or drop
 * (https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html):
 * a domain allow-list decides every TLS and HTTP flow, so a deny or alert group after it never fires.
 */
export function misorderedGroups(groups: readonly FirewallRuleGroupData[]): MisorderedGroup[] {
    const found: MisorderedGroup[] = [];
    let firstAllow: number | undefined;
    groups.forEach((group, index) => {
        const intent = groupIntent(group);
        if (intent === "allow") {
            firstAllow ??= index;
        } else if (intent !== undefined && firstAllow !== undefined) {
            found.push({ index, after: firstAllow });
        }
    });
    return found;
}

/**
 * Wildcard domains under which anyone can host content (any account's buckets, APIs, distributions):
 * an allow-list entry for them lets a workload reach, and exfiltrate to, any customer's resources.
 */
export const MULTI_TENANT_SUFFIXES = ["amazonaws.com", "cloudfront.net", "on.aws", "awsapps.com"] as const;

/** Why an allow-list domain is too broad, or undefined: a leading-dot entry under a multi-tenant suffix. */
export function broadAllowProblem(domain: string): string | undefined {
    if (!domain.startsWith(".")) return undefined;
    const suffix = MULTI_TENANT_SUFFIXES.find((s) => domain === `.${s}` || domain.endsWith(`.${s}`));
    if (suffix === undefined) return undefined;
    return `admits every name under ${domain.slice(1)}, where any AWS customer hosts buckets and APIs (a path to exfiltrate data); expected exact service names, e.g. sts.eu-west-1.amazonaws.com, and VPC endpoints for the AWS services the workloads use`;
}
