/**
 * Static reachability over the recorded resources of every stack: for each spoke, the paths to the
 * internet, to every other spoke, to the on-premises CIDRs and to the shared-services VPC, followed
 * hop by hop as AWS forwards a packet (subnet route table, longest-prefix route and its target, TGW
 * attachment in the AZ of the packet, the TGW route table the attachment is associated with, its
 * static and propagated routes, the attachment it sends to and the AZ the TGW picks: the same AZ
 * without appliance mode, a flow-hashed AZ kept for both directions with it; firewall and GWLB
 * endpoints, NAT and internet gateways). Each path gets a verdict (reachable, blackholed, looping),
 * whether it is inspected (a firewall or GWLB endpoint on the way) and whether its return path
 * crosses the same inspection endpoints (symmetric). Every AZ the source can send from and every AZ
 * the TGW may pick is traced. Pure.
 *
 * Most of a path after the TGW sends it into the next VPC (into the inspection VPC in one AZ, through
 * its firewall endpoint, back to the TGW and on to the destination) is the same whichever spoke it
 * came from: that part is traced once per entry subnet, destination address and appliance-mode AZs,
 * from an empty start, and joined to each path that reaches it. A joined result is the one a trace
 * from the first hop would give: it is used only when the path so far has visited none of the places
 * the shared part looked up as not yet visited, and the hop limit is not crossed; otherwise the rest
 * of the path is traced in full, so that loops are reported as they are met.
 */
import { str, TYPES, type Inventory, type Item } from "./inventory";
import { Keyed } from "./keyed";
import {
    contains,
    hostIn,
    NetworkModel,
    type FirewallEndpoint,
    type RouteTarget,
    type TgwRoute,
    type VpcRoute,
} from "./network-model";
import {
    type AttachmentFacts,
    child,
    type Context,
    type Destination,
    fork,
    HERE,
    join,
    type MemoNode,
    type Outcome,
    sameEndpoints,
    seen,
    short,
    type Suffix,
    unknownId,
    VERDICT_RANK,
    worstFirst,
    type Writable,
} from "./reachability-path";
import {
    INTERNET_ADDRESS,
    type Verdict,
    type Hop,
    type Inspection,
    type Trace,
    type Branch,
    type DestinationKind,
    type PathResult,
    type ReachabilityOptions,
} from "./reachability-types";

export * from "./reachability-types";

const PRIVATE = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "127.0.0.0/8",
];
const MAX_HOPS = 64;

/** The reachability analysis of one inventory. */
export class Reachability {
    readonly net: NetworkModel;

    constructor(
        readonly inventory: Inventory,
        readonly options: ReachabilityOptions = {},
    ) {
        this.net = new NetworkModel(inventory, options.onPremisesCidrs);
    }

    /** Spoke VPCs, by spoke name. */
    spokes(): { name: string; vpc: Item }[] {
        return this.net
            .vpcs()
            .filter((v) => this.net.roleOf(v) === "spoke")
            .map((vpc) => ({ name: this.label(vpc), vpc }));
    }

    /** A VPC's name, with `@<region>` when a VPC of the same name lives in another region too. */
    label(vpc: Item): string {
        let label = this.labels.get(vpc.urn);
        if (label === undefined) {
            const name = this.net.nameOf(vpc);
            const twins = this.net.vpcs().some((v) => this.net.nameOf(v) === name && v.region !== vpc.region);
            label = twins ? `${name}@${vpc.region}` : name;
            this.labels.set(vpc.urn, label);
        }
        return label;
    }

    private readonly labels = new Map<string, string>();

    /** The subnets traffic of a VPC starts from: its workload tier (or any non-TGW subnet), one per AZ. */
    hostSubnets(vpc: Item): Item[] {
        const known = this.hosts.get(vpc.urn);
        if (known) return known;
        const subnets = this.net.subnetsOf(vpc);
        const preferred = subnets.filter((s) => this.net.tierOf(s) === "workload");
        const candidates = preferred.length ? preferred : subnets.filter((s) => this.net.tierOf(s) !== "tgw");
        const byAz = new Map<string, Item>();
        for (const s of [...(candidates.length ? candidates : subnets)].sort((a, b) =>
            a.name.localeCompare(b.name),
        )) {
            if (!byAz.has(this.net.azOf(s))) byAz.set(this.net.azOf(s), s);
        }
        const hosts = [...byAz.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
        this.hosts.set(vpc.urn, hosts);
        return hosts;
    }

    private readonly hosts = new Map<string, Item[]>();

    private hostAddress(subnet: Item): string | undefined {
        if (!this.addresses.has(subnet))
            this.addresses.set(subnet, hostIn(str(subnet.props.cidrBlock) ?? "", 10));
        return this.addresses.get(subnet);
    }

    private readonly addresses = new Map<Item, string | undefined>();

    /** Every question for every spoke. */
    analyzeAll(): PathResult[] {
        const spokes = this.spokes();
        const shared = this.net.vpcs().filter((v) => this.net.roleOf(v) === "shared-services");
        const results: PathResult[] = [];
        for (const spoke of spokes) {
            results.push(
                this.analyze(spoke.vpc, { kind: "internet", name: "internet", address: this.internet() }),
            );
            for (const other of spokes) {
                if (other.vpc.urn !== spoke.vpc.urn)
                    results.push(this.analyzeVpc(spoke.vpc, other.vpc, "spoke"));
            }
            for (const cidr of this.options.onPremisesCidrs ?? []) {
                results.push(
                    this.analyze(spoke.vpc, {
                        kind: "on-premises",
                        name: cidr,
                        address: hostIn(cidr, 10) ?? cidr,
                    }),
                );
            }
            for (const vpc of shared.filter((s) => s.region === spoke.vpc.region)) {
                results.push(this.analyzeVpc(spoke.vpc, vpc, "shared-services"));
            }
        }
        return results;
    }

    private internet(): string {
        return this.options.internetAddress ?? INTERNET_ADDRESS;
    }

    /** One question: `source` is a spoke name with an optional `:az`, `destination` a spoke or a CIDR/address. */
    question(source: string, destination: string): PathResult {
        const [name, az] = source.split(":");
        const spoke = this.findVpc(name);
        if (!spoke)
            throw new Error(
                `unknown spoke '${name}'; expected one of ${this.spokes()
                    .map((s) => s.name)
                    .join(", ")}`,
            );
        const target = this.findVpc(destination);
        const azFilter = az ? (subnetAz: string) => subnetAz === az || subnetAz.endsWith(az) : undefined;
        if (target)
            return this.analyzeVpc(
                spoke,
                target,
                this.net.roleOf(target) === "spoke" ? "spoke" : "shared-services",
                azFilter,
            );
        if (destination === "internet")
            return this.analyze(
                spoke,
                { kind: "internet", name: "internet", address: this.internet() },
                azFilter,
            );
        const isCidr = contains("0.0.0.0/0", destination);
        if (!isCidr)
            throw new Error(
                `unknown destination '${destination}'; expected a spoke name, "internet", or an IPv4 address or CIDR`,
            );
        const address = destination.includes("/") ? (hostIn(destination, 10) ?? destination) : destination;
        const onPrem = (this.options.onPremisesCidrs ?? []).some((c) => contains(c, address));
        return this.analyze(
            spoke,
            { kind: onPrem ? "on-premises" : "cidr", name: destination, address },
            azFilter,
        );
    }

    private findVpc(name: string): Item | undefined {
        return this.net
            .vpcs()
            .find(
                (v) =>
                    this.label(v) === name ||
                    this.net.nameOf(v) === name ||
                    v.stack === name ||
                    v.name === name,
            );
    }

    private analyzeVpc(
        source: Item,
        target: Item,
        kind: DestinationKind,
        azFilter?: (az: string) => boolean,
    ): PathResult {
        let destination = this.vpcDestinations.get(target)?.get(kind);
        if (!destination) {
            const hosts = this.hostSubnets(target);
            const first = hosts[0]
                ? this.hostAddress(hosts[0])
                : hostIn(this.net.cidrsOf(target)[0] ?? "", 10);
            destination = {
                kind,
                name: this.label(target),
                address: first ?? "?",
                hosts: hosts.map((h) => ({ subnet: h, address: this.hostAddress(h) ?? "?" })),
            };
            const byKind = this.vpcDestinations.get(target) ?? new Map<DestinationKind, Destination>();
            this.vpcDestinations.set(target, byKind.set(kind, destination));
        }
        return this.analyze(source, destination, azFilter);
    }

    private readonly vpcDestinations = new Map<Item, Map<DestinationKind, Destination>>();

    private analyze(source: Item, destination: Destination, azFilter?: (az: string) => boolean): PathResult {
        const branches: Branch[] = [];
        const hosts = this.hostSubnets(source);
        const sources = azFilter ? hosts.filter((s) => azFilter(this.net.azOf(s))) : hosts;
        const targets = destination.hosts ?? [{ subnet: undefined, address: destination.address }];
        for (const from of sources) {
            const sourceAddress = this.hostAddress(from) ?? "?";
            for (const to of targets) {
                for (const outcome of this.trace(from, to.address, undefined)) {
                    const forward = this.toTrace(outcome);
                    let back: Trace | undefined;
                    let symmetric: boolean | undefined;
                    let note: string | undefined = outcome.context.notes[0];
                    if (outcome.verdict === "reachable") {
                        const returns = this.returnOf(destination, outcome, sourceAddress);
                        if (returns) {
                            const worst = returns.length === 1 ? returns[0] : returns.sort(worstFirst)[0];
                            back = this.toTrace(worst);
                            note = note ?? worst.context.notes[0];
                            const unknownEndpoint =
                                forward.inspections.some(unknownId) || back.inspections.some(unknownId);
                            if (worst.verdict !== "reachable")
                                note = note ?? `return path ${worst.verdict}: ${worst.reason}`;
                            symmetric =
                                worst.verdict !== "reachable" ||
                                outcome.context.crossAz ||
                                worst.context.crossAz
                                    ? false
                                    : unknownEndpoint
                                      ? undefined
                                      : sameEndpoints(forward.inspections, back.inspections);
                            if (symmetric === false && !note) {
                                note = `forward through ${forward.inspections.map((i) => i.label).join(", ") || "no inspection"}, return through ${back.inspections.map((i) => i.label).join(", ") || "no inspection"}`;
                            }
                        } else {
                            note = note ?? "return path not traced: the traffic leaves the modelled network";
                        }
                    }
                    // Fields in this order, absent ones left out (the JSON report shows them so).
                    const branch: Writable<Branch> = { sourceAz: this.net.azOf(from) } as Writable<Branch>;
                    if (to.subnet) branch.destinationAz = this.net.azOf(to.subnet);
                    branch.forward = forward;
                    if (back) branch.return = back;
                    if (symmetric !== undefined) branch.symmetric = symmetric;
                    if (note) branch.note = note;
                    branches.push(branch);
                }
            }
        }
        const verdict = branches
            .map((b) => b.forward.verdict)
            .reduce<Verdict>(
                (w, v) => (VERDICT_RANK[v] > VERDICT_RANK[w] ? v : w),
                branches.length ? "reachable" : "unknown",
            );
        const reachable = branches.filter((b) => b.forward.verdict === "reachable");
        const judged = reachable.length > 0 ? reachable : branches;
        const inspected = judged.length > 0 && judged.every((b) => b.forward.inspections.length > 0);
        const symmetric = reachable.some((b) => b.symmetric === false)
            ? false
            : reachable.length > 0 && reachable.every((b) => b.symmetric === true)
              ? true
              : undefined;
        const violations = [
            ...(reachable.length > 0 && !inspected ? ["uninspected"] : []),
            ...(symmetric === false ? ["asymmetric"] : []),
            ...(verdict === "looping" ? ["looping"] : []),
        ];
        return {
            source: this.label(source),
            sourceStack: source.stack,
            destination: destination.name,
            destinationKind: destination.kind,
            address: destination.address,
            verdict,
            inspected,
            ...(symmetric !== undefined ? { symmetric } : {}),
            branches,
            violations,
        };
    }

    /**
     * The ways back of a packet that got through: from the subnet it arrived in, from the NAT gateway
     * it left through (the reply to the address it was translated to), or from the VPN connection it
     * left through to on premises. Undefined when the reply enters where nothing is modelled.
     */
    private returnOf(
        destination: Destination,
        outcome: Outcome,
        sourceAddress: string,
    ): Outcome[] | undefined {
        const c = outcome.context;
        if (c.vpn) return this.traceFromVpn(c.vpn, sourceAddress, c.applianceAz);
        const outside =
            destination.kind === "internet" ||
            destination.kind === "cidr" ||
            destination.kind === "on-premises";
        const start = outside ? (c.nat ? this.natSubnet(c.nat) : undefined) : c.arrival;
        return start ? this.trace(start, sourceAddress, c.applianceAz) : undefined;
    }

    private toTrace(o: Outcome): Trace {
        return {
            verdict: o.verdict,
            reason: o.reason,
            hops: o.context.hops,
            inspections: o.context.inspections,
        };
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
    private traceFromVpn(vpn: Item, address: string, applianceAz: ReadonlyMap<string, string>): Outcome[] {
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
        let subnetHop = this.subnetHops.get(subnet);
        if (!subnetHop) {
            subnetHop = {
                kind: "subnet",
                az,
                text: `subnet ${this.label(vpc)}/${net.tierOf(subnet)} ${short(az)} (route table ${table ? table.name : "main"})`,
            };
            this.subnetHops.set(subnet, subnetHop);
        }
        c.hops.push(subnetHop);
        const route = net.lookup(vpc, table, c.destination);
        if (!route)
            return this.end(
                c,
                "blackholed",
                `no route to ${c.destination} in route table ${table ? table.name : "main"}`,
            );
        const target = route.target;
        let routeHop = this.routeHops.get(route);
        if (!routeHop) {
            routeHop = { kind: "route", text: `${route.destination} → ${this.describe(target)}` };
            this.routeHops.set(route, routeHop);
        }
        c.hops.push(routeHop);
        switch (target.kind) {
            case "local": {
                const host = net
                    .subnetsOf(vpc)
                    .find((s) => contains(str(s.props.cidrBlock) ?? "", c.destination));
                c.arrival = host ?? subnet;
                return this.end(
                    c,
                    "reachable",
                    `delivered in ${this.label(vpc)}${host ? ` (${net.tierOf(host)} ${short(net.azOf(host))})` : ""}`,
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
                const natSubnet = this.natSubnet(target.item);
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
                return this.end(c, "unknown", `route target ${this.describe(target)} is not followed`);
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
        const known = endpoint !== undefined;
        const at = chosen;
        const point = this.endpoints.get(firewall, at, known, () => {
            const id = `fw:${firewall.urn}:${at.az}${known ? "" : ":?"}`;
            return { key: `fwe:${id}`, inspection: { id, label: `firewall endpoint ${short(at.az)}` } };
        });
        c.hops.push(
            this.endpointHops.get(firewall, at, az, () => ({
                kind: "firewall-endpoint",
                az: at.az,
                text: `firewall endpoint ${short(at.az)}${at.endpointId ? ` ${at.endpointId}` : ""} (${firewall.name})${at.az !== az ? ` — from a subnet in ${short(az)}` : ""}`,
            })),
        );
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
        const attachment = this.attachmentTo(vpc, tgw);
        if (!attachment)
            return this.end(c, "blackholed", `VPC ${this.label(vpc)} has no attachment to ${tgw.name}`);
        const from = this.facts(attachment);
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
        const from = this.facts(attachment);
        const entry = az ?? "";
        let into = from.into.get(entry);
        if (!into) {
            into = {
                key: `tgw:${attachment.urn}:${entry}`,
                hop: {
                    kind: "tgw-attachment",
                    ...(az ? { az } : {}),
                    text: az
                        ? `into ${tgw.name} through ${attachment.name} (${short(az)})`
                        : `into ${tgw.name} through VPN connection ${attachment.name}`,
                },
            };
            from.into.set(entry, into);
        }
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
        const to = next ? this.facts(next) : undefined;
        const nextVpc = to?.vpc;
        c.hops.push(this.tgwRouteHop(table, route, nextVpc));
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
        const azs = to.azs;
        if (azs.length === 0) return this.end(c, "blackholed", `attachment ${next.name} has no subnets`);
        const appliance = to.appliance;
        let chosen: readonly string[];
        if (appliance) {
            const kept = c.applianceAz.get(next.urn);
            chosen = kept ? [kept] : azs;
        } else {
            chosen = [az !== undefined && azs.includes(az) ? az : azs[0]];
        }
        const forked = chosen.length > 1;
        const outcomes: Outcome[] = [];
        for (const pick of chosen) {
            const entry = to.entries.get(pick)!;
            const hop = this.exitHop(tgw, to, nextVpc, pick, az !== undefined && pick !== az);
            const suffix = this.suffix(entry, c, appliance ? next.urn : undefined, pick);
            if (suffix && this.joins(c, suffix)) {
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
     * The outcomes of a packet entering `entry` after path `c`, traced once from an empty start with
     * the appliance-mode AZs `c` brings (and `applianceAttachment` kept in `pick`). Undefined when
     * suffixes are not shared, and while tracing a suffix (its rest is traced in full: a suffix
     * depends on what it found not visited only at its own level).
     */
    private suffix(
        entry: Item,
        c: Context,
        applianceAttachment: string | undefined,
        pick: string,
    ): Suffix | undefined {
        if (c.reads || this.options.shareSuffixes === false) return undefined;
        let node = child(child(this.suffixes, entry), c.destination);
        for (const [attachment, az] of c.applianceAz) {
            node = child(child(node, attachment), attachment === applianceAttachment ? pick : az);
        }
        if (applianceAttachment !== undefined && !c.applianceAz.has(applianceAttachment)) {
            node = child(child(node, applianceAttachment), pick);
        }
        const known = node.get(HERE) as Suffix | undefined;
        if (known) return known;
        const applianceAz = new Map(c.applianceAz);
        if (applianceAttachment !== undefined) applianceAz.set(applianceAttachment, pick);
        const reads = new Set<string>();
        const outcomes = this.atSubnet(entry, {
            destination: c.destination,
            hops: [],
            inspections: [],
            visited: new Set(),
            applianceAz,
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
     * Whether `suffix` after path `c` (and one more hop) is what tracing on from `c` gives: `c` has
     * visited none of the keys the suffix found not visited, and the hop limit is not crossed.
     */
    private joins(c: Context, suffix: Suffix): boolean {
        if (c.hops.length + 1 + suffix.longest > MAX_HOPS) return false;
        for (const key of suffix.reads) if (c.visited.has(key)) return false;
        return true;
    }

    /** The attachment of `vpc` to `tgw`. */
    private attachmentTo(vpc: Item, tgw: Item): Item | undefined {
        let byTgw = this.attachmentsTo.get(vpc);
        if (!byTgw) this.attachmentsTo.set(vpc, (byTgw = new Map()));
        if (!byTgw.has(tgw)) {
            byTgw.set(
                tgw,
                this.net.attachmentsOf(vpc).find((a) => this.net.tgwOf(a)?.urn === tgw.urn),
            );
        }
        return byTgw.get(tgw);
    }

    private readonly attachmentsTo = new Map<Item, Map<Item, Item | undefined>>();

    /** What a trace needs of an attachment, read once. */
    private facts(attachment: Item): AttachmentFacts {
        let facts = this.attachmentFacts.get(attachment);
        if (!facts) {
            const net = this.net;
            const entries = new Map<string, Item>();
            for (const s of net.attachmentSubnets(attachment)) {
                if (!entries.has(net.azOf(s))) entries.set(net.azOf(s), s);
            }
            facts = {
                azs: [...entries.keys()].sort(),
                entries,
                appliance: net.applianceMode(attachment),
                vpc: net.vpcOf(attachment),
                into: new Map(),
                out: new Map(),
            };
            this.attachmentFacts.set(attachment, facts);
        }
        return facts;
    }

    private readonly attachmentFacts = new Map<Item, AttachmentFacts>();

    /** The hop out of `tgw` into the attachment `to` in AZ `pick` (`otherAz`: not the AZ the packet came from). */
    private exitHop(tgw: Item, to: AttachmentFacts, vpc: Item, pick: string, otherAz: boolean): Hop {
        let byAz = to.out.get(tgw);
        if (!byAz) to.out.set(tgw, (byAz = new Map()));
        let hops = byAz.get(pick);
        if (!hops) byAz.set(pick, (hops = []));
        const variant = otherAz ? 1 : 0;
        let hop = hops[variant];
        if (!hop) {
            hop = {
                kind: "tgw-attachment",
                az: pick,
                text: `out of ${tgw.name} into ${this.label(vpc)} (${short(pick)}${to.appliance ? ", appliance mode: one AZ per flow" : otherAz ? ", no subnet in the source AZ" : ""})`,
            };
            hops[variant] = hop;
        }
        return hop;
    }

    private natSubnet(nat: Item): Item | undefined {
        return this.natSubnets.get(nat, () => this.net.inventory.ref(nat, "subnetId", [TYPES.subnet]));
    }

    private tgwRouteHop(table: Item, route: TgwRoute, nextVpc: Item | undefined): Hop {
        let hop = this.tgwRouteHops.get(route);
        if (!hop) {
            const next = route.attachment;
            hop = {
                kind: "tgw-route",
                text: `TGW route table ${this.net.tgwRouteTableName(table)}: ${route.destination} (${route.origin}) → ${next ? (nextVpc ? `${this.label(nextVpc)} attachment` : this.net.isVpn(next) ? `VPN connection ${next.name}` : next.name) : "blackhole"}`,
            };
            this.tgwRouteHops.set(route, hop);
        }
        return hop;
    }

    // Hops and keys built once: the same few are met on thousands of paths (and may be shared by them).
    private readonly subnetHops = new Map<Item, Hop>();
    private readonly routeHops = new Map<VpcRoute, Hop>();
    private readonly tgwRouteHops = new Map<TgwRoute, Hop>();
    private readonly endpoints = new Keyed<{ key: string; inspection: Inspection }>();
    private readonly endpointHops = new Keyed<Hop>();
    private readonly natSubnets = new Keyed<Item | undefined>();

    private describe(target: RouteTarget): string {
        switch (target.kind) {
            case "local":
                return "local";
            case "igw":
                return `internet gateway ${target.item.name}`;
            case "nat":
                return `NAT gateway ${target.item.name}`;
            case "tgw":
                return `Transit Gateway ${target.item.name}`;
            case "firewall":
                return target.endpoint
                    ? `firewall endpoint ${short(target.endpoint.az)}`
                    : `firewall ${target.firewall.name} (endpoint not known yet)`;
            case "gwlb-endpoint":
                return `GWLB endpoint ${target.item.name}`;
            case "vpc-endpoint":
                return `VPC endpoint ${target.item.name}`;
            case "blackhole":
                return "blackhole";
            default:
                return `${target.field}${target.value ? ` ${target.value}` : ""}`;
        }
    }
}

/** Every path of every spoke. */
export function analyzeReachability(inventory: Inventory, options: ReachabilityOptions = {}): PathResult[] {
    return new Reachability(inventory, options).analyzeAll();
}
