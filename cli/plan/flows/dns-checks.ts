/**
 * The DNS verdicts of an environment: from every spoke and shared-services VPC, every spoke's zone
 * resolves (to that zone, not to an NXDOMAIN from the parent) and every forwarded domain leaves
 * through an outbound endpoint whose queries reach their targets; from on premises, through each
 * region's inbound endpoint, every spoke's zone resolves. Pure.
 */
import { str, tagOf, type Inventory, type Item } from "../inventory";
import type { NetworkModel } from "../network-model";
import { domainsOf, PrivateDns, type Resolution } from "./dns";
import type { FlowFinding, FlowResult, FlowStep } from "./types";

/** Zones a spoke owns: tagged with the spoke, or under another zone of the inventory. */
function spokeZones(dns: PrivateDns, zones: readonly Item[]): Item[] {
    return zones.filter(
        (z) =>
            tagOf(z, "hub-network:spoke") !== undefined ||
            zones.some((p) => p !== z && dns.zoneName(z).endsWith(`.${dns.zoneName(p)}`)),
    );
}

function result(
    stack: string,
    source: string,
    destination: string,
    reason: string,
    failures: readonly string[],
    steps: readonly FlowStep[],
): FlowResult {
    const verdict = failures.length === 0 ? "allowed" : "dropped";
    return {
        id: `${stack}:${source}->${destination}:dns`,
        category: "dns",
        stack,
        source,
        destination,
        protocol: "dns",
        port: 53,
        reason,
        required: true,
        verdict,
        decidedBy:
            verdict === "allowed"
                ? steps
                      .map((s) => s.text)
                      .slice(0, 2)
                      .join("; ")
                : failures.slice(0, 3).join("; ") +
                  (failures.length > 3 ? `; and ${failures.length - 3} more` : ""),
        steps,
    };
}

/**
 * DNS verdicts. `forwardingOk(rule)`: whether the outbound endpoint's queries for a forwarding rule
 * reach its targets (the resolver flows' verdicts).
 */
export function dnsChecks(
    inventory: Inventory,
    net: NetworkModel,
    forwardingOk: (rule: Item) => { ok: boolean; text: string },
): { flows: FlowResult[]; findings: FlowFinding[] } {
    const dns = new PrivateDns(inventory, net);
    const zones = inventory.ofType("aws:route53/zone:Zone");
    const owned = spokeZones(dns, zones);
    const flows: FlowResult[] = [];
    const findings: FlowFinding[] = [];
    const vpcs = net.vpcs().filter((v) => net.roleOf(v) === "spoke" || net.roleOf(v) === "shared-services");
    // VPCs by name: a name two VPCs share is labelled with the region.
    const named = new Map<string, number>();
    for (const v of net.vpcs()) named.set(net.nameOf(v), (named.get(net.nameOf(v)) ?? 0) + 1);
    const label = (vpc: Item) =>
        `${net.nameOf(vpc)}${(named.get(net.nameOf(vpc)) ?? 0) > 1 ? `@${vpc.region}` : ""} VPC`;
    const ownedNames = owned.map((z) => dns.zoneName(z));
    const forwardedDomains = new Map<string, Item>();
    const coversOwned = new Map<string, boolean>();
    for (const vpc of vpcs)
        for (const r of dns.rulesOf(vpc)) {
            const domain = String(r.props.domainName ?? "").replace(/\.$/, "");
            let covers = coversOwned.get(domain);
            if (covers === undefined)
                coversOwned.set(domain, (covers = ownedNames.some((n) => n.endsWith(`.${domain}`))));
            if (!covers) forwardedDomains.set(domain, r);
        }
    const check = (vpc: Item, name: string, expect: Item | undefined): { ok: boolean; r: Resolution } => {
        const r = dns.resolve(name, vpc);
        const ok = expect
            ? r.verdict === "resolved" && r.zone === expect
            : r.verdict === "forwarded" || r.verdict === "resolved";
        return { ok, r };
    };
    // Every spoke's name from every VPC is the square of the spokes: most of a VPC's names are
    // decided by one forwarding rule that many VPCs share (the corporate domain's), and answered the
    // same from each of them, so those are resolved once per rule and each VPC resolves only the
    // names its own zones and rules decide otherwise.
    const ownedUnder = new Map<string, number[]>();
    ownedNames.forEach((name, i) => {
        for (const domain of domainsOf(name)) {
            const under = ownedUnder.get(domain);
            if (under) under.push(i);
            else ownedUnder.set(domain, [i]);
        }
    });
    interface Answer {
        readonly i: number;
        readonly ok: boolean;
        /** The verdict and path (`NXDOMAIN: <text>`) when not ok, the path when ok. */
        readonly text: string;
    }
    const direct = (vpc: Item, i: number): Answer => {
        const { ok, r } = check(vpc, ownedNames[i], owned[i]);
        return { i, ok, text: ok ? r.text : `${r.verdict.toUpperCase()}: ${r.text}` };
    };
    const byRule = new Map<
        Item,
        {
            answers: Map<number, Resolution & { ok: boolean }>;
            passing: number[];
            failing: number[];
            outside: number[];
        }
    >();
    const answersOf = (rule: Item, domain: string, from: Item) => {
        let known = byRule.get(rule);
        if (!known) {
            const under = ownedUnder.get(domain) ?? [];
            const inside = new Set(under);
            known = { answers: new Map(), passing: [], failing: [], outside: [] };
            for (const i of under) {
                const r = dns.forwardedFrom(ownedNames[i], from, rule);
                const ok = r.verdict === "resolved" && r.zone === owned[i];
                known.answers.set(i, { ...r, ok });
                (ok ? known.passing : known.failing).push(i);
            }
            for (let i = 0; i < owned.length; i++) if (!inside.has(i)) known.outside.push(i);
            byRule.set(rule, known);
        }
        return known;
    };
    /** Each owned name's answer from `vpc` that a verdict can show: every failure, the first passes. */
    const ownedAnswers = (vpc: Item): Answer[] => {
        const { zones, rules } = dns.namedIn(vpc);
        let shared: [string, Item] | undefined;
        for (const [domain, rule] of rules) {
            if (str(rule.props.ruleType) === "SYSTEM") continue;
            const count = ownedUnder.get(domain)?.length ?? 0;
            if (count > 0 && (!shared || count > (ownedUnder.get(shared[0])?.length ?? 0)))
                shared = [domain, rule];
        }
        // A VPC with an inbound endpoint may be on the way to its own answers (a loop): name by name.
        if (!shared || dns.hasInbound(vpc)) return owned.map((_, i) => direct(vpc, i));
        const [domain, rule] = shared;
        // Names under a zone or rule of this VPC more specific than the shared rule's domain.
        const own = new Set<number>();
        for (const d of [...zones.keys(), ...rules.keys()]) {
            if (d !== domain && domainsOf(d).includes(domain))
                for (const i of ownedUnder.get(d) ?? []) own.add(i);
        }
        const known = answersOf(rule, domain, vpc);
        const where = net.nameOf(vpc);
        const answers: Answer[] = [];
        const fromRule = (i: number): Answer => {
            const r = known.answers.get(i)!;
            const text = `${where}: ${r.text}`;
            return { i, ok: r.ok, text: r.ok ? text : `${r.verdict.toUpperCase()}: ${text}` };
        };
        for (const i of known.failing) if (!own.has(i)) answers.push(fromRule(i));
        let passes = 0;
        for (const i of known.passing) {
            if (passes === 3) break;
            if (!own.has(i)) {
                answers.push(fromRule(i));
                passes++;
            }
        }
        for (const i of [...own, ...known.outside]) answers.push(direct(vpc, i));
        return answers.sort((a, b) => a.i - b.i);
    };
    for (const vpc of vpcs) {
        if (owned.length > 0) {
            const failures: string[] = [];
            const steps: FlowStep[] = [];
            for (const { i, ok, text } of ownedAnswers(vpc)) {
                if (!ok) failures.push(`${ownedNames[i]}: ${text}`);
                else if (steps.length < 3) steps.push({ kind: "dns", verdict: "allowed", text });
            }
            flows.push(
                result(
                    vpc.stack,
                    label(vpc),
                    `${owned.length} spoke zone(s)`,
                    "every spoke's names resolve from every VPC (DESIGN section 5)",
                    failures,
                    steps,
                ),
            );
        }
        for (const [domain, rule] of forwardedDomains) {
            const { ok, r } = check(vpc, domain, undefined);
            const forwarding = r.verdict === "forwarded" ? forwardingOk(rule) : { ok: true, text: "" };
            const failures = !ok
                ? [`${domain}: ${r.verdict.toUpperCase()}: ${r.text}`]
                : !forwarding.ok
                  ? [`${domain}: ${forwarding.text}`]
                  : [];
            flows.push(
                result(
                    vpc.stack,
                    label(vpc),
                    domain,
                    `names under ${domain} resolve through the forwarding rule`,
                    failures,
                    [{ kind: "dns", verdict: failures.length ? "dropped" : "allowed", text: r.text }],
                ),
            );
        }
    }
    // From on premises: each region's inbound endpoint resolves in its own VPC.
    const seen = new Set<Item>();
    for (const [ip, { endpoint, vpc }] of dns.inboundEndpoints()) {
        if (seen.has(endpoint)) continue;
        seen.add(endpoint);
        const failures: string[] = [];
        const steps: FlowStep[] = [];
        owned.forEach((zone, i) => {
            const { ok, r } = check(vpc, ownedNames[i], zone);
            if (!ok) failures.push(`${ownedNames[i]}: ${r.verdict.toUpperCase()}: ${r.text}`);
            else if (steps.length < 3) steps.push({ kind: "dns", verdict: "allowed", text: r.text });
        });
        const source = `on premises via inbound endpoint ${ip} (${endpoint.region})`;
        flows.push(
            result(
                endpoint.stack,
                source,
                `${owned.length} spoke zone(s)`,
                "on-premises forwarders send the corporate domain to every region's inbound endpoints and pick by latency: an NXDOMAIN does not fail over",
                failures,
                steps,
            ),
        );
        if (failures.length > 0) {
            findings.push({
                kind: "dns",
                severity: "error",
                stack: endpoint.stack,
                message: `inbound endpoint ${ip} in ${endpoint.region} answers ${failures.length} spoke zone(s) wrongly (${failures.slice(0, 2).join("; ")}): associate every spoke zone with the shared-services VPC of every region`,
            });
        }
    }
    return { flows, findings };
}
