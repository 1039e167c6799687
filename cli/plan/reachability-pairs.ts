/**
 * Clean spoke-to-spoke paths with no route lookup and no trace per pair. Each spoke host subnet gets
 * its first half once, for the routes its tables pick for most spokes (`RouteClasses`); the
 * suffixes from the first half's next VPC to each host of a destination spoke are gathered once
 * per kind of first half and destination; the return suffixes to each source host once per kind
 * of return. A pair then only reads them and checks what may differ per pair: that neither spoke
 * is an exception of the other's tables (a route that differs for it), and that no suffix looked
 * up a place the other spoke's half went through. What it answers is what `TraceHalves.outcomes`
 * gives for every host pair of the two spokes; a pair it cannot answer so is judged from those
 * outcomes host pair by host pair, and a path that is not clean is left to `Reachability`, which
 * traces it in full. Pure.
 */
import type { Item } from "./inventory";
import type { Context, Outcome, Suffix } from "./reachability-path";
import { sameEndpoints, unknownId } from "./reachability-path";
import { HALF_HOPS, type Half, type TraceHalves } from "./reachability-halves";
import { RouteClasses } from "./reachability-route-classes";
import { range } from "./route-match";

/** A host a spoke path starts from or goes to: its subnet and the address traced. */
export interface Host {
    readonly subnet: Item;
    readonly address: string;
}

/** A subnet's first half for the usual routes, and the spokes its tables route otherwise. */
interface Side {
    readonly half: Half;
    readonly exceptions: ReadonlySet<Item>;
}

/** The hosts of a source spoke with their sides and kinds of first half (by host). */
interface Source {
    readonly hosts: readonly Host[];
    readonly sides: readonly Side[];
    readonly kinds: readonly string[];
    readonly exceptions: ReadonlySet<Item>;
}

/** A clean path's `symmetric` flag: true when every branch is, undefined when one is not known. */
export interface Clean {
    readonly symmetric: true | undefined;
}

/** Suffixes (one per AZ picked) from a kind of half to one address, and their outcomes in order. */
interface Legs {
    readonly suffixes: readonly Suffix[];
    readonly outcomes: readonly Outcome[];
}

/** The way back of a forward outcome: the side of its arrival subnet and the kind of return. */
interface Return {
    readonly side: Side;
    readonly picks: readonly { readonly pick: string; readonly into: Item }[];
    readonly applianceAz: ReadonlyMap<string, string>;
    readonly kind: string;
}

const NO_APPLIANCE_AZ: ReadonlyMap<string, string> = new Map();
const NOTHING_VISITED: ReadonlySet<string> = new Set();

export class SpokePairs {
    private readonly classes: RouteClasses;

    /** `hostsOf`: the hosts of a spoke VPC, in the order the paths take them. */
    constructor(
        private readonly halves: TraceHalves,
        spokes: readonly Item[],
        hostsOf: (spoke: Item) => readonly Host[],
    ) {
        const addresses = [];
        for (const spoke of spokes) {
            const hosts = hostsOf(spoke);
            this.hostsBySpoke.set(spoke, hosts);
            for (const host of hosts) {
                const r = range(host.address);
                if (r && r.prefix === 32)
                    addresses.push({ value: Number(r.start), address: host.address, spoke });
                else this.irregular.add(spoke);
            }
        }
        this.classes = new RouteClasses(halves.tracer.net, addresses);
    }

    /** Spokes with a host address that is not an IPv4 address (their pairs are taken host by host). */
    private readonly irregular = new Set<Item>();
    private readonly hostsBySpoke = new Map<Item, readonly Host[]>();

    private hosts(spoke: Item): readonly Host[] {
        return this.hostsBySpoke.get(spoke) ?? [];
    }

    /**
     * Whether the path from spoke `source` to spoke `target` is reachable and violates nothing, with
     * its `symmetric` flag (true when every branch is, undefined when one is not known), as
     * `Reachability` finds it from every branch traced: every branch, forward and back, joins a
     * shared first half to shared suffixes, reaches, is inspected, and crosses the same inspection
     * endpoints both ways (or ones not known yet). Undefined for any other path.
     */
    clean(source: Item, target: Item): Clean | undefined {
        return this.byClasses(source, target) ?? this.byHosts(source, target);
    }

    /** `clean` from what is gathered per spoke; undefined when a route or place differs for the pair. */
    private byClasses(source: Item, target: Item): Clean | undefined {
        const from = this.source(source);
        if (!from || from.exceptions.has(target) || this.irregular.has(target)) return undefined;
        return judge(
            from.hosts,
            this.hosts(target),
            (i, to) => {
                const half = from.sides[i].half;
                const legs = this.legs(from.kinds[i], half, to);
                return legs && disjoint(legs.suffixes, half.visited) ? legs.outcomes : undefined;
            },
            (i, outcome, arrival) => {
                const way = this.returnOf(outcome, arrival);
                if (!way || way.side.exceptions.has(source)) return undefined;
                const returns = this.returns(from.hosts[i], way);
                return returns && disjoint(returns.suffixes, way.side.half.visited)
                    ? returns.outcomes
                    : undefined;
            },
        );
    }

    /** `clean` from `TraceHalves.outcomes` for each pair of hosts; undefined when one is not joined. */
    private byHosts(source: Item, target: Item): Clean | undefined {
        const sources = this.hosts(source);
        return judge(
            sources,
            this.hosts(target),
            (i, to) => this.halves.outcomes(sources[i].subnet, to.address, NO_APPLIANCE_AZ),
            (i, outcome, arrival) =>
                this.halves.outcomes(arrival, sources[i].address, outcome.context.applianceAz),
        );
    }

    /** The side of a subnet: its first half for its tables' usual routes (undefined: none). */
    private side(subnet: Item): Side | undefined {
        if (this.sides.has(subnet)) return this.sides.get(subnet);
        let side: Side | undefined;
        const halves = this.halves;
        const start = halves.start(subnet);
        const vpcClass = start ? this.classes.vpc(start.vpc, start.table) : undefined;
        const route = vpcClass?.route;
        const entry =
            start && route?.target.kind === "tgw" ? halves.entry(start, route.target.item) : undefined;
        const tgwClass = entry ? this.classes.tgw(entry.table) : undefined;
        if (start && vpcClass && route && entry && tgwClass?.route) {
            const half = halves.half(subnet, start, route, entry, tgwClass.route);
            if (half) side = { half, exceptions: new Set([...vpcClass.exceptions, ...tgwClass.exceptions]) };
        }
        this.sides.set(subnet, side);
        return side;
    }

    private readonly sides = new Map<Item, Side | undefined>();

    private source(spoke: Item): Source | undefined {
        if (this.sources.has(spoke)) return this.sources.get(spoke);
        let source: Source | undefined;
        const hosts = this.hosts(spoke);
        const sides = [];
        const kinds = [];
        const exceptions = new Set<Item>();
        for (const host of this.irregular.has(spoke) ? [] : hosts) {
            const side = this.side(host.subnet);
            const picks = side && this.picks(side.half, NO_APPLIANCE_AZ);
            if (!side || !picks) break;
            sides.push(side);
            kinds.push(kindOf(side.half, picks, NO_APPLIANCE_AZ));
            for (const e of side.exceptions) exceptions.add(e);
        }
        if (sides.length === hosts.length) source = { hosts, sides, kinds, exceptions };
        this.sources.set(spoke, source);
        return source;
    }

    private readonly sources = new Map<Item, Source | undefined>();

    /** The AZs the TGW picks after `half` and the subnets entered there (undefined: one has none). */
    private picks(half: Half, applianceAz: ReadonlyMap<string, string>): Return["picks"] | undefined {
        const picks = [];
        for (const pick of this.halves.tracer.lookups.picks(half.next, half.to, half.az, applianceAz)) {
            const into = half.to.entries.get(pick);
            if (!into) return undefined;
            picks.push({ pick, into });
        }
        return picks;
    }

    /** The suffixes after a half of kind `kind` (`half` one of them) to `to` (undefined: too long). */
    private legs(kind: string, half: Half, to: Host): Legs | undefined {
        let byHost = this.forward.get(kind);
        if (!byHost) this.forward.set(kind, (byHost = new Map()));
        if (byHost.has(to.subnet)) return byHost.get(to.subnet);
        const legs = this.suffixes(
            half,
            this.picks(half, NO_APPLIANCE_AZ) ?? [],
            to.address,
            NO_APPLIANCE_AZ,
        );
        byHost.set(to.subnet, legs);
        return legs;
    }

    private readonly forward = new Map<string, Map<Item, Legs | undefined>>();

    /** How a forward outcome that arrived in `arrival` comes back (undefined: not by halves). */
    private returnOf(outcome: Outcome, arrival: Item): Return | undefined {
        if (this.ways.has(outcome)) return this.ways.get(outcome);
        let way: Return | undefined;
        const side = this.side(arrival);
        const applianceAz = outcome.context.applianceAz;
        const picks = side ? this.picks(side.half, applianceAz) : undefined;
        if (side && picks) way = { side, picks, applianceAz, kind: kindOf(side.half, picks, applianceAz) };
        this.ways.set(outcome, way);
        return way;
    }

    private readonly ways = new Map<Outcome, Return | undefined>();

    /** The return suffixes of kind `way.kind` to source host `host`. */
    private returns(host: Host, way: Return): Legs | undefined {
        let byKind = this.back.get(host.subnet);
        if (!byKind) this.back.set(host.subnet, (byKind = new Map()));
        if (byKind.has(way.kind)) return byKind.get(way.kind);
        const legs = this.suffixes(way.side.half, way.picks, host.address, way.applianceAz);
        byKind.set(way.kind, legs);
        return legs;
    }

    private readonly back = new Map<Item, Map<string, Legs | undefined>>();

    /**
     * The suffixes `TraceHalves.outcomes` joins after `half` for `address`, in the order of
     * `picks`, when none crosses the hop limit (what is left of the join check is the places the
     * half went through, which differ per host).
     */
    private suffixes(
        half: Half,
        picks: Return["picks"],
        address: string,
        applianceAz: ReadonlyMap<string, string>,
    ): Legs | undefined {
        const tracer = this.halves.tracer;
        const suffixes: Suffix[] = [];
        const outcomes: Outcome[] = [];
        for (const { pick, into } of picks) {
            const suffix = tracer.suffix(into, address, applianceAz, half.applianceAttachment, pick);
            if (!tracer.joins(HALF_HOPS, NOTHING_VISITED, suffix)) return undefined;
            suffixes.push(suffix);
            for (const o of suffix.outcomes) outcomes.push(o);
        }
        return picks.length ? { suffixes, outcomes } : undefined;
    }
}

/** What the suffixes after `half` depend on besides the address: the AZs and subnets picked, and the appliance AZs. */
function kindOf(half: Half, picks: Return["picks"], applianceAz: ReadonlyMap<string, string>): string {
    const azs = [...applianceAz].map(([attachment, az]) => `${attachment}=${az}`).join(",");
    return `${half.applianceAttachment ?? ""}|${picks.map((p) => `${p.pick}:${p.into.urn}`).join(",")}|${azs}`;
}

/**
 * Whether the branches of a pair make a clean path: every branch from each of `sources` to each of
 * `targets` (`forward` outcomes, in order) reaches, is inspected and does not leave for on
 * premises, and comes back (`back`, from the subnet it arrived in, when it did) as `symmetry` asks.
 */
function judge(
    sources: readonly Host[],
    targets: readonly Host[],
    forward: (source: number, to: Host) => readonly Outcome[] | undefined,
    back: (source: number, outcome: Outcome, arrival: Item) => readonly Outcome[] | undefined,
): Clean | undefined {
    let branches = 0;
    let symmetric: true | undefined = true;
    for (let i = 0; i < sources.length; i++) {
        for (const to of targets) {
            const outcomes = forward(i, to);
            if (!outcomes) return undefined;
            for (const outcome of outcomes) {
                branches++;
                const c = outcome.context;
                if (outcome.verdict !== "reachable" || c.inspections.length === 0 || c.vpn) return undefined;
                // The reply starts in the subnet the packet arrived in (`Reachability.returnOf`).
                if (!c.arrival) {
                    symmetric = undefined;
                    continue;
                }
                const flag = symmetry(c, back(i, outcome, c.arrival));
                if (flag === false) return undefined;
                if (flag === undefined) symmetric = undefined;
            }
        }
    }
    return branches === 0 ? undefined : { symmetric };
}

/**
 * The `symmetric` flag of a branch that went `forward` and came back by `returns`, false when the
 * path is not clean that way (no return, one that does not reach, a firewall endpoint of another
 * AZ, other endpoints). Every return reaches: the worst, first of its rank, is the first.
 */
function symmetry(forward: Context, returns: readonly Outcome[] | undefined): boolean | undefined {
    if (!returns || returns.length === 0) return false;
    for (const r of returns) if (r.verdict !== "reachable") return false;
    const back = returns[0].context;
    if (forward.crossAz || back.crossAz) return false;
    if (forward.inspections.some(unknownId) || back.inspections.some(unknownId)) return undefined;
    return sameEndpoints(forward.inspections, back.inspections);
}

/** Whether no suffix found one of `visited` not visited (the rest of `PathTracer.joins`). */
function disjoint(suffixes: readonly Suffix[], visited: ReadonlySet<string>): boolean {
    for (const suffix of suffixes) for (const key of visited) if (suffix.reads.has(key)) return false;
    return true;
}
