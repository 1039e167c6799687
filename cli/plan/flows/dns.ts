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

function under(name: string, domain: string): boolean {
    return name === domain || name.endsWith(`.${domain}`);
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
        let zone: Item | undefined;
        for (const z of this.zonesOf(vpc)) {
            if (
                under(query, this.zoneName(z)) &&
                (!zone || this.zoneName(z).length > this.zoneName(zone).length)
            )
                zone = z;
        }
        let rule: Item | undefined;
        for (const r of this.rulesOf(vpc)) {
            const domain = normalize(str(r.props.domainName) ?? "");
            const best = rule ? normalize(str(rule.props.domainName) ?? "") : "";
            if (under(query, domain) && (!rule || domain.length > best.length)) rule = r;
        }
        const ruleDomain = rule ? normalize(str(rule.props.domainName) ?? "") : "";
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
            if (!worst)
                return { verdict: "unknown", text: `${where}: forwarding rule ${ruleDomain} has no target` };
            return {
                ...worst,
                text: `${where}: forwarding rule ${ruleDomain} ${answers.map((a) => a.text).join("; ")}`,
            };
        }
        if (zone) return this.fromZone(query, zone, where);
        return {
            verdict: "nxdomain",
            text: `${where}: no private zone or rule covers ${query}: public DNS does not know it`,
        };
    }

    private fromZone(query: string, zone: Item, where: string): Resolution {
        const name = this.zoneName(zone);
        if (name === query)
            return { verdict: "resolved", text: `${where}: private zone ${name} answers`, zone };
        const child = this.inventory
            .ofType(TYPES.zone)
            .find(
                (z) => z !== zone && under(query, this.zoneName(z)) && this.zoneName(z).length > name.length,
            );
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
