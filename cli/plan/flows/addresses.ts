/**
 * Sets of IPv4 addresses as sorted, disjoint intervals: what a firewall rule's address list, a
 * security group rule's CIDRs or a rule variable stand for, with union, complement, containment and
 * overlap. Pure.
 */
import { range } from "../route-match";

/** Inclusive interval of IPv4 addresses as numbers. */
export type Interval = readonly [number, number];

const MAX = 0xffffffff;

/** A set of IPv4 addresses. */
export class AddressSet {
    private constructor(readonly intervals: readonly Interval[]) {}

    static readonly ANY = new AddressSet([[0, MAX]]);
    static readonly NONE = new AddressSet([]);

    /** The addresses of CIDRs or addresses; undefined when one of them is not an IPv4 CIDR. */
    static of(cidrs: readonly string[]): AddressSet | undefined {
        const intervals: Interval[] = [];
        for (const c of cidrs) {
            const r = range(c);
            if (!r) return undefined;
            intervals.push([Number(r.start), Number(r.end)]);
        }
        return AddressSet.normalize(intervals);
    }

    private static normalize(intervals: Interval[]): AddressSet {
        const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
        const out: [number, number][] = [];
        for (const [s, e] of sorted) {
            const last = out[out.length - 1];
            if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
            else out.push([s, e]);
        }
        return new AddressSet(out);
    }

    union(other: AddressSet): AddressSet {
        return AddressSet.normalize([...this.intervals, ...other.intervals]);
    }

    complement(): AddressSet {
        const out: Interval[] = [];
        let next = 0;
        for (const [s, e] of this.intervals) {
            if (s > next) out.push([next, s - 1]);
            next = e + 1;
        }
        if (next <= MAX) out.push([next, MAX]);
        return new AddressSet(out);
    }

    intersect(other: AddressSet): AddressSet {
        return this.complement().union(other.complement()).complement();
    }

    isEmpty(): boolean {
        return this.intervals.length === 0;
    }

    /** Whether the address (dotted) is in the set. */
    has(address: string): boolean {
        const r = range(address);
        if (!r) return false;
        const a = Number(r.start);
        return this.intervals.some(([s, e]) => a >= s && a <= e);
    }

    /** Whether every address of `other` is in this set. */
    covers(other: AddressSet): boolean {
        return other.intervals.every(([s, e]) => this.intervals.some(([os, oe]) => s >= os && e <= oe));
    }

    overlaps(other: AddressSet): boolean {
        return !this.intersect(other).isEmpty();
    }
}

/** Private and shared address ranges (RFC 1918, RFC 6598): never routed on the internet. */
export const PRIVATE_RANGES = AddressSet.of([
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
])!;
