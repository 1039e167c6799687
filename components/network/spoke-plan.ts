/**
 * The address layout of a spoke VPC (pure, no Pulumi): which tiers a spoke has and how large each
 * subnet is, from the VPC's prefix length alone, so that the schema, the scaffolder and the component
 * agree on what fits.
 */
import { cidrsOverlap, parseCidr, subdivide, type SubnetTier } from "./subnet-plan";

/** Spoke VPC sizes: /16 (65,536 addresses) to /22 (1,024); the scaffolder hands out /20s. */
export const SPOKE_PREFIX = { min: 16, max: 22, default: 20 } as const;

/**
 * AZ slots reserved in every tier: a spoke can grow to this many AZs without any subnet moving.
 * It is also the most AZs a spoke can use.
 */
export const SPOKE_AZ_SLOTS = 4;

/** Which optional tiers a spoke has. */
export interface SpokeTierOptions {
    /** `vpclink` subnets for an API Gateway VPC link (the `ecs-api` workload). */
    readonly vpclink: boolean;
    /** `gwlbe` subnets for Gateway Load Balancer endpoints (`inspection: gwlb`). */
    readonly gwlbe: boolean;
}

/**
 * The tiers of a spoke VPC of prefix `vpcPrefix`, in allocation order: `workload` (an eighth of the
 * VPC per AZ slot, half of it in all), `tgw` /28, then the optional `vpclink` (a 64th per slot, at
 * most /28) and `gwlbe` /28. Optional tiers come last, so adding one never moves another.
 */
export function spokeTiers(vpcPrefix: number, options: SpokeTierOptions): SubnetTier[] {
    return [
        { name: "workload", prefixLength: vpcPrefix + 3 },
        { name: "tgw", prefixLength: 28 },
        ...(options.vpclink ? [{ name: "vpclink", prefixLength: Math.min(28, vpcPrefix + 6) }] : []),
        ...(options.gwlbe ? [{ name: "gwlbe", prefixLength: 28 }] : []),
    ];
}

/**
 * The first `/prefixLength` of `pool`, in address order, that overlaps none of `used`; undefined when
 * the pool is full.
 */
export function firstFreeRange(
    pool: string,
    prefixLength: number,
    used: readonly string[],
): string | undefined {
    return subdivide(pool, prefixLength).find((candidate) => !used.some((u) => cidrsOverlap(candidate, u)));
}

/**
 * The part of the environment's spoke pool each region's spokes take their CIDRs from: the whole pool
 * with one region; with a DR region, the first half for the primary region and the second for DR (as
 * the IPAM's regional pools split it). Each region's VPN advertises only its own part to on premises,
 * so the two regions never advertise the same prefix.
 */
export function regionalSpokeRanges(spokePool: string, hasDr: boolean): { primary: string; dr?: string } {
    if (!hasDr) return { primary: spokePool };
    const [primary, dr] = subdivide(spokePool, parseCidr(spokePool).prefixLength + 1);
    return { primary, dr };
}
