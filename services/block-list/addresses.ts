/**
 * The addresses the block list never takes: not globally routable, or in the ranges its
 * configuration protects. Parsing and membership are ip-address's.
 */
import { Address4 } from "ip-address";

/** A parsed IPv4 CIDR, as written. */
export interface Ipv4Cidr {
    readonly text: string;
    readonly subnet: Address4;
}

/** An IPv4 address or CIDR, or undefined when ip-address refuses it (leading zeros, bad mask, ...). */
function parse(text: string): Address4 | undefined {
    try {
        return new Address4(text);
    } catch {
        return undefined;
    }
}

/** Parses `a.b.c.d/n` (host bits must be zero), or undefined. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
    if (!/^[0-9.]+\/\d{1,2}$/.test(text)) return undefined;
    const subnet = parse(text);
    if (!subnet || subnet.startAddress().correctForm() !== subnet.correctForm()) return undefined;
    return { text, subnet };
}

/**
 * Special-purpose IPv4 ranges that are not globally routable (IANA IPv4 Special-Purpose Address
 * Registry, RFC 6890): blocking one would cut the environment's own or AWS's link-local traffic (the
 * instance metadata service is 169.254.169.254), never an attacker's. The documentation ranges
 * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are left blockable on purpose: GuardDuty's sample
 * findings (CreateSampleFindings) carry them, so the response can be tested end to end with samples.
 */
export const NON_GLOBAL_RANGES: readonly Ipv4Cidr[] = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "224.0.0.0/4",
    "240.0.0.0/4",
].map((c) => parseCidr(c)!);

/** Why `address` must not be blocked, or undefined when it may be. */
export function protectionOf(address: string, protectedCidrs: readonly Ipv4Cidr[]): string | undefined {
    const value = /^[0-9.]+$/.test(address) ? parse(address) : undefined;
    if (value === undefined) return "is not an IPv4 address";
    const special = NON_GLOBAL_RANGES.find((c) => value.isInSubnet(c.subnet));
    if (special) return `is not globally routable (${special.text})`;
    const own = protectedCidrs.find((c) => value.isInSubnet(c.subnet));
    if (own) return `is in the protected range ${own.text}`;
    return undefined;
}
