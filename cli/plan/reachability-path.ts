/**
 * A path being traced: what the packet went through so far (hops, inspections, visited places, the
 * AZs appliance mode picked), how a path forks where the TGW may pick several AZs, and how a shared
 * suffix traced from an empty start is joined to the path that reaches it.
 */
import type { Item } from "./inventory";
import type { DestinationKind, Hop, Inspection, Verdict } from "./reachability-types";

/** Verdicts from best to worst. */
export const VERDICT_RANK: Readonly<Record<Verdict, number>> = {
    reachable: 0,
    unknown: 1,
    blackholed: 2,
    looping: 3,
};

export interface Context {
    readonly destination: string;
    readonly hops: Hop[];
    readonly inspections: Inspection[];
    /** What the packet went through: subnet URNs, `tgw:` and `fwe:` keys. */
    readonly visited: Set<string>;
    /** The AZ the TGW picked for a flow into an attachment with appliance mode (kept both ways). */
    readonly applianceAz: Map<string, string>;
    /** The NAT gateway the packet left through (the return enters there). */
    nat?: Item;
    /** The subnet the packet arrived in (the return starts there). */
    arrival?: Item;
    /** The VPN connection the packet left the TGW through to on premises (the return enters there). */
    vpn?: Item;
    notes: string[];
    /** A subnet sent the packet to a firewall endpoint in another AZ. */
    crossAz: boolean;
    /**
     * Set while tracing a suffix from an empty start (for every branch of it): the keys found not
     * visited, the only lookups whose answer a path arriving with keys of its own could change.
     */
    readonly reads?: Set<string>;
}

/** The part of paths from an entry subnet on, traced once from an empty start. */
export interface Suffix {
    readonly outcomes: readonly Outcome[];
    /** The keys whose absence from the visited set the outcomes depend on. */
    readonly reads: ReadonlySet<string>;
    /** The most hops of an outcome (every hop limit check happened at or below it). */
    readonly longest: number;
}

/** What a trace needs of a TGW attachment. */
export interface AttachmentFacts {
    /** The AZs of its subnets, sorted. */
    readonly azs: readonly string[];
    /** The first of its subnets in each AZ. */
    readonly entries: ReadonlyMap<string, Item>;
    readonly appliance: boolean;
    readonly vpc?: Item;
    /** The visited key and hop of a packet entering the TGW through it, by AZ. */
    readonly into: Map<string, { readonly key: string; readonly hop: Hop }>;
    /** Hops out of a TGW into it: by TGW, by AZ, from the same AZ [0] or another [1]. */
    readonly out: Map<Item, Map<string, Hop[]>>;
}

export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** What a question asks about: a name, an address, and the hosts of a VPC (one per AZ). */
export interface Destination {
    readonly kind: DestinationKind;
    readonly name: string;
    readonly address: string;
    readonly hosts?: readonly { readonly subnet: Item; readonly address: string }[];
}

/** The key under which a node of the suffix memo holds its suffix. */
export const HERE = Symbol("here");
export type MemoNode = Map<unknown, MemoNode | Suffix>;

export function child(node: MemoNode, key: unknown): MemoNode {
    let next = node.get(key) as MemoNode | undefined;
    if (!next) node.set(key, (next = new Map()));
    return next;
}

export interface Outcome {
    readonly context: Context;
    readonly verdict: Verdict;
    readonly reason: string;
}

export function worstFirst(a: Outcome, b: Outcome): number {
    return VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict];
}

/** An inspection whose endpoint ID is not known yet. */
export function unknownId(i: Inspection): boolean {
    return i.id.endsWith(":?");
}

/** Whether two traces cross the same inspection endpoints (in any order). */
export function sameEndpoints(a: readonly Inspection[], b: readonly Inspection[]): boolean {
    if (a.length === 1 && b.length === 1) return a[0].id === b[0].id;
    const ids = (list: readonly Inspection[]) =>
        list
            .map((i) => i.id)
            .sort()
            .join(",");
    return ids(a) === ids(b);
}

export function fork(c: Context): Context {
    return {
        destination: c.destination,
        hops: [...c.hops],
        inspections: [...c.inspections],
        visited: new Set(c.visited),
        applianceAz: new Map(c.applianceAz),
        ...(c.nat ? { nat: c.nat } : {}),
        ...(c.arrival ? { arrival: c.arrival } : {}),
        ...(c.vpn ? { vpn: c.vpn } : {}),
        notes: [...c.notes],
        crossAz: c.crossAz,
        ...(c.reads ? { reads: c.reads } : {}),
    };
}

/** Whether the packet went through `key` (recording, while tracing a suffix, that it did not). */
export function seen(c: Context, key: string): boolean {
    if (c.visited.has(key)) return true;
    c.reads?.add(key);
    return false;
}

/** `a` then `b`: one of them when the other is empty (neither is changed after a trace ends). */
export function concat<T>(a: T[], b: T[]): T[] {
    return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];
}

/** Path `c`, then `hop`, then the outcome `o` of a suffix traced from an empty start. */
export function join(c: Context, hop: Hop, o: Outcome): Outcome {
    const s = o.context;
    const hops = new Array<Hop>(c.hops.length + 1 + s.hops.length);
    let i = 0;
    for (const h of c.hops) hops[i++] = h;
    hops[i++] = hop;
    for (const h of s.hops) hops[i++] = h;
    const context: Context = {
        destination: c.destination,
        hops,
        inspections: concat(c.inspections, s.inspections),
        // Not read again: a joined outcome is the end of its path.
        visited: c.visited,
        applianceAz: s.applianceAz,
        nat: s.nat ?? c.nat,
        arrival: s.arrival ?? c.arrival,
        vpn: s.vpn ?? c.vpn,
        notes: concat(c.notes, s.notes),
        crossAz: c.crossAz || s.crossAz,
    };
    return { context, verdict: o.verdict, reason: o.reason };
}

export const short = (az: string) => az.replace(/^[a-z]+-[a-z]+-\d+/, "") || az;
