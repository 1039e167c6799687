/** Shared by the S3 stack policies: aws v7 buckets take their settings from separate resources. */
import type { StackResource, StackViolation } from "../../../lib/policy";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

/**
 * One violation per bucket that has no resource of `companionType` pointing at it (through its `bucket`
 * input) that `accepts`.
 */
export function bucketsWithout(
    resources: readonly StackResource[],
    companionType: string,
    accepts: (companion: StackResource) => boolean,
    message: (bucket: StackResource) => string,
): StackViolation[] {
    const graph = new StackGraph(resources);
    return graph
        .ofType(...T.buckets)
        .filter((bucket) => !graph.referrers(bucket, "bucket", companionType).some(accepts))
        .map((bucket) => ({ urn: bucket.urn, message: message(bucket) }));
}
