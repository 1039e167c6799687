/**
 * What AWS publishes about Availability Zones, and the one rule every stack of an environment uses to
 * choose them. AZ IDs (`euw1-az2`) name the same physical zone in every account; AZ names
 * (`eu-west-1a`) do not: in the regions of {@link INDEPENDENTLY_MAPPED}, each account maps names to IDs
 * its own way. So the stacks choose AZs by ID, the same way in every account, and map each chosen ID
 * to the name their own account gives it.
 */

/**
 * The AZ IDs of each region, as AWS lists them (AWS lists the constrained zones that new accounts
 * cannot use, such as `apne1-az3`, apart; they are left out here).
 * Source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 */
export const REGION_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
    "us-east-1": ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"],
    "us-east-2": ["use2-az1", "use2-az2", "use2-az3"],
    "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"],
    "ca-central-1": ["cac1-az1", "cac1-az2", "cac1-az4"],
    "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
    "eu-west-2": ["euw2-az1", "euw2-az2", "euw2-az3"],
    "eu-west-3": ["euw3-az1", "euw3-az2", "euw3-az3"],
    "eu-central-1": ["euc1-az1", "euc1-az2", "euc1-az3"],
    "eu-north-1": ["eun1-az1", "eun1-az2", "eun1-az3"],
    "ap-northeast-1": ["apne1-az1", "apne1-az2", "apne1-az4"],
    "ap-northeast-2": ["apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"],
    "ap-southeast-1": ["apse1-az1", "apse1-az2", "apse1-az3"],
    "ap-southeast-2": ["apse2-az1", "apse2-az2", "apse2-az3"],
    "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
    "sa-east-1": ["sae1-az1", "sae1-az2", "sae1-az3"],
};

/**
 * Regions where AWS maps AZ names to AZ IDs independently for each account (accounts created before
 * November 2025); every other region uses one mapping for every account.
 * Source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html
 * ("Regions with independently mapped Availability Zones").
 */
export const INDEPENDENTLY_MAPPED: ReadonlySet<string> = new Set([
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "eu-west-1",
    "sa-east-1",
    "us-gov-west-1",
]);

/** The number in an AZ ID (`euw1-az12` -> 12), for ordering IDs as numbers. */
function zoneNumber(zoneId: string): number {
    return Number(/-az(\d+)$/.exec(zoneId)?.[1] ?? Number.NaN);
}

/** AZ IDs in AWS's order (`az2` before `az10`). */
export function sortZoneIds(zoneIds: readonly string[]): string[] {
    return [...zoneIds].sort((a, b) => zoneNumber(a) - zoneNumber(b) || a.localeCompare(b));
}

/**
 * The AZs `zoneIds` (in that order) with the names this account gives them, from what the account
 * offers (`getAvailabilityZones`). Every account that offers them gets the same physical AZs, whatever
 * names its own mapping gives them.
 */
export function chooseZonesById(
    offered: { readonly names: readonly string[]; readonly zoneIds: readonly string[] },
    zoneIds: readonly string[],
): { names: string[]; zoneIds: string[] } {
    const nameOf = new Map(offered.zoneIds.map((id, i) => [id, offered.names[i]]));
    return { names: zoneIds.map((id) => nameOf.get(id) as string), zoneIds: [...zoneIds] };
}
