/**
 * Static reachability over the recorded resources of every stack: for each spoke, the paths to the
 * internet, to every other spoke, to the on-premises CIDRs and to the shared-services VPC, followed
 * hop by hop as AWS forwards a packet (subnet route table, longest-prefix route and its target, TGW
 * attachment in the AZ of the packet, the TGW route table the attachment is associated with, its
 * static and propagated routes, the attachment it sends to and the AZ the TGW picks; firewall and
 * GWLB endpoints, NAT and internet gateways, VPN connections: see `reachability-trace`). Each path
 * gets a verdict (reachable, blackholed, looping), whether it is inspected (a firewall or GWLB endpoint
 * on the way) and whether its return path, traced back from where the packet arrived or left the
 * modelled network, crosses the same inspection endpoints (symmetric). Every AZ the source can send
 * from and every AZ the TGW may pick is traced. Pure.
 */
import { str, type Inventory, type Item } from "./inventory";
import { NetworkModel } from "./network-model";
import { contains, hostIn } from "./route-match";
import {
    type Destination,
    type Outcome,
    sameEndpoints,
    unknownId,
    VERDICT_RANK,
    worstFirst,
    type Writable,
} from "./reachability-path";
import { TraceHalves } from "./reachability-halves";
import { SpokePairs } from "./reachability-pairs";
import { PathTracer } from "./reachability-trace";
import {
    INTERNET_ADDRESS,
    type Verdict,
    type Trace,
    type Branch,
    type DestinationKind,
    type PathResult,
    type ReachabilityOptions,
} from "./reachability-types";

export * from "./reachability-types";

/** The reachability analysis of one inventory. */
export class Reachability {
    readonly net: NetworkModel;
    readonly tracer: PathTracer;
    private readonly halves: TraceHalves;

    constructor(
        readonly inventory: Inventory,
        readonly options: ReachabilityOptions = {},
    ) {
        this.net = new NetworkModel(inventory, options.onPremisesCidrs);
        this.tracer = new PathTracer(this.net, options.shareSuffixes !== false);
        this.halves = new TraceHalves(this.tracer);
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
        return this.tracer.hops.label(vpc);
    }

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
        const onPremises = this.options.onPremisesCidrs ?? [];
        const expected =
            spokes.length * (spokes.length + onPremises.length) +
            spokes.reduce((n, s) => n + shared.filter((v) => v.region === s.vpc.region).length, 0);
        const light = expected > (this.options.branchesOfCleanPathsUpTo ?? Infinity);
        const results: PathResult[] = [];
        const pairs = light
            ? new SpokePairs(
                  this.halves,
                  spokes.map((s) => s.vpc),
                  (vpc) => this.destinationOf(vpc, "spoke").hosts ?? [],
              )
            : undefined;
        const push = (p: PathResult) =>
            results.push(
                light && p.verdict === "reachable" && p.violations.length === 0 ? { ...p, branches: [] } : p,
            );
        for (const spoke of spokes) {
            push(this.analyze(spoke.vpc, { kind: "internet", name: "internet", address: this.internet() }));
            for (const other of spokes) {
                if (other.vpc.urn === spoke.vpc.urn) continue;
                // A clean path lists no branches here: it is judged from shared halves when it can be.
                const clean = pairs?.clean(spoke.vpc, other.vpc);
                push(
                    clean
                        ? this.cleanResult(spoke.vpc, other.vpc, clean.symmetric)
                        : this.analyzeVpc(spoke.vpc, other.vpc, "spoke"),
                );
            }
            for (const cidr of onPremises) {
                push(
                    this.analyze(spoke.vpc, {
                        kind: "on-premises",
                        name: cidr,
                        address: hostIn(cidr, 10) ?? cidr,
                    }),
                );
            }
            for (const vpc of shared.filter((s) => s.region === spoke.vpc.region)) {
                push(this.analyzeVpc(spoke.vpc, vpc, "shared-services"));
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
        return this.analyze(source, this.destinationOf(target, kind), azFilter);
    }

    /** VPC `target` as a destination of `kind`: its name, the address of its first host, its hosts. */
    private destinationOf(target: Item, kind: DestinationKind): Destination {
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
        return destination;
    }

    private readonly vpcDestinations = new Map<Item, Map<DestinationKind, Destination>>();

    /** The path `analyze` gives from spoke `source` to spoke `target` when it is clean, without branches. */
    private cleanResult(source: Item, target: Item, symmetric: true | undefined): PathResult {
        return this.result(source, this.destinationOf(target, "spoke"), "reachable", true, symmetric, [], []);
    }

    private result(
        source: Item,
        destination: Destination,
        verdict: Verdict,
        inspected: boolean,
        symmetric: boolean | undefined,
        branches: Branch[],
        violations: string[],
    ): PathResult {
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

    private analyze(source: Item, destination: Destination, azFilter?: (az: string) => boolean): PathResult {
        const branches: Branch[] = [];
        const hosts = this.hostSubnets(source);
        const sources = azFilter ? hosts.filter((s) => azFilter(this.net.azOf(s))) : hosts;
        const targets = destination.hosts ?? [{ subnet: undefined, address: destination.address }];
        for (const from of sources) {
            const sourceAddress = this.hostAddress(from) ?? "?";
            for (const to of targets) {
                for (const outcome of this.tracer.trace(from, to.address, undefined)) {
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
        return this.result(source, destination, verdict, inspected, symmetric, branches, violations);
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
        if (c.vpn) return this.tracer.traceFromVpn(c.vpn, sourceAddress, c.applianceAz);
        const outside =
            destination.kind === "internet" ||
            destination.kind === "cidr" ||
            destination.kind === "on-premises";
        const start = outside ? (c.nat ? this.tracer.lookups.natSubnet(c.nat) : undefined) : c.arrival;
        return start ? this.tracer.trace(start, sourceAddress, c.applianceAz) : undefined;
    }

    private toTrace(o: Outcome): Trace {
        return {
            verdict: o.verdict,
            reason: o.reason,
            hops: o.context.hops,
            inspections: o.context.inspections,
        };
    }
}

/** Every path of every spoke. */
export function analyzeReachability(inventory: Inventory, options: ReachabilityOptions = {}): PathResult[] {
    return new Reachability(inventory, options).analyzeAll();
}
