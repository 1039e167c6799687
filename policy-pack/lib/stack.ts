/**
 * Following references between resources of a stack. Works in previews, where IDs are unknown: a
 * reference is found through the input's property dependencies (the URNs it was computed from), and in
 * updates also through IDs and ARNs.
 */
import type { StackResource } from "./policy";
import { list, record, str, tagsOf } from "./props";
import { T } from "./types";

/** The resources of a stack, indexed by URN and by type. */
export class StackGraph {
    private readonly byUrn = new Map<string, StackResource>();
    /** The positions in `resources` of each type's resources, in stack order. */
    private readonly byType = new Map<string, number[]>();

    constructor(readonly resources: readonly StackResource[]) {
        resources.forEach((r, i) => {
            this.byUrn.set(r.urn, r);
            const positions = this.byType.get(r.type);
            if (positions) positions.push(i);
            else this.byType.set(r.type, [i]);
        });
    }

    /** Every resource of one of `types`, in stack order. */
    ofType(...types: string[]): StackResource[] {
        const positions = [...new Set(types)].flatMap((t) => this.byType.get(t) ?? []);
        if (types.length > 1) positions.sort((a, b) => a - b);
        return positions.map((i) => this.resources[i]);
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

    /**
     * The resources of `types` that a list of objects refers to through their `key`
     * (`subnetMappings[].subnetId`): by the list's property dependencies, or by ID.
     */
    nestedTargets(from: StackResource, field: string, key: string, ...types: string[]): StackResource[] {
        const deps = from.propertyDependencies[field] ?? [];
        const values = list(from.props[field])
            .map((entry) => str(record(entry)[key]))
            .filter((v): v is string => v !== undefined);
        return this.ofType(...types).filter(
            (to) => deps.includes(to.urn) || identifiersOf(to).some((id) => values.includes(id)),
        );
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

/** The `hub-network:subnet-tier` tag of a subnet (or route table). */
export const subnetTierOf = (subnet: StackResource): string | undefined =>
    tagsOf(subnet.props)["hub-network:subnet-tier"];

/** The route tables associated with a subnet (through `aws.ec2.RouteTableAssociation`). */
export const routeTablesOfSubnet = (graph: StackGraph, subnet: StackResource): StackResource[] =>
    graph
        .referrers(subnet, "subnetId", T.routeTableAssociation)
        .flatMap((association) => graph.targets(association, "routeTableId", T.routeTable));

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
