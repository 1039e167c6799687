/**
 * Pure, deterministic subnet planning for a VPC (no Pulumi imports, so it can be unit- and property-tested).
 *
 * Tiers are allocated in order; each tier gets a contiguous block of `reservedAzSlots` equally sized subnets
 * whose start is aligned to the subnet size, and AZ `i` gets slot `i` of its tier's block.
 */
import { Address4 } from "ip-address";

/** One tier of subnets (e.g. "public"), with one subnet of `/prefixLength` per AZ slot. */
export interface SubnetTier {
    /** Unique tier name: lowercase letters, digits and dashes (not starting or ending with a dash). */
    readonly name: string;
    /** Subnet prefix length, 16..28 (AWS's subnet size limits) and >= the VPC prefix length. */
    readonly prefixLength: number;
}

/** Input of {@link planSubnets}. */
export interface SubnetPlanArgs {
    /** The VPC CIDR, e.g. "10.64.0.0/24". Must be a network address (host bits zero). */
    readonly vpcCidr: string;
    /** Availability zone names (or any per-AZ keys), in order. At least one, no duplicates. */
    readonly availabilityZones: readonly string[];
    /** Tiers in allocation order; names unique, lowercase letters/digits/dashes. prefixLength 16..28 and >= the VPC prefix. */
    readonly tiers: readonly SubnetTier[];
    /** AZ slots reserved per tier (>= availabilityZones.length), so that adding an AZ later does not move other subnets. @default availabilityZones.length */
    readonly reservedAzSlots?: number;
}

/** One planned subnet: the subnet of `tier` in `availabilityZone`. */
export interface PlannedSubnet {
    /** Name of the tier this subnet belongs to. */
    readonly tier: string;
    /** Availability zone (or per-AZ key) of this subnet. */
    readonly availabilityZone: string;
    /** Index of the AZ in {@link SubnetPlanArgs.availabilityZones}, i.e. its slot in the tier's block. */
    readonly azIndex: number;
    /** The subnet's CIDR, e.g. "10.64.0.16/28". */
    readonly cidr: string;
}

/** Result of {@link planSubnets}. */
export interface SubnetPlan {
    /** The VPC CIDR the plan was made for. */
    readonly vpcCidr: string;
    /** All planned subnets, ordered tier by tier, AZ by AZ. */
    readonly subnets: readonly PlannedSubnet[];
    /** The CIDR of `tier` in `availabilityZone`; throws {@link SubnetPlanError} naming the tier/AZ if unknown. */
    cidr(tier: string, availabilityZone: string): string;
    /** The subnets of `tier`, AZ by AZ; throws {@link SubnetPlanError} if the tier is unknown. */
    tier(tier: string): readonly PlannedSubnet[];
    /** the n-th host address (0-based offset from the network address) of a planned subnet, e.g. for fixed IPs; throws if outside the subnet or in AWS's reserved addresses (first 4 and last 1). */
    hostAddress(tier: string, availabilityZone: string, offset: number): string;
}

/** Thrown for invalid input, plans that do not fit, and unknown tier/AZ look-ups. */
export class SubnetPlanError extends Error {
    /** @param message What is wrong, naming the offending field and value. */
    constructor(message: string) {
        super(message);
        this.name = "SubnetPlanError";
    }
}

/** AWS's VPC/subnet prefix limits; AWS reserves the first 4 and the last address of every subnet. */
const [MIN_PREFIX, MAX_PREFIX, RESERVED_LOW] = [16, 28, 4];
const TIER_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function blockSize(prefixLength: number): bigint {
    return 1n << BigInt(32 - prefixLength);
}

function format(address: bigint, prefixLength?: number): string {
    const ip = Address4.fromBigInt(address).correctForm();
    return prefixLength === undefined ? ip : `${ip}/${prefixLength}`;
}

function parseAddress(text: unknown, what: string): Address4 {
    if (typeof text !== "string") throw new SubnetPlanError(`${what} must be a string, got ${typeof text}`);
    try {
        return new Address4(text);
    } catch (e) {
        throw new SubnetPlanError(`${what} ${JSON.stringify(text)} is invalid: ${(e as Error).message}`);
    }
}

/**
 * Parses an IPv4 CIDR such as "10.0.0.0/24".
 * @returns the network address, prefix length and first/last address (inclusive) as integers.
 * @throws SubnetPlanError for malformed input, a missing or non-canonical prefix, or host bits set.
 */
export function parseCidr(cidr: string): ParsedCidr {
    const known = parsed.get(cidr);
    if (known) return known;
    const result = Object.freeze(parseCidrText(cidr));
    // Plans and analyses ask about the same few CIDRs over and over; a bounded memo keeps that cheap.
    if (parsed.size >= PARSED_CIDR_LIMIT) parsed.clear();
    parsed.set(cidr, result);
    return result;
}

/** A parsed IPv4 CIDR: network address, prefix length and first/last address (inclusive). */
export interface ParsedCidr {
    readonly network: bigint;
    readonly prefixLength: number;
    readonly first: bigint;
    readonly last: bigint;
}

const PARSED_CIDR_LIMIT = 10_000;
const parsed = new Map<string, ParsedCidr>();

function parseCidrText(cidr: string): ParsedCidr {
    const addr = parseAddress(cidr, "CIDR");
    const canonical = `${addr.correctForm()}/${addr.subnetMask}`;
    if (cidr !== canonical) {
        throw new SubnetPlanError(`CIDR ${JSON.stringify(cidr)} is invalid: expected the form a.b.c.d/n`);
    }
    const first = addr.startAddress().bigInt();
    if (addr.bigInt() !== first) {
        throw new SubnetPlanError(
            `${cidr} has host bits set; did you mean ${format(first, addr.subnetMask)}?`,
        );
    }
    return { network: first, prefixLength: addr.subnetMask, first, last: addr.endAddress().bigInt() };
}

/** True if every address of CIDR `inner` is inside CIDR `outer` (a CIDR contains itself). */
export function cidrContains(outer: string, inner: string): boolean {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return o.first <= i.first && i.last <= o.last;
}

/** True if CIDRs `a` and `b` share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    return x.first <= y.last && y.first <= x.last;
}

/** True if the plain IPv4 address `ip` (e.g. "10.0.0.5", no prefix) is inside CIDR `cidr`. */
export function ipInCidr(ip: string, cidr: string): boolean {
    const addr = parseAddress(ip, "IP address");
    if (ip !== addr.correctForm()) {
        throw new SubnetPlanError(`IP address ${JSON.stringify(ip)} is invalid: expected the form a.b.c.d`);
    }
    const c = parseCidr(cidr);
    const value = addr.bigInt();
    return c.first <= value && value <= c.last;
}

/**
 * Splits `cidr` into its `2^k` equal parts of `/prefixLength`, in address order, e.g.
 * `subdivide("10.72.0.0/13", 14)` is `["10.72.0.0/14", "10.76.0.0/14"]`.
 * @throws SubnetPlanError when `prefixLength` is shorter than the CIDR's or longer than /32.
 */
export function subdivide(cidr: string, prefixLength: number): string[] {
    const { network, prefixLength: outer } = parseCidr(cidr);
    if (!Number.isInteger(prefixLength) || prefixLength < outer || prefixLength > 32) {
        throw new SubnetPlanError(`subdivide ${cidr}: /${prefixLength} must be between /${outer} and /32`);
    }
    const size = blockSize(prefixLength);
    return Array.from({ length: 2 ** (prefixLength - outer) }, (_, i) =>
        format(network + BigInt(i) * size, prefixLength),
    );
}

function validate(args: SubnetPlanArgs, vpcPrefix: number): number {
    const { vpcCidr, availabilityZones: azs, tiers } = args;
    if (vpcPrefix < MIN_PREFIX || vpcPrefix > MAX_PREFIX) {
        throw new SubnetPlanError(`vpcCidr ${vpcCidr}: prefix /${vpcPrefix} is outside AWS's /16../28 range`);
    }
    if (!Array.isArray(azs) || azs.length === 0) {
        throw new SubnetPlanError(`availabilityZones must list at least one AZ (vpcCidr ${vpcCidr})`);
    }
    const seenAzs = new Set<string>();
    for (const az of azs) {
        if (typeof az !== "string" || az === "") {
            throw new SubnetPlanError(`availabilityZones: ${JSON.stringify(az)} is not a non-empty string`);
        }
        if (seenAzs.has(az)) throw new SubnetPlanError(`availabilityZones: duplicate AZ '${az}'`);
        seenAzs.add(az);
    }
    if (!Array.isArray(tiers) || tiers.length === 0) {
        throw new SubnetPlanError(`tiers must list at least one tier (vpcCidr ${vpcCidr})`);
    }
    const seenTiers = new Set<string>();
    for (const { name, prefixLength } of tiers) {
        if (typeof name !== "string" || !TIER_NAME.test(name)) {
            throw new SubnetPlanError(
                `tiers: name ${JSON.stringify(name)} is invalid; use lowercase letters, digits and dashes`,
            );
        }
        if (seenTiers.has(name)) throw new SubnetPlanError(`tiers: duplicate tier name '${name}'`);
        seenTiers.add(name);
        if (!Number.isInteger(prefixLength) || prefixLength < MIN_PREFIX || prefixLength > MAX_PREFIX) {
            throw new SubnetPlanError(
                `tiers: tier '${name}' prefixLength ${prefixLength} is outside AWS's subnet range 16..28`,
            );
        }
        if (prefixLength < vpcPrefix) {
            throw new SubnetPlanError(
                `tiers: tier '${name}' prefixLength /${prefixLength} is larger than the VPC ${vpcCidr}`,
            );
        }
    }
    const slots = args.reservedAzSlots ?? azs.length;
    if (!Number.isSafeInteger(slots) || slots < azs.length) {
        throw new SubnetPlanError(
            `reservedAzSlots ${slots} must be an integer >= the number of availabilityZones (${azs.length})`,
        );
    }
    return slots;
}

/**
 * Plans the subnets of a VPC deterministically (see the module doc for the algorithm).
 * @throws SubnetPlanError for invalid input or when a tier does not fit inside the VPC.
 */
export function planSubnets(args: SubnetPlanArgs): SubnetPlan {
    const vpc = parseCidr(args.vpcCidr);
    const slots = BigInt(validate(args, vpc.prefixLength));
    const vpcSize = blockSize(vpc.prefixLength);
    const subnets: PlannedSubnet[] = [];
    const byTier = new Map<string, { prefixLength: number; subnets: PlannedSubnet[] }>();
    let cursor = 0n; // offset from the VPC network address
    for (const { name, prefixLength } of args.tiers) {
        const size = blockSize(prefixLength);
        const start = ((cursor + size - 1n) / size) * size;
        const needed = slots * size;
        if (start + needed > vpcSize) {
            const padding = start - cursor;
            throw new SubnetPlanError(
                `subnet plan for ${args.vpcCidr}: tier '${name}' (${slots} x /${prefixLength}) does not fit: ` +
                    `needs ${needed} more addresses after ${start} used` +
                    (padding > 0n ? ` (including ${padding} of alignment padding)` : "") +
                    `, the VPC has ${vpcSize}; use a larger VPC CIDR or smaller tiers`,
            );
        }
        const tierSubnets = args.availabilityZones.map((availabilityZone, azIndex) =>
            Object.freeze({
                tier: name,
                availabilityZone,
                azIndex,
                cidr: format(vpc.first + start + BigInt(azIndex) * size, prefixLength),
            }),
        );
        byTier.set(name, { prefixLength, subnets: tierSubnets });
        subnets.push(...tierSubnets);
        cursor = start + needed;
    }

    const lookupTier = (tier: string) => {
        const found = byTier.get(tier);
        if (!found) {
            const known = [...byTier.keys()].join(", ");
            throw new SubnetPlanError(
                `subnet plan for ${args.vpcCidr}: unknown tier '${tier}' (known: ${known})`,
            );
        }
        return found;
    };
    const lookup = (tier: string, availabilityZone: string) => {
        const found = lookupTier(tier).subnets.find((s) => s.availabilityZone === availabilityZone);
        if (!found) {
            throw new SubnetPlanError(
                `subnet plan for ${args.vpcCidr}: unknown availability zone '${availabilityZone}' for tier ` +
                    `'${tier}' (known: ${args.availabilityZones.join(", ")})`,
            );
        }
        return found;
    };

    return Object.freeze({
        vpcCidr: args.vpcCidr,
        subnets: Object.freeze(subnets),
        cidr: (tier: string, availabilityZone: string) => lookup(tier, availabilityZone).cidr,
        tier: (tier: string) => Object.freeze([...lookupTier(tier).subnets]),
        hostAddress: (tier: string, availabilityZone: string, offset: number) => {
            const subnet = lookup(tier, availabilityZone);
            const { first, last } = parseCidr(subnet.cidr);
            const size = last - first + 1n;
            const where = `hostAddress: offset ${offset} of ${subnet.cidr} (tier '${tier}', AZ '${availabilityZone}')`;
            const valid = `valid offsets are ${RESERVED_LOW}..${size - 2n}`;
            if (!Number.isSafeInteger(offset) || offset < 0 || BigInt(offset) >= size) {
                throw new SubnetPlanError(`${where} is outside the subnet; ${valid}`);
            }
            if (offset < RESERVED_LOW || BigInt(offset) === size - 1n) {
                throw new SubnetPlanError(`${where} is reserved by AWS (first 4 and last address); ${valid}`);
            }
            return format(first + BigInt(offset));
        },
    });
}
