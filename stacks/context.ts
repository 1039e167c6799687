/** Helpers every stack program uses on its validated context. */
import * as aws from "@pulumi/aws";
import { chooseZonesById, sortZoneIds, type ShareTarget } from "../components/shared";
import { ConfigError } from "./schema/errors";
import type { Environment } from "./schema/environment";
import type { StackContext } from "./schema/stack-config";

/** The tags every taggable resource of the stack carries: policies and cost reports rely on them. */
export function stackTags(context: StackContext): Record<string, string> {
    return {
        ...context.environment.tags,
        "hub-network:environment": context.environment.name,
        "hub-network:stack-role": context.role,
    };
}

/** Who the environment's RAM shares are for: its organization, or only its spoke accounts. */
export function shareTarget(env: Environment): ShareTarget {
    return env.shareWith === "organization"
        ? { organizationArn: env.organization.arn }
        : { accountIds: env.accounts.spokes.map((s) => s.id) };
}

/** True when the environment's profile is production. */
export function isProduction(context: StackContext): boolean {
    return context.environment.profile === "production";
}

/**
 * The environment's AZs in the stack's region, chosen by AZ ID (one invoke): the environment's
 * `availabilityZoneIds`, or the first `availabilityZones` AZ IDs of the region that need no opt-in, in
 * AZ ID order; each with the name this stack's account gives it. AZ names map to different physical zones in different accounts (AWS's
 * oldest regions map them per account: components/shared/availability-zones.ts); AZ IDs do not, so
 * the network, security and spoke stacks of a region all land in the same physical AZs. A region with
 * fewer AZs than the environment asks for is a config error, raised before any resource.
 */
export async function selectAvailabilityZones(
    context: StackContext,
): Promise<{ names: string[]; zoneIds: string[] }> {
    const zones = await aws.getAvailabilityZones({
        state: "available",
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    const wanted = context.region.availabilityZones;
    const listed = context.region.availabilityZoneIds;
    if (listed !== undefined) {
        const missing = listed.filter((id) => !zones.zoneIds.includes(id));
        if (missing.length > 0) {
            throw new ConfigError([
                {
                    file: context.environmentFile,
                    field: `regions.${context.regionKey}.availabilityZoneIds`,
                    value: listed,
                    message: `names ${missing.join(", ")}, which the ${context.role} account does not offer in ${context.region.name} (it offers ${zones.zoneIds.join(", ")}); expected AZ IDs every account of the environment offers`,
                },
            ]);
        }
        return chooseZonesById({ names: zones.names, zoneIds: zones.zoneIds }, listed);
    }
    if (zones.zoneIds.length < wanted) {
        throw new ConfigError([
            {
                file: context.environmentFile,
                field: `regions.${context.regionKey}.availabilityZones`,
                value: wanted,
                message: `is more than the ${zones.zoneIds.length} AZs ${context.region.name} offers; expected at most ${zones.zoneIds.length}`,
            },
        ]);
    }
    return chooseZonesById(zones, sortZoneIds(zones.zoneIds).slice(0, wanted));
}

/** The credentials settings of the stack's default provider, which explicit providers repeat. */
export function baseCredentials(context: StackContext): {
    profile?: string;
    assumeRoles?: aws.types.input.ProviderAssumeRole[];
} {
    const profile = context.config["aws:profile"];
    const assumeRoles = context.config["aws:assumeRoles"];
    return {
        ...(typeof profile === "string" ? { profile } : {}),
        ...(Array.isArray(assumeRoles)
            ? { assumeRoles: assumeRoles as aws.types.input.ProviderAssumeRole[] }
            : {}),
    };
}
