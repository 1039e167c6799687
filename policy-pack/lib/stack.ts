/**
 * Following references between resources of a stack. Works in previews, where IDs are unknown: a
 * reference is found through the input's property dependencies (the URNs it was computed from), and in
 * updates also through IDs and ARNs.
 */
import type { StackResource } from "./policy";
import { list, record, str, tagsOf } from "./props";

/** The resources of a stack, indexed. */
export class StackGraph {
    private readonly byUrn = new Map<string, StackResource>();

    constructor(readonly resources: readonly StackResource[]) {
        for (const r of resources) this.byUrn.set(r.urn, r);
    }

    /** Every resource of one of `types`. */
    ofType(...types: string[]): StackResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    /** The resource with this URN. */
    get(urn: string): StackResource | undefined {
        return this.byUrn.get(urn);
    }

    /** True when `from.props[field]` refers to `to` (by property dependency, ID or ARN). */
    refersTo(from: StackResource, field: string, to: StackResource): boolean {
        if ((from.propertyDependencies[field] ?? []).includes(to.urn)) return true;
        const ids = identifiersOf(to);
        const values = [from.props[field], ...list(from.props[field])]
            .map(str)
            .filter((v) => v !== undefined);
        return values.some((v) => ids.includes(v));
    }

    /** The resources of `types` that `from.props[field]` refers to. */
    targets(from: StackResource, field: string, ...types: string[]): StackResource[] {
        return this.ofType(...types).filter((to) => this.refersTo(from, field, to));
    }

    /** The resources of `types` whose `field` refers to `to`. */
    referrers(to: StackResource, field: string, ...types: string[]): StackResource[] {
        return this.ofType(...types).filter((from) => this.refersTo(from, field, to));
    }
}

/** IDs a resource is known by in an update: `id`, `arn`, the ARN's last path segment, names. */
export function identifiersOf(r: StackResource): string[] {
    const arn = str(r.props.arn);
    return [str(r.props.id), arn, arn?.split("/").pop(), str(r.props.bucket), str(r.props.keyId)].filter(
        (v): v is string => v !== undefined && v !== "",
    );
}

/** The `hub-network:vpc-role` tag of a VPC. */
export const vpcRoleOf = (vpc: StackResource): string | undefined =>
    tagsOf(vpc.props)["hub-network:vpc-role"];

/** Inline `routes` of a route table plus `aws:ec2/route:Route` resources pointing at it. */
export function routesOf(
    graph: StackGraph,
    table: StackResource,
): { route: StackResource; props: Record<string, unknown> }[] {
    const inline = list(table.props.routes).map((r) => ({ route: table, props: { ...record(r) } }));
    const separate = graph
        .referrers(table, "routeTableId", "aws:ec2/route:Route")
        .map((route) => ({ route, props: { ...route.props } }));
    return [...inline, ...separate];
}
