/** Helpers every stack program uses on its validated context. */
import * as aws from "@pulumi/aws";
import type { ShareTarget } from "../components/shared";
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
 * The first `availabilityZones` AZs of the stack's region that need no opt-in (one invoke). A region
 * with fewer AZs than the environment asks for is a config error, raised before any resource.
 */
export async function selectAvailabilityZones(
    context: StackContext,
): Promise<{ names: string[]; zoneIds: string[] }> {
    const zones = await aws.getAvailabilityZones({
        state: "available",
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    const wanted = context.region.availabilityZones;
    const order = zones.names
        .map((name, i) => ({ name, zoneId: zones.zoneIds[i] }))
        .sort((a, b) => a.name.localeCompare(b.name));
    if (order.length < wanted) {
        throw new ConfigError([
            {
                file: context.environmentFile,
                field: `regions.${context.regionKey}.availabilityZones`,
                value: wanted,
                message: `is more than the ${order.length} AZs ${context.region.name} offers; expected at most ${order.length}`,
            },
        ]);
    }
    const chosen = order.slice(0, wanted);
    return { names: chosen.map((z) => z.name), zoneIds: chosen.map((z) => z.zoneId) };
}
