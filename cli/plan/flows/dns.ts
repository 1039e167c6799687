/**
 * Name resolution as Route 53 Resolver answers a query from a VPC: among the private hosted zones
 * associated with the VPC and the Resolver rules associated with it, the most specific domain wins;
 * a forwarding rule wins over a private zone of the same name. A private zone answers for its whole
 * namespace: a name under a child zone that is not associated with the VPC gets NXDOMAIN from the
 * parent zone (private zones hold no delegations). A forwarding rule sends the query out of its
 * outbound endpoint to its targets; a target that is an inbound endpoint resolves the name in that
 * endpoint's VPC, which must not forward it back (a loop). A name no zone or rule covers goes to
 * public DNS, which does not know private names. Pure.
 *
 * Sources:
 * - https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html
 *   ("Private hosted zones that have overlapping namespaces", "Private hosted zones and Route 53
 *   Resolver rules", "Delegating responsibility for a subdomain")
 * - https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-overview-forward-vpc-to-network.html
 *   (rule selection: the most specific domain name)
 */
import { list, obj, str, TYPES, type Inventory, type Item } from "../inventory";
import type { NetworkModel } from "../network-model";

const ZONE_ASSOCIATION = "aws:route53/zoneAssociation:ZoneAssociation";
const INVOCATION = "aws:lambda/invocation:Invocation";
const FUNCTION = "aws:lambda/function:Function";

/** How a query from a VPC ended. */
export interface Resolution {
    readonly verdict: "resolved" | "nxdomain" | "forwarded" | "loop" | "unknown";
    /** The path of the query, in words. */
    readonly text: string;
    /** The zone that answered, when one did. */
    readonly zone?: Item;
}

function normalize(name: string): string {
    return name.toLowerCase().replace(/\.$/, "");
}

/**
 * The domains `name` is under, longest first: the name itself and what follows each of its dots
 * (`a.b.c` is under `a.b.c`, `b.c` and `c`).
 */
export function domainsOf(name: string): string[] {
    const domains = [name];
    for (let i = name.indexOf("."); i >= 0; i = name.indexOf(".", i + 1)) domains.push(name.slice(i + 1));
    return domains;
}

/** The item named for the longest of `query`'s domains (the first so named, on a tie). */
function mostSpecific(query: string, byName: ReadonlyMap<string, Item>): Item | undefined {
    if (byName.size === 0) return undefined;
    for (const domain of domainsOf(query)) {
        const item = byName.get(domain);
        if (item) return item;
    }
    return undefined;
}

export function ruleDomainOf(rule: Item): string {
    return normalize(str(rule.props.domainName) ?? "");
}

/** An answer, and the VPCs its resolution went through (for the loop check). */
interface Walked {
    readonly answer: Resolution;
    readonly through: Set<Item>;
}

/** Zones and rules by the VPC they are associated with, read once. */
export class PrivateDns {
    private readonly zones = new Map<Item, Item[]>();
    private readonly rules = new Map<Item, Item[]>();
    private readonly inboundByIp = new Map<string, { endpoint: Item; vpc: Item }>();
    private readonly memo = new Map<Item, Map<string, Walked>>();
    private readonly inboundVpcs = new Set<Item>();

    constructor(
        private readonly inventory: Inventory,
        private readonly net: NetworkModel,
    ) {
        const associate = <K>(map: Map<Item, K[]>, vpc: Item | undefined, value: K) => {
            if (!vpc) return;
            const values = map.get(vpc) ?? [];
            if (!values.includes(value)) values.push(value);
            map.set(vpc, values);
        };
        for (const zone of inventory.ofType(TYPES.zone)) {
            const vpcs = inventory.refs(
                zone,
                "vpcs",
                [TYPES.vpc],
                list(zone.props.vpcs).map((v) => obj(v).vpcId),
            );
            for (const vpc of vpcs) associate(this.zones, vpc, zone);
        }
        for (const a of inventory.ofType(ZONE_ASSOCIATION)) {
            const zone = inventory.ref(a, "zoneId", [TYPES.zone]);
            const vpc = inventory.ref(a, "vpcId", [TYPES.vpc]);
            if (zone) associate(this.zones, vpc, zone);
        }
        // A spoke zone asked of the hub's onboarding registrar (components/network/onboarding-registrar.ts):
        // the registrar associates it with the VPC it runs in, the shared-services VPC. Whether it
        // would refuse is the IAM check's to say (cli/iam/registrar-effects.ts fails the plan then).
        for (const call of inventory.ofType(INVOCATION)) {
            const zone = inventory.ref(call, "input", [TYPES.zone]);
            const fn = inventory.ref(call, "functionName", [FUNCTION]);
            const subnet = fn
                ? inventory.ref(fn, "vpcConfig", [TYPES.subnet], list(obj(fn.props.vpcConfig).subnetIds))
                : undefined;
            if (zone && subnet) associate(this.zones, net.vpcOf(subnet), zone);
        }
        for (const a of inventory.ofType(TYPES.resolverRuleAssociation)) {
            const rule = inventory.ref(a, "resolverRuleId", [TYPES.resolverRule]);
            const vpc = inventory.ref(a, "vpcId", [TYPES.vpc]);
            if (rule) associate(this.rules, vpc, rule);
        }
        for (const e of inventory.ofType(TYPES.resolverEndpoint)) {
            if (str(e.props.direction) !== "INBOUND") continue;
            const subnets = inventory.refs(
                e,
                "ipAddresses",
                [TYPES.subnet],
                list(e.props.ipAddresses).map((a) => obj(a).subnetId),
            );
            const vpc = subnets.map((s) => net.vpcOf(s)).find((v) => v !== undefined);
            if (!vpc) continue;
            for (const a of list(e.props.ipAddresses).map(obj)) {
                const ip = str(a.ip);
                if (ip) this.inboundByIp.set(ip, { endpoint: e, vpc });
                this.inboundVpcs.add(vpc);
            }
        }
    }

    /** The private zones associated with `vpc`. */
    zonesOf(vpc: Item): readonly Item[] {
        return this.zones.get(vpc) ?? [];
    }

    /** The Resolver rules associated with `vpc`. */
    rulesOf(vpc: Item): readonly Item[] {
        return this.rules.get(vpc) ?? [];
    }

    /** Inbound endpoints and their VPCs by IP address. */
    inboundEndpoints(): ReadonlyMap<string, { endpoint: Item; vpc: Item }> {
        return this.inboundByIp;
    }

    /** The name of a zone. */
    zoneName(zone: Item): string {
        let name = this.zoneNames.get(zone);
        if (name === undefined)
            this.zoneNames.set(zone, (name = normalize(str(zone.props.name) ?? zone.name)));
        return name;
    }

    private readonly zoneNames = new Map<Item, string>();
    /** Per VPC, its zones and its rules by name (the first of a name): a query looks up its domains. */
    private readonly zoneIndex = new Map<Item, Map<string, Item>>();
    private readonly ruleIndex = new Map<Item, Map<string, Item>>();
    /** Every zone of the inventory by name, in inventory order, and each zone's place in it. */
    private zonesByName: Map<string, Item[]> | undefined;
    private readonly zoneOrder = new Map<Item, number>();

    private indexOf(
        index: Map<Item, Map<string, Item>>,
        vpc: Item,
        items: readonly Item[],
        nameOf: (item: Item) => string,
    ): ReadonlyMap<string, Item> {
        let byName = index.get(vpc);
        if (!byName) {
            byName = new Map();
            for (const item of items) if (!byName.has(nameOf(item))) byName.set(nameOf(item), item);
            index.set(vpc, byName);
        }
        return byName;
    }

    /**
     * The first zone of the inventory (in its order) named for a domain of `query` longer than `name`:
     * a child zone that would hold the name. Looked up by the query's domains, not by scanning every zone.
     */
    private childZone(query: string, name: string): Item | undefined {
        if (!this.zonesByName) {
            this.zonesByName = new Map();
            this.inventory.ofType(TYPES.zone).forEach((z, i) => {
                this.zoneOrder.set(z, i);
                const named = this.zonesByName!.get(this.zoneName(z));
                if (named) named.push(z);
                else this.zonesByName!.set(this.zoneName(z), [z]);
            });
        }
        let child: Item | undefined;
        for (const domain of domainsOf(query)) {
            if (domain.length <= name.length) continue;
            const first = this.zonesByName.get(domain)?.[0];
            if (first && (!child || this.zoneOrder.get(first)! < this.zoneOrder.get(child)!)) child = first;
        }
        return child;
    }

    /**
     * How a query for `name` from `vpc` is answered. Answers in the VPCs of inbound endpoints, where
     * every VPC's forwarded queries end, are kept with the VPCs their resolution went through: one
     * answer per name serves every VPC that forwards it there (kept per source VPC, the answers of an
     * environment would grow with the square of its spokes).
     */
    resolve(name: string, vpc: Item, visited: readonly Item[] = []): Resolution {
        return this.walk(normalize(name), vpc, visited).answer;
    }

    private walk(query: string, vpc: Item, visited: readonly Item[]): Walked {
        const kept = this.inboundVpcs.has(vpc) ? this.memo.get(vpc)?.get(query) : undefined;
        // A kept answer holds unless the query came through a VPC its resolution went through (a loop).
        if (kept && !visited.some((v) => kept.through.has(v))) return kept;
        const walked = this.answer(query, vpc, visited);
        if (this.inboundVpcs.has(vpc) && !kept && visited.every((v) => !walked.through.has(v))) {
            const byName = this.memo.get(vpc) ?? new Map<string, Walked>();
            this.memo.set(vpc, byName.set(query, walked));
        }
        return walked;
    }

    private answer(query: string, vpc: Item, visited: readonly Item[]): Walked {
        const through = new Set<Item>([vpc]);
        return { answer: this.answerIn(query, vpc, visited, through), through };
    }

    private answerIn(query: string, vpc: Item, visited: readonly Item[], through: Set<Item>): Resolution {
        const where = this.net.nameOf(vpc);
        // The most specific zone and rule: the longest of the query's domains that one is named for.
        const zone = mostSpecific(
            query,
            this.indexOf(this.zoneIndex, vpc, this.zonesOf(vpc), (z) => this.zoneName(z)),
        );
        const rule = mostSpecific(query, this.indexOf(this.ruleIndex, vpc, this.rulesOf(vpc), ruleDomainOf));
        const ruleDomain = rule ? ruleDomainOf(rule) : "";
        if (rule && (!zone || ruleDomain.length >= this.zoneName(zone).length)) {
            if (str(rule.props.ruleType) === "SYSTEM") {
                return zone
                    ? this.fromZone(query, zone, where)
                    : {
                          verdict: "nxdomain",
                          text: `${where}: system rule ${ruleDomain}: public DNS has no ${query}`,
                      };
            }
            if (visited.includes(vpc)) {
                return {
                    verdict: "loop",
                    text: `${where}: forwarding rule ${ruleDomain} sends ${query} back to an inbound endpoint it came through (a loop)`,
                };
            }
            const forwarded = this.forward(query, vpc, rule, visited, through);
            return { ...forwarded, text: `${where}: ${forwarded.text}` };
        }
        if (zone) return this.fromZone(query, zone, where);
        return {
            verdict: "nxdomain",
            text: `${where}: no private zone or rule covers ${query}: public DNS does not know it`,
        };
    }

    /** A query `rule` forwards from `vpc` to its targets; the text goes after `<vpc>: `. */
    private forward(
        query: string,
        vpc: Item,
        rule: Item,
        visited: readonly Item[],
        through: Set<Item>,
    ): Resolution {
        const ruleDomain = ruleDomainOf(rule);
        const targets = list(rule.props.targetIps)
            .map((t) => str(obj(t).ip))
            .filter((t): t is string => t !== undefined);
        const answers = targets.map((ip) => {
            const inbound = this.inboundByIp.get(ip);
            if (!inbound) return { verdict: "forwarded" as const, text: `to ${ip}` };
            const walked = this.walk(query, inbound.vpc, [...visited, vpc]);
            for (const v of walked.through) through.add(v);
            const next = walked.answer;
            return { ...next, text: `to inbound endpoint ${ip} → ${next.text}` };
        });
        const worst =
            answers.find((a) => a.verdict === "loop") ??
            answers.find((a) => a.verdict === "nxdomain") ??
            answers.find((a) => a.verdict !== "resolved" && a.verdict !== "forwarded") ??
            answers[0];
        if (!worst) return { verdict: "unknown", text: `forwarding rule ${ruleDomain} has no target` };
        return {
            ...worst,
            text: `forwarding rule ${ruleDomain} ${answers.map((a) => a.text).join("; ")}`,
        };
    }

    /** The zones and the rules of `vpc` by domain (the first of each domain, as a query picks it). */
    namedIn(vpc: Item): { zones: ReadonlyMap<string, Item>; rules: ReadonlyMap<string, Item> } {
        return {
            zones: this.indexOf(this.zoneIndex, vpc, this.zonesOf(vpc), (z) => this.zoneName(z)),
            rules: this.indexOf(this.ruleIndex, vpc, this.rulesOf(vpc), ruleDomainOf),
        };
    }

    /** Whether `vpc` holds an inbound endpoint (where forwarded queries end, and may loop). */
    hasInbound(vpc: Item): boolean {
        return this.inboundVpcs.has(vpc);
    }

    /**
     * How `query` is answered when the forwarding rule `rule` sends it from `vpc`, a VPC without an
     * inbound endpoint: the same from every such VPC (none of them is on the way to an answer),
     * worded after `<vpc>: ` (what `resolve` says when `rule` decides).
     */
    forwardedFrom(query: string, vpc: Item, rule: Item): Resolution {
        return this.forward(normalize(query), vpc, rule, [], new Set([vpc]));
    }

    private fromZone(query: string, zone: Item, where: string): Resolution {
        const name = this.zoneName(zone);
        if (name === query)
            return { verdict: "resolved", text: `${where}: private zone ${name} answers`, zone };
        const child = this.childZone(query, name);
        if (child) {
            return {
                verdict: "nxdomain",
                text: `${where}: private zone ${name} answers NXDOMAIN for ${query}: zone ${this.zoneName(child)} is not associated with this VPC (a private zone holds no delegation)`,
                zone,
            };
        }
        return {
            verdict: "resolved",
            text: `${where}: private zone ${name} answers for ${query} (a record there, or NXDOMAIN if it has none)`,
            zone,
        };
    }
}
