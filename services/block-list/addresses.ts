/**
 * IPv4 arithmetic for the block list: parsing, CIDR membership, and the ranges the function never
 * blocks (addresses that are not globally routable, and the ranges its configuration protects).
 */

/** An IPv4 address as a 32-bit unsigned number, or undefined when `text` is not dotted-quad IPv4. */
export function parseIpv4(text: string): number | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
    if (!match) return undefined;
    const octets = match.slice(1).map(Number);
    if (octets.some((o, i) => o > 255 || (match[i + 1].length > 1 && match[i + 1].startsWith("0")))) {
        return undefined;
    }
    return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}

/** A parsed IPv4 CIDR: its network address and prefix length. */
export interface Ipv4Cidr {
    readonly text: string;
    readonly network: number;
    readonly prefix: number;
}

/** Parses `a.b.c.d/n` (host bits must be zero), or undefined. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
    const [address, length, ...rest] = text.split("/");
    if (rest.length > 0 || length === undefined || !/^\d{1,2}$/.test(length)) return undefined;
    const network = parseIpv4(address);
    const prefix = Number(length);
    if (network === undefined || prefix > 32) return undefined;
    if ((network & ~maskOf(prefix)) >>> 0 !== 0) return undefined;
    return { text, network, prefix };
}

function maskOf(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** True when `address` (a parsed IPv4) lies in `cidr`. */
export function cidrContains(cidr: Ipv4Cidr, address: number): boolean {
    return (address & maskOf(cidr.prefix)) >>> 0 === cidr.network;
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
    const value = parseIpv4(address);
    if (value === undefined) return "is not an IPv4 address";
    const special = NON_GLOBAL_RANGES.find((c) => cidrContains(c, value));
    if (special) return `is not globally routable (${special.text})`;
    const own = protectedCidrs.find((c) => cidrContains(c, value));
    if (own) return `is in the protected range ${own.text}`;
    return undefined;
}
