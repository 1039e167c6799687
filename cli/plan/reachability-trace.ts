/**
 * Following one packet over the recorded resources, as AWS forwards it: the subnet's route table and
 * its longest-prefix route, then the route's target (local delivery, internet gateway, NAT gateway,
 * firewall or GWLB endpoint, Transit Gateway). At the Transit Gateway: the attachment in the AZ of the
 * packet, the route table it is associated with, its static and propagated routes, and the AZ the TGW
 * hands the packet to (the same AZ without appliance mode; a flow-hashed AZ, kept for both directions,
 * with it: every AZ it may pick is traced). A packet also enters the TGW from on premises through a
 * VPN connection, and leaves through one. Pure.
 *
 * Most of a path after the TGW sends it into the next VPC (into the inspection VPC in one AZ, through
 * its firewall endpoint, back to the TGW and on to the destination) is the same whichever spoke it
 * came from: that part is traced once per entry subnet, destination address and appliance-mode AZs,
 * from an empty start, and joined to each path that reaches it. A joined result is the one a trace
 * from the first hop would give: it is used only when the path so far has visited none of the places
 * the shared part looked up as not yet visited, and the hop limit is not crossed; otherwise the rest
 * of the path is traced in full, so that loops are reported as they are met.
 */
import { str, TYPES, type Item } from "./inventory";
import type { NetworkModel } from "./network-model";
import type { FirewallEndpoint } from "./network-types";
import { contains } from "./route-match";
import {
    child,
    type Context,
    fork,
    HERE,
    join,
    type MemoNode,
    type Outcome,
    seen,
    short,
    type Suffix,
} from "./reachability-path";
import { HopTexts } from "./reachability-hops";
import { TraceLookups } from "./reachability-lookups";
import type { Hop, Verdict } from "./reachability-types";

const PRIVATE = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "127.0.0.0/8",
];
const MAX_HOPS = 64;

/** Traces packets through one network model; hops and keys met on many paths are built once. */
export class PathTracer {
    /** `shareSuffixes: false` traces every path in full (the shared parts are for speed only). */
    readonly hops: HopTexts;
    readonly lookups: TraceLookups;

    constructor(
        readonly net: NetworkModel,
        readonly shareSuffixes = true,
    ) {
        this.hops = new HopTexts(net);
        this.lookups = new TraceLookups(net);
    }

    /** Every way a packet from `subnet` to `address` can go. */
    trace(subnet: Item, address: string, applianceAz: ReadonlyMap<string, string> | undefined): Outcome[] {
        const context: Context = {
            destination: address,
            hops: [],
            inspections: [],
            visited: new Set(),
            applianceAz: applianceAz ? new Map(applianceAz) : new Map(),
            notes: [],
            crossAz: false,
        };
        return this.atSubnet(subnet, context);
    }

    /** Every way a packet from on premises to `address` can go, entering through VPN connection `vpn`. */
    traceFromVpn(vpn: Item, address: string, applianceAz: ReadonlyMap<string, string>): Outcome[] {
        const context: Context = {
            destination: address,
            hops: [],
            inspections: [],
            visited: new Set(),
            applianceAz: new Map(applianceAz),
            notes: [],
            crossAz: false,
        };
        const tgw = this.net.tgwOf(vpn);
        if (!tgw)
            return this.end(
                context,
                "unknown",
                `the Transit Gateway of VPN connection ${vpn.name} is not known`,
            );
        return this.intoTgw(tgw, vpn, undefined, context);
    }

    private end(c: Context, verdict: Verdict, reason: string, kind: Hop["kind"] = "drop"): Outcome[] {
        c.hops.push({ kind, text: reason });
        return [{ context: c, verdict, reason }];
    }

    private atSubnet(subnet: Item, c: Context): Outcome[] {
        const net = this.net;
        const az = net.azOf(subnet);
        if (seen(c, subnet.urn) || c.hops.length > MAX_HOPS) {
            return this.end(
                c,
                "looping",
                `back in subnet ${subnet.name} (${short(az)}): the routes form a loop`,
            );
        }
        c.visited.add(subnet.urn);
        const vpc = net.vpcOf(subnet);
        if (!vpc) return this.end(c, "unknown", `the VPC of subnet ${subnet.name} is not known`);
        const table = net.routeTableOf(subnet);
        c.hops.push(this.hops.subnet(subnet, vpc, table));
        const route = net.lookup(vpc, table, c.destination);
        if (!route)
            return this.end(
                c,
                "blackholed",
                `no route to ${c.destination} in route table ${table ? table.name : "main"}`,
            );
        const target = route.target;
        c.hops.push(this.hops.route(route));
        switch (target.kind) {
            case "local": {
                const host = net
                    .subnetsOf(vpc)
                    .find((s) => contains(str(s.props.cidrBlock) ?? "", c.destination));
                c.arrival = host ?? subnet;
                return this.end(
                    c,
                    "reachable",
                    `delivered in ${this.hops.label(vpc)}${host ? ` (${net.tierOf(host)} ${short(net.azOf(host))})` : ""}`,
                    "arrived",
                );
            }
            case "igw":
                if (PRIVATE.some((p) => contains(p, c.destination))) {
                    return this.end(
                        c,
                        "blackholed",
                        `${c.destination} is a private address: the internet gateway drops it`,
                    );
                }
                return this.end(c, "reachable", "to the internet through the internet gateway", "arrived");
            case "nat": {
                c.hops.push({ kind: "nat", text: `NAT gateway ${target.item.name}` });
                c.nat = target.item;
                const natSubnet = this.lookups.natSubnet(target.item);
                if (!natSubnet)
                    return this.end(
                        c,
                        "unknown",
                        `the subnet of NAT gateway ${target.item.name} is not known`,
                    );
                return this.atSubnet(natSubnet, c);
            }
            case "firewall":
                return this.throughFirewall(target.firewall, target.endpoint, az, c);
            case "gwlb-endpoint": {
                const endpointSubnet = this.net.inventory.refs(target.item, "subnetIds", [TYPES.subnet])[0];
                c.hops.push({
                    kind: "gwlb-endpoint",
                    text: `GWLB endpoint ${target.item.name} (appliances inspect, GENEVE)`,
                });
                c.inspections.push({
                    id: `gwlbe:${target.item.urn}`,
                    label: `GWLB endpoint ${target.item.name}`,
                });
                if (!endpointSubnet)
                    return this.end(
                        c,
                        "unknown",
                        `the subnet of GWLB endpoint ${target.item.name} is not known`,
                    );
                c.visited.delete(endpointSubnet.urn);
                return this.atSubnet(endpointSubnet, c);
            }
            case "tgw":
                return this.toTgw(vpc, subnet, target.item, c);
            case "blackhole":
                return this.end(c, "blackholed", "blackhole route");
            default:
                return this.end(c, "unknown", `route target ${this.hops.describe(target)} is not followed`);
        }
    }

    private throughFirewall(
        firewall: Item,
        endpoint: FirewallEndpoint | undefined,
        az: string,
        c: Context,
    ): Outcome[] {
        const endpoints = this.net.firewallEndpoints(firewall);
        let chosen = endpoint;
        if (!chosen) {
            // The route's endpoint ID is unknown until the firewall exists: follow the same-AZ endpoint
            // the design prescribes, and say that this is an assumption.
            chosen = endpoints.find((e) => e.az === az);
            c.notes.push(
                `the firewall endpoint a route targets is not known until deployed; the ${short(az)} endpoint is assumed`,
            );
        }
        if (!chosen) return this.end(c, "blackholed", `firewall ${firewall.name} has no endpoint in ${az}`);
        if (chosen.az !== az) {
            c.crossAz = true;
            c.notes.push(
                `a subnet in ${short(az)} sends to the firewall endpoint in ${short(chosen.az)}, not the endpoint of its own AZ`,
            );
        }
        const at = chosen;
        const point = this.hops.firewallInspection(firewall, at, endpoint !== undefined);
        c.hops.push(this.hops.firewallEndpoint(firewall, at, az));
        c.inspections.push(point.inspection);
        if (!chosen.subnet)
            return this.end(c, "unknown", `the subnet of the ${chosen.az} firewall endpoint is not known`);
        c.visited.delete(chosen.subnet.urn);
        const key = point.key;
        if (seen(c, key))
            return this.end(
                c,
                "looping",
                `back at firewall endpoint ${short(chosen.az)}: the routes form a loop`,
            );
        c.visited.add(key);
        return this.atSubnet(chosen.subnet, c);
    }

    private toTgw(vpc: Item, subnet: Item, tgw: Item, c: Context): Outcome[] {
        const net = this.net;
        const az = net.azOf(subnet);
        const attachment = this.lookups.attachmentTo(vpc, tgw);
        if (!attachment)
            return this.end(c, "blackholed", `VPC ${this.hops.label(vpc)} has no attachment to ${tgw.name}`);
        const from = this.lookups.facts(attachment);
        if (!from.azs.includes(az)) {
            return this.end(
                c,
                "blackholed",
                `attachment ${attachment.name} has no subnet in ${az}: traffic from that AZ cannot reach the Transit Gateway`,
            );
        }
        return this.intoTgw(tgw, attachment, az, c);
    }

    /**
     * A packet entering `tgw` through `attachment`: a VPC attachment in AZ `az`, or a VPN connection
     * (`az` undefined). The attachment's route table sends it on.
     */
    private intoTgw(tgw: Item, attachment: Item, az: string | undefined, c: Context): Outcome[] {
        const net = this.net;
        const into = this.lookups.into(tgw, attachment, az);
        c.hops.push(into.hop);
        if (seen(c, into.key))
            return this.end(
                c,
                "looping",
                `back into ${tgw.name} from ${attachment.name}: the routes form a loop`,
            );
        c.visited.add(into.key);
        const table = net.associationOf(attachment);
        if (!table)
            return this.end(
                c,
                "blackholed",
                `attachment ${attachment.name} is associated with no route table`,
            );
        const route = net.lookupTgw(table, c.destination);
        if (!route)
            return this.end(
                c,
                "blackholed",
                `no route to ${c.destination} in TGW route table ${net.tgwRouteTableName(table)}`,
            );
        const next = route.attachment;
        const to = next ? this.lookups.facts(next) : undefined;
        const nextVpc = to?.vpc;
        c.hops.push(this.hops.tgwRoute(table, route, nextVpc));
        if (!next)
            return this.end(
                c,
                "blackholed",
                `blackhole route in TGW route table ${net.tgwRouteTableName(table)}`,
            );
        if (net.isVpn(next)) {
            c.vpn = next;
            return this.end(
                c,
                "reachable",
                `to on premises through VPN connection ${next.name} (BGP)`,
                "arrived",
            );
        }
        if (!to || !nextVpc)
            return this.end(c, "reachable", `leaves through attachment ${next.name}`, "arrived");
        if (to.azs.length === 0) return this.end(c, "blackholed", `attachment ${next.name} has no subnets`);
        const appliance = to.appliance;
        const chosen = this.lookups.picks(next, to, az, c.applianceAz);
        const forked = chosen.length > 1;
        const outcomes: Outcome[] = [];
        for (const pick of chosen) {
            const entry = to.entries.get(pick)!;
            const hop = this.hops.exit(tgw, to, nextVpc, pick, az !== undefined && pick !== az);
            const suffix =
                c.reads || !this.shareSuffixes
                    ? undefined
                    : this.suffix(
                          entry,
                          c.destination,
                          c.applianceAz,
                          appliance ? next.urn : undefined,
                          pick,
                      );
            if (suffix && this.joins(c.hops.length, c.visited, suffix)) {
                for (const o of suffix.outcomes) outcomes.push(join(c, hop, o));
                continue;
            }
            const branch = forked ? fork(c) : c;
            if (appliance) branch.applianceAz.set(next.urn, pick);
            branch.hops.push(hop);
            for (const o of this.atSubnet(entry, branch)) outcomes.push(o);
        }
        return outcomes;
    }

    /**
     * The outcomes of a packet to `destination` entering `entry`, traced once from an empty start
     * with the appliance-mode AZs `applianceAz` (and `applianceAttachment` kept in `pick`). Callers
     * do not ask while tracing a suffix (its rest is traced in full: a suffix depends on what it
     * found not visited only at its own level), nor when suffixes are not shared.
     */
    suffix(
        entry: Item,
        destination: string,
        applianceAz: ReadonlyMap<string, string>,
        applianceAttachment: string | undefined,
        pick: string,
    ): Suffix {
        let node = child(child(this.suffixes, entry), destination);
        for (const [attachment, az] of applianceAz) {
            node = child(child(node, attachment), attachment === applianceAttachment ? pick : az);
        }
        if (applianceAttachment !== undefined && !applianceAz.has(applianceAttachment)) {
            node = child(child(node, applianceAttachment), pick);
        }
        const known = node.get(HERE) as Suffix | undefined;
        if (known) return known;
        const kept = new Map(applianceAz);
        if (applianceAttachment !== undefined) kept.set(applianceAttachment, pick);
        const reads = new Set<string>();
        const outcomes = this.atSubnet(entry, {
            destination,
            hops: [],
            inspections: [],
            visited: new Set(),
            applianceAz: kept,
            notes: [],
            crossAz: false,
            reads,
        });
        let longest = 0;
        for (const o of outcomes) longest = Math.max(longest, o.context.hops.length);
        const suffix: Suffix = { outcomes, reads, longest };
        node.set(HERE, suffix);
        return suffix;
    }

    private readonly suffixes: MemoNode = new Map();

    /**
     * Whether `suffix` after a path of `hops` hops that went through `visited` (and one more hop) is
     * what tracing on from that path gives: the path has visited none of the keys the suffix found
     * not visited, and the hop limit is not crossed.
     */
    joins(hops: number, visited: ReadonlySet<string>, suffix: Suffix): boolean {
        if (hops + 1 + suffix.longest > MAX_HOPS) return false;
        for (const key of suffix.reads) if (visited.has(key)) return false;
        return true;
    }
}
