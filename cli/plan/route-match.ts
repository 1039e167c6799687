/**
 * IPv4 addresses and CIDRs (parsed with ip-address, cached) and longest-prefix matching over route
 * tables, as VPC and Transit Gateway route tables pick a route: the most specific, and a static route
 * before a propagated one of the same length.
 */
import { Address4 } from "ip-address";

/** A parsed IPv4 CIDR (or address, as a /32): its first and last address and prefix length. */
export interface Range {
    readonly start: bigint;
    readonly end: bigint;
    readonly prefix: number;
}

const ranges = new Map<string, Range | undefined>();

/** Parses an IPv4 CIDR or address with ip-address (cached); undefined when it is not one. */
export function range(value: string | undefined): Range | undefined {
    if (!value) return undefined;
    if (!ranges.has(value)) {
        let parsed: Range | undefined;
        try {
            const address = new Address4(value.includes("/") ? value : `${value}/32`);
            parsed = {
                start: address.startAddress().bigInt(),
                end: address.endAddress().bigInt(),
                prefix: address.subnetMask,
            };
        } catch {
            parsed = undefined;
        }
        ranges.set(value, parsed);
    }
    return ranges.get(value);
}

const numericRanges = new Map<string, { readonly start: number; readonly end: number } | undefined>();

/** `range` with the first and last address as numbers (an IPv4 address fits in one). */
function numericRange(value: string): { readonly start: number; readonly end: number } | undefined {
    const known = numericRanges.get(value);
    if (known !== undefined || numericRanges.has(value)) return known;
    const r = range(value);
    const parsed = r ? { start: Number(r.start), end: Number(r.end) } : undefined;
    numericRanges.set(value, parsed);
    return parsed;
}

/** True when address or CIDR `inner` lies inside CIDR `outer`. */
export function contains(outer: string, inner: string): boolean {
    const o = range(outer);
    const i = range(inner);
    return o !== undefined && i !== undefined && i.start >= o.start && i.end <= o.end;
}

/** The prefix length of a CIDR (0 when it cannot be read). */
export function prefixLength(value: string): number {
    return range(value)?.prefix ?? 0;
}

/** The address `offset` after the first address of `cidr`. */
export function hostIn(cidr: string, offset: number): string | undefined {
    const r = range(cidr);
    if (!r) return undefined;
    const value = r.start + BigInt(offset);
    return value <= r.end ? Address4.fromBigInt(value).address : Address4.fromBigInt(r.start).address;
}

/**
 * The routes of one table, most specific first, answering `longestMatch` for an address. A table
 * of a few routes is scanned on every question (the analyses ask it about thousands of addresses,
 * mostly once each); the answers of a longer one are kept.
 */
export class RouteIndex<R extends { destination: string; origin?: string }> {
    private readonly entries: readonly {
        readonly route: R;
        readonly start: number;
        readonly end: number;
        readonly prefix: number;
    }[];
    private readonly answers?: Map<string, R | undefined>;

    constructor(routes: readonly R[]) {
        const entries = [];
        for (const route of routes) {
            const r = range(route.destination);
            if (r) entries.push({ route, start: Number(r.start), end: Number(r.end), prefix: r.prefix });
        }
        // Stable: routes of one prefix length keep their order.
        this.entries = entries.sort((a, b) => b.prefix - a.prefix);
        if (entries.length > 8) this.answers = new Map();
    }

    lookup(address: string): R | undefined {
        if (!this.answers) return this.find(address);
        if (this.answers.has(address)) return this.answers.get(address);
        const route = this.find(address);
        this.answers.set(address, route);
        return route;
    }

    /** What `longestMatch` finds: the first most specific route, or the first static one of that length after a propagated one. */
    private find(address: string): R | undefined {
        const a = numericRange(address);
        if (!a) return undefined;
        const { start, end } = a;
        let best: (typeof this.entries)[number] | undefined;
        for (const e of this.entries) {
            if (best && e.prefix < best.prefix) break;
            if (start < e.start || end > e.end) continue;
            if (!best) best = e;
            else if (best.route.origin === "propagated" && e.route.origin === "static") return e.route;
        }
        return best?.route;
    }
}

/** The most specific route for `address` (static before propagated on equal prefixes). */
export function longestMatch<R extends { destination: string; origin?: string }>(
    routes: readonly R[],
    address: string,
): R | undefined {
    let best: R | undefined;
    for (const r of routes) {
        if (!contains(r.destination, address)) continue;
        const better =
            !best ||
            prefixLength(r.destination) > prefixLength(best.destination) ||
            (prefixLength(r.destination) === prefixLength(best.destination) &&
                best.origin === "propagated" &&
                r.origin === "static");
        if (better) best = r;
    }
    return best;
}
