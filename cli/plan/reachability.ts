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
 */
import { str, TYPES, type Inventory, type Item } from "./inventory";
import { contains, hostIn, NetworkModel, type FirewallEndpoint, type RouteTarget } from "./network-model";

/** What a path ends in. */
export type Verdict = "reachable" | "blackholed" | "looping" | "unknown";

/** One step of a path. */
export interface Hop {
    readonly kind:
        | "subnet"
        | "route"
        | "tgw-attachment"
        | "tgw-route"
        | "firewall-endpoint"
        | "gwlb-endpoint"
        | "nat"
        | "igw"
        | "arrived"
        | "drop";
    readonly text: string;
    readonly az?: string;
}

/** An inspection point: a firewall endpoint (in an AZ) or a GWLB endpoint. */
export interface Inspection {
    readonly id: string;
    readonly label: string;
}

/** One direction of one traced branch. */
export interface Trace {
    readonly verdict: Verdict;
    readonly reason: string;
    readonly hops: readonly Hop[];
    readonly inspections: readonly Inspection[];
}

/** One way a packet can go: AZs chosen on the way, forward and return. */
export interface Branch {
    readonly sourceAz: string;
    readonly destinationAz?: string;
    readonly forward: Trace;
    readonly return?: Trace;
    /** Same inspection endpoints both ways; undefined when not known (endpoint IDs unknown, or no return traced). */
    readonly symmetric?: boolean;
    readonly note?: string;
}

/** A destination kind. */
export type DestinationKind = "internet" | "spoke" | "on-premises" | "shared-services" | "cidr";

/** One question: a spoke to a destination, over every branch. */
export interface PathResult {
    readonly source: string;
    readonly sourceStack: string;
    readonly destination: string;
    readonly destinationKind: DestinationKind;
    readonly address: string;
    /** The worst verdict over the branches. */
    readonly verdict: Verdict;
    /** Every reachable branch crosses a firewall or GWLB endpoint. */
    readonly inspected: boolean;
    /** Every reachable branch returns through the endpoints it went out through; undefined when not known. */
    readonly symmetric?: boolean;
    readonly branches: readonly Branch[];
    /** What makes this path a violation: `uninspected`, `asymmetric`, `looping`. */
    readonly violations: readonly string[];
}

/** Inputs the resources do not carry. */
export interface ReachabilityOptions {
    /** On-premises CIDRs (the environment file's `onPremises.cidrs`). */
    readonly onPremisesCidrs?: readonly string[];
    /** The address that stands for the internet (documentation range by default). */
    readonly internetAddress?: string;
}

/** The address standing for "the internet": TEST-NET-3, never routed privately. */
export const INTERNET_ADDRESS = "203.0.113.10";

const PRIVATE = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "127.0.0.0/8",
];
const MAX_HOPS = 64;
const VERDICT_ORDER: Verdict[] = ["reachable", "unknown", "blackholed", "looping"];

interface Context {
    readonly destination: string;
    readonly hops: Hop[];
    readonly inspections: Inspection[];
    readonly visited: Set<string>;
    /** The AZ the TGW picked for a flow into an attachment with appliance mode (kept both ways). */
    readonly applianceAz: Map<string, string>;
    /** The NAT gateway the packet left through (the return enters there). */
    nat?: Item;
    /** The subnet the packet arrived in (the return starts there). */
    arrival?: Item;
    notes: string[];
    /** A subnet sent the packet to a firewall endpoint in another AZ. */
    crossAz: boolean;
}

interface Outcome {
    readonly context: Context;
    readonly verdict: Verdict;
    readonly reason: string;
}

function fork(c: Context): Context {
    return {
        destination: c.destination,
        hops: [...c.hops],
        inspections: [...c.inspections],
        visited: new Set(c.visited),
        applianceAz: new Map(c.applianceAz),
        ...(c.nat ? { nat: c.nat } : {}),
        ...(c.arrival ? { arrival: c.arrival } : {}),
        notes: [...c.notes],
        crossAz: c.crossAz,
    };
}

const short = (az: string) => az.replace(/^[a-z]+-[a-z]+-\d+/, "") || az;

/** The reachability analysis of one inventory. */
export class Reachability {
    readonly net: NetworkModel;

    constructor(
        readonly inventory: Inventory,
        readonly options: ReachabilityOptions = {},
    ) {
        this.net = new NetworkModel(inventory);
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
        return hostIn(str(subnet.props.cidrBlock) ?? "", 10);
    }

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
        const hosts = this.hostSubnets(target);
        const name = this.label(target);
        const first = hosts[0] ? this.hostAddress(hosts[0]) : hostIn(this.net.cidrsOf(target)[0] ?? "", 10);
        return this.analyze(
            source,
            {
                kind,
                name,
                address: first ?? "?",
                hosts: hosts.map((h) => ({ subnet: h, address: this.hostAddress(h) ?? "?" })),
            },
            azFilter,
        );
    }

    private analyze(
        source: Item,
        destination: {
            kind: DestinationKind;
            name: string;
            address: string;
            hosts?: { subnet: Item; address: string }[];
        },
        azFilter?: (az: string) => boolean,
    ): PathResult {
        const branches: Branch[] = [];
        const sources = this.hostSubnets(source).filter((s) => !azFilter || azFilter(this.net.azOf(s)));
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
                        const start =
                            destination.kind === "internet" ||
                            destination.kind === "cidr" ||
                            destination.kind === "on-premises"
                                ? outcome.context.nat
                                    ? this.net.inventory.ref(outcome.context.nat, "subnetId", [TYPES.subnet])
                                    : undefined
                                : outcome.context.arrival;
                        if (start) {
                            const returns = this.trace(start, sourceAddress, outcome.context.applianceAz);
                            const worst = returns.sort(
                                (a, b) => VERDICT_ORDER.indexOf(b.verdict) - VERDICT_ORDER.indexOf(a.verdict),
                            )[0];
                            back = this.toTrace(worst);
                            note = note ?? worst.context.notes[0];
                            const ids = (t: Trace) =>
                                t.inspections
                                    .map((i) => i.id)
                                    .sort()
                                    .join(",");
                            const unknownEndpoint = [...forward.inspections, ...back.inspections].some((i) =>
                                i.id.endsWith(":?"),
                            );
                            if (worst.verdict !== "reachable")
                                note = note ?? `return path ${worst.verdict}: ${worst.reason}`;
                            symmetric =
                                worst.verdict !== "reachable" ||
                                outcome.context.crossAz ||
                                worst.context.crossAz
                                    ? false
                                    : unknownEndpoint
                                      ? undefined
                                      : ids(forward) === ids(back);
                            if (symmetric === false && !note) {
                                note = `forward through ${forward.inspections.map((i) => i.label).join(", ") || "no inspection"}, return through ${back.inspections.map((i) => i.label).join(", ") || "no inspection"}`;
                            }
                        } else {
                            note = note ?? "return path not traced: the traffic leaves the modelled network";
                        }
                    }
                    branches.push({
                        sourceAz: this.net.azOf(from),
                        ...(to.subnet ? { destinationAz: this.net.azOf(to.subnet) } : {}),
                        forward,
                        ...(back ? { return: back } : {}),
                        ...(symmetric !== undefined ? { symmetric } : {}),
                        ...(note ? { note } : {}),
                    });
                }
            }
        }
        const verdict = branches
            .map((b) => b.forward.verdict)
            .reduce<Verdict>(
                (w, v) => (VERDICT_ORDER.indexOf(v) > VERDICT_ORDER.indexOf(w) ? v : w),
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
            applianceAz: new Map(applianceAz ?? []),
            notes: [],
            crossAz: false,
        };
        return this.atSubnet(subnet, context);
    }

    private end(c: Context, verdict: Verdict, reason: string, kind: Hop["kind"] = "drop"): Outcome[] {
        c.hops.push({ kind, text: reason });
        return [{ context: c, verdict, reason }];
    }

    private atSubnet(subnet: Item, c: Context): Outcome[] {
        const net = this.net;
        const az = net.azOf(subnet);
        const key = `subnet:${subnet.urn}`;
        if (c.visited.has(key) || c.hops.length > MAX_HOPS) {
            return this.end(
                c,
                "looping",
                `back in subnet ${subnet.name} (${short(az)}): the routes form a loop`,
            );
        }
        c.visited.add(key);
        const vpc = net.vpcOf(subnet);
        if (!vpc) return this.end(c, "unknown", `the VPC of subnet ${subnet.name} is not known`);
        const table = net.routeTableOf(subnet);
        c.hops.push({
            kind: "subnet",
            az,
            text: `subnet ${this.label(vpc)}/${net.tierOf(subnet)} ${short(az)} (route table ${table ? table.name : "main"})`,
        });
        const route = net.lookup(vpc, table, c.destination);
        if (!route)
            return this.end(
                c,
                "blackholed",
                `no route to ${c.destination} in route table ${table ? table.name : "main"}`,
            );
        const target = route.target;
        c.hops.push({ kind: "route", text: `${route.destination} → ${this.describe(target)}` });
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
                const natSubnet = this.net.inventory.ref(target.item, "subnetId", [TYPES.subnet]);
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
                c.visited.delete(`subnet:${endpointSubnet.urn}`);
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
        const id = `fw:${firewall.urn}:${chosen.az}${endpoint ? "" : ":?"}`;
        c.hops.push({
            kind: "firewall-endpoint",
            az: chosen.az,
            text: `firewall endpoint ${short(chosen.az)}${chosen.endpointId ? ` ${chosen.endpointId}` : ""} (${firewall.name})${chosen.az !== az ? ` — from a subnet in ${short(az)}` : ""}`,
        });
        c.inspections.push({ id, label: `firewall endpoint ${short(chosen.az)}` });
        if (!chosen.subnet)
            return this.end(c, "unknown", `the subnet of the ${chosen.az} firewall endpoint is not known`);
        c.visited.delete(`subnet:${chosen.subnet.urn}`);
        const key = `fwe:${id}`;
        if (c.visited.has(key))
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
        const attachment = net.attachmentsOf(vpc).find((a) => net.tgwOf(a)?.urn === tgw.urn);
        if (!attachment)
            return this.end(c, "blackholed", `VPC ${this.label(vpc)} has no attachment to ${tgw.name}`);
        if (!net.attachmentSubnets(attachment).some((s) => net.azOf(s) === az)) {
            return this.end(
                c,
                "blackholed",
                `attachment ${attachment.name} has no subnet in ${az}: traffic from that AZ cannot reach the Transit Gateway`,
            );
        }
        c.hops.push({
            kind: "tgw-attachment",
            az,
            text: `into ${tgw.name} through ${attachment.name} (${short(az)})`,
        });
        const key = `tgw:${attachment.urn}:${az}`;
        if (c.visited.has(key))
            return this.end(
                c,
                "looping",
                `back into ${tgw.name} from ${attachment.name}: the routes form a loop`,
            );
        c.visited.add(key);
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
        const nextVpc = next ? net.vpcOf(next) : undefined;
        c.hops.push({
            kind: "tgw-route",
            text: `TGW route table ${net.tgwRouteTableName(table)}: ${route.destination} (${route.origin}) → ${next ? (nextVpc ? `${this.label(nextVpc)} attachment` : next.name) : "blackhole"}`,
        });
        if (!next)
            return this.end(
                c,
                "blackholed",
                `blackhole route in TGW route table ${net.tgwRouteTableName(table)}`,
            );
        if (!nextVpc) return this.end(c, "reachable", `leaves through attachment ${next.name}`, "arrived");
        const subnets = net.attachmentSubnets(next);
        const azs = [...new Set(subnets.map((s) => net.azOf(s)))].sort();
        if (azs.length === 0) return this.end(c, "blackholed", `attachment ${next.name} has no subnets`);
        let chosen: string[];
        if (net.applianceMode(next)) {
            const kept = c.applianceAz.get(next.urn);
            chosen = kept ? [kept] : azs;
        } else {
            chosen = [azs.includes(az) ? az : azs[0]];
        }
        return chosen.flatMap((pick) => {
            const branch = chosen.length > 1 ? fork(c) : c;
            if (net.applianceMode(next)) branch.applianceAz.set(next.urn, pick);
            const entry = subnets.find((s) => net.azOf(s) === pick)!;
            branch.hops.push({
                kind: "tgw-attachment",
                az: pick,
                text: `out of ${tgw.name} into ${this.label(nextVpc)} (${short(pick)}${net.applianceMode(next) ? ", appliance mode: one AZ per flow" : pick !== az ? ", no subnet in the source AZ" : ""})`,
            });
            return this.atSubnet(entry, branch);
        });
    }

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
