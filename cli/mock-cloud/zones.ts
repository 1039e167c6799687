/**
 * The mock cloud's Availability Zones: each region's real AZ IDs (components/shared/availability-zones)
 * and, per account, the names that account gives them.
 *
 * In the regions AWS maps independently, an account's mapping is a permutation of the region's AZ IDs
 * drawn from a hash of the account and region: deterministic (the same account always gets the same
 * names), and different between accounts, as in AWS, so that AZs chosen by name in one account and
 * used in another fail here first. In every other region, name `a` is the first AZ ID, `b` the second,
 * and so on, for every account. A region missing from the table gets three AZs (`<region>-az1..3`):
 * AWS's floor ("Each Region has at least three Availability Zones", same page as the table).
 */
import { createHash } from "node:crypto";
import { INDEPENDENTLY_MAPPED, REGION_AZ_IDS } from "../../components/shared/availability-zones";
import type { Violation } from "./constraints/check";

/** The AZs an account sees in a region: names in letter order, each with its AZ ID. */
export interface AccountZones {
    readonly names: readonly string[];
    readonly zoneIds: readonly string[];
}

const cache = new Map<string, AccountZones>();

/** The region's AZ IDs, in AZ ID order. */
export function regionZoneIds(region: string): readonly string[] {
    return REGION_AZ_IDS[region] ?? [1, 2, 3].map((n) => `${region}-az${n}`);
}

/** The AZs `accountId` sees in `region`: names `<region>a`, `<region>b`, ... and their AZ IDs. */
export function accountZones(region: string, accountId: string): AccountZones {
    const key = `${accountId}/${region}`;
    let zones = cache.get(key);
    if (!zones) {
        const ids = [...regionZoneIds(region)];
        if (INDEPENDENTLY_MAPPED.has(region)) {
            const rank = (id: string) => createHash("sha256").update(`${key}/${id}`).digest("hex");
            ids.sort((a, b) => rank(a).localeCompare(rank(b)));
        }
        zones = { names: ids.map((_, i) => `${region}${String.fromCharCode(97 + i)}`), zoneIds: ids };
        cache.set(key, zones);
    }
    return zones;
}

/** The AZ ID of AZ `name` in `accountId`'s mapping, or `undefined` when the account has no such AZ. */
export function zoneIdOf(region: string, accountId: string, name: string): string | undefined {
    const zones = accountZones(region, accountId);
    const i = zones.names.indexOf(name);
    return i < 0 ? undefined : zones.zoneIds[i];
}

const SUBNET = "aws:ec2/subnet:Subnet";
const CREATE_SUBNET = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html";

/**
 * What EC2 refuses of a subnet's AZ in this account: a name the account does not have in the region
 * (EC2's own text lists the names it has), or an AZ ID the region does not have.
 */
export function subnetZoneViolations(
    type: string,
    inputs: Record<string, unknown>,
    region: string,
    accountId: string,
): Violation[] {
    if (type !== SUBNET) return [];
    const zones = accountZones(region, accountId);
    return [
        ...refused(
            inputs,
            "availabilityZone",
            zones.names,
            `AZs of account ${accountId} in ${region} (cli/mock-cloud/zones.ts)`,
        ),
        ...refused(
            inputs,
            "availabilityZoneId",
            zones.zoneIds,
            `AZ IDs of ${region} (components/shared/availability-zones.ts)`,
        ),
    ];
}

/** The refusal of `inputs[property]` when it is not one of `allowed`, in CreateSubnet's words. */
function refused(
    inputs: Record<string, unknown>,
    property: "availabilityZone" | "availabilityZoneId",
    allowed: readonly string[],
    where: string,
): Violation[] {
    const value = inputs[property];
    if (typeof value !== "string" || allowed.includes(value)) return [];
    const member = property === "availabilityZone" ? "AvailabilityZone" : "AvailabilityZoneId";
    return [
        {
            row: {
                type: SUBNET,
                property,
                member,
                rule: { kind: "oneOf", values: allowed },
                style: "ec2",
                source: `${CREATE_SUBNET}; ${where}`,
            },
            path: property,
            value,
            error: {
                code: "InvalidParameterValue",
                message: `Value (${value}) for parameter ${property} is invalid. Subnets can currently only be created in the following availability zones: ${allowed.join(", ")}.`,
            },
        },
    ];
}
