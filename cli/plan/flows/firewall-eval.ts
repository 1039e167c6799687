/**
 * Evaluating a flow against a Network Firewall policy as the engine does, and finding rules that can
 * never match. Pure.
 *
 * - Stateless engine: every packet (the request and the reply) against the stateless groups in
 *   priority order, rules in priority order; the first match decides: `aws:pass` (no stateful
 *   inspection), `aws:drop`, `aws:forward_to_sfe`; no match: the policy's stateless default actions.
 *   https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policy-processing.html
 * - Stateful engine, `STRICT_ORDER`: groups in priority order, rules in the order written; `pass`,
 *   `drop` and `reject` end the evaluation of the flow, `alert` logs and goes on; a flow no rule
 *   decides gets the default actions: `aws:drop_established` drops it once it is established (only the
 *   handshake passes, so no request gets through), `aws:drop_strict` drops every packet,
 *   `aws:alert_*` only log. `DEFAULT_ACTION_ORDER`: pass rules first, then drop, reject, alert; an
 *   undecided flow passes.
 *   https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 */
import { AddressSet, PRIVATE_RANGES } from "./addresses";
import type { PolicyModel, StatefulGroupModel, StatelessRuleModel } from "./firewall-model";
import { contentMatches, type Spec, type StatefulRuleModel } from "./suricata";
import type { Packet } from "./types";

/** What the firewall does with a flow, and why. */
export interface FirewallDecision {
    readonly verdict: "pass" | "drop";
    /** The deciding rule or default action, in words. */
    readonly by: string;
    /** Alert rules the flow matched on the way. */
    readonly alerts: readonly string[];
    /** Rules that might have matched but depend on what the plan cannot see (a user agent, a hash). */
    readonly undecided: readonly string[];
}

const PROTOCOL_NUMBERS = { tcp: 6, udp: 17, icmp: 1 } as const;

function inRanges(port: number, ranges: readonly (readonly [number, number])[]): boolean {
    return ranges.length === 0 || ranges.some(([a, b]) => port >= a && port <= b);
}

function statelessMatches(rule: StatelessRuleModel, p: Packet): boolean {
    return (
        (rule.protocols.length === 0 || rule.protocols.includes(PROTOCOL_NUMBERS[p.transport])) &&
        rule.sources.has(p.source) &&
        rule.destinations.has(p.destination) &&
        inRanges(p.sourcePort, rule.sourcePorts) &&
        inRanges(p.destinationPort, rule.destinationPorts)
    );
}

/** The first stateless rule (or default) that decides one packet. */
function stateless(policy: PolicyModel, p: Packet): { action: string; by: string } {
    for (const group of policy.stateless) {
        for (const rule of group.rules) {
            if (statelessMatches(rule, p))
                return { action: rule.action, by: `stateless group ${group.name} rule ${rule.text}` };
        }
    }
    return {
        action: policy.statelessDefault.find((a) => a.startsWith("aws:")) ?? "aws:forward_to_sfe",
        by: `stateless default action ${policy.statelessDefault.join(", ") || "(none)"}`,
    };
}

/** The addresses of a Suricata address spec in a group's variables; undefined when a variable is unknown. */
export function addressesOf(spec: Spec, variables: ReadonlyMap<string, AddressSet>): AddressSet | undefined {
    if (spec.any) return AddressSet.ANY;
    let included = AddressSet.NONE;
    let excluded = AddressSet.NONE;
    let anyIncluded = false;
    for (const e of spec.entries) {
        let set: AddressSet | undefined;
        if (e.value === "any") set = AddressSet.ANY;
        else if (e.value.startsWith("$")) set = variables.get(e.value.slice(1));
        // An IP set reference (`@KEY`), resolved by the model under its own `@` key.
        else if (e.value.startsWith("@")) set = variables.get(e.value);
        else set = AddressSet.of([e.value]);
        if (!set) return undefined;
        if (e.negated) excluded = excluded.union(set);
        else {
            included = included.union(set);
            anyIncluded = true;
        }
    }
    return (anyIncluded ? included : AddressSet.ANY).intersect(excluded.complement());
}

/** The ports of a Suricata port spec as ranges; undefined for a variable. */
export function portsOf(spec: Spec): [number, number][] | undefined {
    if (spec.any) return [[0, 65535]];
    const included: [number, number][] = [];
    const excluded: [number, number][] = [];
    for (const e of spec.entries) {
        if (e.value.startsWith("$")) return undefined;
        const [a, b] = e.value.includes(":") ? e.value.split(":") : [e.value, e.value];
        const r: [number, number] = [a === "" ? 0 : Number(a), b === "" ? 65535 : Number(b)];
        (e.negated ? excluded : included).push(r);
    }
    if (included.length === 0) included.push([0, 65535]);
    // A port is in the spec when an included range holds it and no excluded range does: kept as two lists.
    return included.flatMap(([a, b]) => subtract([a, b], excluded));
}

function subtract(r: [number, number], minus: readonly [number, number][]): [number, number][] {
    let parts: [number, number][] = [r];
    for (const [ma, mb] of minus) {
        parts = parts.flatMap(([a, b]) => {
            if (mb < a || ma > b) return [[a, b] as [number, number]];
            const out: [number, number][] = [];
            if (ma > a) out.push([a, ma - 1]);
            if (mb < b) out.push([mb + 1, b]);
            return out;
        });
    }
    return parts;
}

/** Whether a rule's protocol covers a flow: `ip` any, a transport its own, an app protocol when detected. */
function protocolMatches(protocol: string, p: Packet): boolean {
    if (protocol === "ip") return true;
    if (protocol === "tcp" || protocol === "udp" || protocol === "icmp") return protocol === p.transport;
    return protocol === p.app;
}

/** Three-valued: the rule matches, does not, or depends on what the plan cannot see. */
type Match = "yes" | "no" | "maybe";

function statefulMatches(rule: StatefulRuleModel, group: StatefulGroupModel, p: Packet): Match {
    if (!protocolMatches(rule.protocol, p)) return "no";
    const src = addressesOf(rule.source, group.variables);
    const dst = addressesOf(rule.destination, group.variables);
    const sports = portsOf(rule.sourcePort);
    const dports = portsOf(rule.destinationPort);
    if (!src || !dst || !sports || !dports) return "maybe";
    const oneWay = (s: string, d: string, sp: number, dp: number) =>
        src.has(s) && dst.has(d) && inRanges(sp, sports) && inRanges(dp, dports);
    const header =
        oneWay(p.source, p.destination, p.sourcePort, p.destinationPort) ||
        (rule.bidirectional && oneWay(p.destination, p.source, p.destinationPort, p.sourcePort));
    if (!header) return "no";
    // The flow is judged on its requests, once established: to_client-only rules see its replies.
    if (rule.flow.some((f) => f === "to_client" || f === "from_server" || f === "not_established"))
        return "no";
    for (const c of rule.contents) {
        const value =
            c.buffer === "tls.sni" && p.app === "tls"
                ? p.serverName
                : c.buffer === "http.host" && p.app === "http"
                  ? p.serverName?.toLowerCase()
                  : undefined;
        if (c.buffer !== "tls.sni" && c.buffer !== "http.host") return "maybe";
        if (value === undefined) return "no";
        if (!contentMatches(c, value)) return "no";
    }
    return rule.undecidable.length > 0 ? "maybe" : "yes";
}

export function describeRule(group: StatefulGroupModel, rule: StatefulRuleModel): string {
    const header = rule.text.replace(/\s*\(.*\)\s*$/s, "");
    return `${group.name}${rule.sid !== undefined ? ` sid ${rule.sid}` : ""} "${header}${rule.msg ? ` (${rule.msg})` : ""}"`;
}

/** What the policy does with a flow whose first packet is `p`. */
export function evaluateFirewall(policy: PolicyModel, p: Packet): FirewallDecision {
    const reply: Packet = {
        ...p,
        source: p.destination,
        destination: p.source,
        sourcePort: p.destinationPort,
        destinationPort: p.sourcePort,
    };
    const forward = stateless(policy, p);
    const back = stateless(policy, reply);
    for (const [decision, label] of [
        [forward, "request"],
        [back, "reply"],
    ] as const) {
        if (decision.action === "aws:drop")
            return { verdict: "drop", by: `${decision.by} (${label})`, alerts: [], undecided: [] };
    }
    if (forward.action === "aws:pass" && back.action === "aws:pass") {
        return { verdict: "pass", by: forward.by, alerts: [], undecided: [] };
    }
    const alerts: string[] = [];
    const undecided: string[] = [];
    const strict = policy.ruleOrder === "STRICT_ORDER";
    const ordered: [StatefulGroupModel, StatefulRuleModel][] = [];
    for (const group of policy.stateful) for (const rule of group.rules) ordered.push([group, rule]);
    if (!strict) {
        const rank = { pass: 0, drop: 1, reject: 2, alert: 3 } as const;
        ordered.sort((a, b) => rank[a[1].action] - rank[b[1].action]);
    }
    for (const [group, rule] of ordered) {
        const m = statefulMatches(rule, group, p);
        if (m === "no") continue;
        const text = describeRule(group, rule);
        if (m === "maybe") {
            undecided.push(
                `${text} depends on ${rule.undecidable.join(", ") || "a variable the plan does not know"}`,
            );
            continue;
        }
        if (rule.action === "alert") {
            alerts.push(text);
            continue;
        }
        return {
            verdict: rule.action === "pass" ? "pass" : "drop",
            by: `stateful rule ${text}`,
            alerts,
            undecided,
        };
    }
    if (!strict)
        return { verdict: "pass", by: "no stateful rule matched (action order: passes)", alerts, undecided };
    const drops = policy.statefulDefault.filter(
        (a) => a === "aws:drop_established" || a === "aws:drop_strict",
    );
    if (drops.length > 0) {
        return {
            verdict: "drop",
            by: `no stateful rule matched: default action ${drops.join(", ")}`,
            alerts,
            undecided,
        };
    }
    return {
        verdict: "pass",
        by: `no stateful rule matched: default action ${policy.statefulDefault.join(", ") || "(none): passes"}`,
        alerts,
        undecided,
    };
}

/** A rule that can never match, and why. */
export interface DeadRule {
    readonly group: string;
    readonly rule: string;
    readonly why: string;
}

/** Whether rule `earlier` (no payload conditions) decides every flow `later` could match. */
function covers(
    earlier: StatefulRuleModel,
    later: StatefulRuleModel,
    group: StatefulGroupModel,
    laterGroup: StatefulGroupModel,
): boolean {
    if (earlier.action === "alert" || earlier.contents.length > 0 || earlier.undecidable.length > 0)
        return false;
    if (earlier.flow.some((f) => f !== "to_server" && f !== "established" && f !== "from_client"))
        return false;
    const transportOf = (p: string) => (p === "tcp" || p === "udp" || p === "icmp" || p === "ip" ? p : "app");
    const protocolCovers =
        earlier.protocol === "ip" ||
        earlier.protocol === later.protocol ||
        (earlier.protocol === "tcp" && transportOf(later.protocol) === "app" && later.protocol !== "dns");
    if (!protocolCovers) return false;
    if (later.bidirectional && !earlier.bidirectional) return false;
    const set = (s: Spec, g: StatefulGroupModel) => addressesOf(s, g.variables);
    const es = set(earlier.source, group);
    const ed = set(earlier.destination, group);
    const ls = set(later.source, laterGroup);
    const ld = set(later.destination, laterGroup);
    const eports = [portsOf(earlier.sourcePort), portsOf(earlier.destinationPort)];
    const lports = [portsOf(later.sourcePort), portsOf(later.destinationPort)];
    if (!es || !ed || !ls || !ld || eports.some((p) => !p) || lports.some((p) => !p)) return false;
    const portCovers = (outer: [number, number][], inner: [number, number][]) =>
        inner.every(([a, b]) => outer.some(([oa, ob]) => a >= oa && b <= ob));
    return (
        es.covers(ls) &&
        ed.covers(ld) &&
        portCovers(eports[0] as [number, number][], lports[0] as [number, number][]) &&
        portCovers(eports[1] as [number, number][], lports[1] as [number, number][])
    );
}

/**
 * Rules that can never match: a stateful rule after a rule that decides every flow it could match
 * (strict order), and a rule whose literal private address lies in no range of the environment (a
 * range copied from another environment: no VPC or on-premises network has those addresses).
 */
export function deadRules(policy: PolicyModel, environmentRanges: AddressSet): DeadRule[] {
    const dead: DeadRule[] = [];
    const seen: [StatefulGroupModel, StatefulRuleModel][] = [];
    for (const group of policy.stateful) {
        for (const rule of group.rules) {
            const text = describeRule(group, rule);
            for (const spec of [rule.source, rule.destination]) {
                for (const e of spec.entries) {
                    if (e.negated || /^[$@]/.test(e.value) || e.value === "any") continue;
                    const set = AddressSet.of([e.value]);
                    if (set && PRIVATE_RANGES.covers(set) && !set.overlaps(environmentRanges)) {
                        dead.push({
                            group: group.name,
                            rule: text,
                            why: `${e.value} is in no VPC or on-premises range of this environment (use a rule variable derived from the environment)`,
                        });
                    }
                }
            }
            if (policy.ruleOrder === "STRICT_ORDER") {
                const shadow = seen.find(([g, r]) => covers(r, rule, g, group));
                if (shadow) {
                    dead.push({
                        group: group.name,
                        rule: text,
                        why: `every flow it could match is decided before it by ${describeRule(shadow[0], shadow[1])} (strict order)`,
                    });
                }
            }
            seen.push([group, rule]);
        }
    }
    return dead;
}
