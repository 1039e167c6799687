/** Shared by the S3 stack policies: aws v7 buckets take their settings from separate resources. */
import type { StackResource, StackViolation } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

/** How a bucket policy finds what it needs on a bucket. */
export interface CompanionRule {
    /** Types of the separate resources that configure the setting through their `bucket` input. */
    readonly companionTypes: readonly string[];
    /** True when a companion configures the setting as required. */
    readonly accepts: (companion: StackResource, bucket: StackResource) => boolean;
    /** True when the bucket configures the setting on itself (the older inline arguments). */
    readonly inline?: (bucket: StackResource) => boolean;
    /** True for a bucket the setting does not apply to. */
    readonly exempt?: (bucket: StackResource, graph: StackGraph) => boolean;
    readonly message: (bucket: StackResource) => string;
}

/** One violation per bucket that neither configures the setting itself nor has a companion that does. */
export function bucketsWithout(resources: readonly StackResource[], rule: CompanionRule): StackViolation[] {
    const graph = new StackGraph(resources);
    return graph
        .ofType(...T.buckets)
        .filter((bucket) => !(rule.inline?.(bucket) ?? false))
        .filter(
            (bucket) =>
                !graph
                    .referrers(bucket, "bucket", ...rule.companionTypes)
                    .some((companion) => rule.accepts(companion, bucket)),
        )
        .filter((bucket) => !(rule.exempt?.(bucket, graph) ?? false))
        .map((bucket) => ({ urn: bucket.urn, message: rule.message(bucket) }));
}

/**
 * The ARN of a bucket when it can be known: its `arn`, or built from its name (`bucket`); undefined in
 * a preview where the name is generated.
 */
export function bucketArnOf(bucket: StackResource): string | undefined {
    const arn = str(bucket.props.arn);
    if (arn) return arn;
    const name = str(bucket.props.bucket);
    return name ? `arn:aws:s3:::${name}` : undefined;
}
