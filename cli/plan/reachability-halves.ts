/**
 * Spoke-to-spoke paths from halves traced once. A packet from a spoke subnet to a spoke takes the
 * subnet's route to the Transit Gateway, enters it through the spoke's attachment, and the route
 * table of that attachment sends it to the next VPC (the inspection VPC), from whose entry subnet
 * the rest of the path is a suffix the tracer traces once per destination (`PathTracer.suffix`).
 * The first half depends on the destination only through the two routes it picks: it is checked
 * once per source subnet and pair of routes, and what is left per destination is two route
 * lookups and the join. A destination for which either route differs (another target than the
 * TGW, a blackhole, a VPN, another attachment) gets a half of its own, or none: then the caller
 * traces the path in full.
 *
 * The outcomes given are the shared suffix's: the first half adds hops and visited keys only (no
 * inspection, note, NAT gateway, arrival subnet or appliance AZ), so every other field of an
 * outcome is the one a trace from the first hop gives. What a path summary needs of a pair
 * (verdicts, inspections, the way back) comes from them without building its hops. Pure.
 */
import type { Item } from "./inventory";
import type { TgwRoute, VpcRoute } from "./network-types";
import type { AttachmentFacts, Outcome } from "./reachability-path";
import type { PathTracer } from "./reachability-trace";

/** The hops of a first half: the subnet, its route, into the TGW, the TGW's route. */
export const HALF_HOPS = 4;

/** A path from a subnet up to the TGW's route decision, for the destinations that take its routes. */
export interface Half {
    /** The AZ of the subnet (the AZ the packet enters the TGW in). */
    readonly az: string;
    /** The VPC attachment the TGW's route sends the packet to, and its facts. */
    readonly next: Item;
    readonly to: AttachmentFacts;
    /** The attachment whose appliance mode keeps the AZ picked (`next`, with appliance mode). */
    readonly applianceAttachment: string | undefined;
    /** The subnet and the TGW entry the half went through. */
    readonly visited: ReadonlySet<string>;
}

/** A subnet a half starts from: its VPC, route table and AZ, and what it meets at each TGW. */
export interface Start {
    readonly vpc: Item;
    readonly table: Item | undefined;
    readonly az: string;
    readonly byTgw: Map<Item, Entry | undefined>;
}

/** The attachment a VPC enters a TGW through, its route table, and the halves through it. */
export interface Entry {
    readonly tgw: Item;
    readonly attachment: Item;
    readonly table: Item;
    /** By the subnet's route and the TGW's route (for one subnet: `Start` is per subnet). */
    readonly halves: Map<VpcRoute, Map<TgwRoute, Half | undefined>>;
}

export class TraceHalves {
    constructor(readonly tracer: PathTracer) {}

    /**
     * The outcomes of `tracer.trace(subnet, address, applianceAz)` but their hops and visited keys,
     * when the path is a first half joined to shared suffixes; undefined otherwise (the caller
     * traces it in full).
     */
    outcomes(
        subnet: Item,
        address: string,
        applianceAz: ReadonlyMap<string, string>,
    ): readonly Outcome[] | undefined {
        const tracer = this.tracer;
        const net = tracer.net;
        const start = this.start(subnet);
        if (!start) return undefined;
        const route = net.lookup(start.vpc, start.table, address);
        if (!route || route.target.kind !== "tgw") return undefined;
        const entry = this.entry(start, route.target.item);
        if (!entry) return undefined;
        const tgwRoute = net.lookupTgw(entry.table, address);
        if (!tgwRoute) return undefined;
        const half = this.half(subnet, start, route, entry, tgwRoute);
        if (!half) return undefined;
        const picks = tracer.lookups.picks(half.next, half.to, half.az, applianceAz);
        let outcomes: readonly Outcome[] | undefined;
        for (const pick of picks) {
            const into = half.to.entries.get(pick);
            if (!into) return undefined;
            const suffix = tracer.suffix(into, address, applianceAz, half.applianceAttachment, pick);
            if (!tracer.joins(HALF_HOPS, half.visited, suffix)) return undefined;
            outcomes = outcomes === undefined ? suffix.outcomes : [...outcomes, ...suffix.outcomes];
        }
        return outcomes;
    }

    /** The VPC and route table of a subnet a half starts from (undefined: a VPC not known). */
    start(subnet: Item): Start | undefined {
        let start = this.starts.get(subnet);
        if (start === undefined && !this.starts.has(subnet)) {
            const net = this.tracer.net;
            const vpc = net.vpcOf(subnet);
            start = vpc
                ? { vpc, table: net.routeTableOf(subnet), az: net.azOf(subnet), byTgw: new Map() }
                : undefined;
            this.starts.set(subnet, start);
        }
        return start;
    }

    private readonly starts = new Map<Item, Start | undefined>();

    /** The attachment of the VPC of `start` to `tgw` and the TGW route table it is associated with. */
    entry(start: Start, tgw: Item): Entry | undefined {
        let entry = start.byTgw.get(tgw);
        if (entry === undefined && !start.byTgw.has(tgw)) {
            const attachment = this.tracer.lookups.attachmentTo(start.vpc, tgw);
            const table = attachment ? this.tracer.net.associationOf(attachment) : undefined;
            entry = attachment && table ? { tgw, attachment, table, halves: new Map() } : undefined;
            start.byTgw.set(tgw, entry);
        }
        return entry;
    }

    /**
     * The first half from `subnet` whose route `route` sends to the TGW of `entry`, and whose TGW
     * route `tgwRoute` sends on (built once): the checks `PathTracer` makes on the way (the
     * attachment has a subnet in the AZ, the route names a VPC attachment with subnets, the TGW
     * entry is not the subnet) all pass, or undefined.
     */
    half(subnet: Item, start: Start, route: VpcRoute, entry: Entry, tgwRoute: TgwRoute): Half | undefined {
        let byTgwRoute = entry.halves.get(route);
        if (!byTgwRoute) entry.halves.set(route, (byTgwRoute = new Map()));
        let half = byTgwRoute.get(tgwRoute);
        if (half === undefined && !byTgwRoute.has(tgwRoute)) {
            half = this.build(subnet, start, entry, tgwRoute);
            byTgwRoute.set(tgwRoute, half);
        }
        return half;
    }

    private build(subnet: Item, start: Start, entry: Entry, tgwRoute: TgwRoute): Half | undefined {
        const tracer = this.tracer;
        const az = start.az;
        if (!tracer.shareSuffixes || !tracer.lookups.facts(entry.attachment).azs.includes(az))
            return undefined;
        const into = tracer.lookups.into(entry.tgw, entry.attachment, az);
        const next = tgwRoute.attachment;
        if (into.key === subnet.urn || !next || tracer.net.isVpn(next)) return undefined;
        const to = tracer.lookups.facts(next);
        if (!to.vpc || to.azs.length === 0) return undefined;
        return {
            az,
            next,
            to,
            applianceAttachment: to.appliance ? next.urn : undefined,
            visited: new Set([subnet.urn, into.key]),
        };
    }
}
