/** Where a component deploys: account and region, known from config (no invoke needed). */
export interface AwsContext {
    /** The 12-digit account the component's provider deploys into. */
    readonly accountId: string;
    /** The region the component's provider deploys into, e.g. `eu-west-1`. */
    readonly region: string;
}

/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** `Name` plus the given tags: every taggable child gets both. */
export function withName(
    tags: Readonly<Record<string, string>> | undefined,
    name: string,
): Record<string, string> {
    return { ...tags, Name: name };
}
