/**
 * The recorded resources of every stack of a plan as one inventory, with references between them
 * resolved the way a reader of the state would: inside a stack through the property dependencies of
 * an input (the URNs it was computed from, known even in a preview), across stacks through IDs and
 * ARNs (a spoke's `transitGatewayId` is the hub's ID, read from its exports). A stack that later
 * stacks reference is known as deployed (the plan evaluates it as after an update too), so its IDs
 * and computed attributes are known. Pure: the diagram and the reachability analysis read it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../mock-cloud/run";

/** A registration as recorded by the mock cloud (the fields the inventory needs). */
export type RecordedLike = Pick<
    RecordedResource,
    | "urn"
    | "type"
    | "name"
    | "custom"
    | "id"
    | "inputs"
    | "outputs"
    | "parent"
    | "provider"
    | "propertyDependencies"
>;

/** One stack's records. */
export interface InventoryStack {
    readonly name: string;
    readonly role?: string;
    readonly accountId: string;
    readonly region: string;
    /** What the plan recorded in its mode. */
    readonly resources: readonly RecordedLike[];
    /** The same stack evaluated as after an update, when the plan has it: preferred (IDs known). */
    readonly deployed?: readonly RecordedLike[];
}

/** A resource of the inventory: known props (outputs over inputs, unknown values left out). */
export interface Item {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly stack: string;
    readonly accountId: string;
    readonly region: string;
    readonly id?: string;
    readonly parent?: string;
    readonly props: Readonly<Record<string, unknown>>;
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** Resource type tokens the network analysis reads. */
export const TYPES = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    tgwAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwAttachmentAccepter: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    tgwPropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
    customerGateway: "aws:ec2/customerGateway:CustomerGateway",
    firewall: "aws:networkfirewall/firewall:Firewall",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    endpointService: "aws:ec2/vpcEndpointService:VpcEndpointService",
    resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
    resolverRule: "aws:route53/resolverRule:ResolverRule",
    resolverRuleAssociation: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
    zone: "aws:route53/zone:Zone",
} as const;

/** Known props: outputs over inputs, values unknown in a preview left out (deeply). */
function known(value: unknown): unknown {
    if (pulumi.isUnknown(value)) return undefined;
    if (Array.isArray(value)) return value.map(known);
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const kv = known(v);
            if (kv !== undefined) out[k] = kv;
        }
        return out;
    }
    return value;
}

/** A string, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** A list, or empty. */
export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
/** An object, or empty. */
export const obj = (v: unknown): Readonly<Record<string, unknown>> =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The inventory of a plan. */
export class Inventory {
    readonly items: readonly Item[];
    private readonly byUrn = new Map<string, Item>();
    private readonly byIdentifier = new Map<string, Item[]>();
    private readonly byTypeIndex = new Map<string, Item[]>();
    private readonly referrerIndex = new Map<string, Map<string, Item[]>>();

    constructor(stacks: readonly InventoryStack[]) {
        const items: Item[] = [];
        for (const stack of stacks) {
            const records = stack.deployed ?? stack.resources;
            // A resource lives in the region of its provider (a stack may build in several regions).
            const providerRegions = new Map<string, string>();
            for (const r of records) {
                const region = r.type.startsWith("pulumi:providers:") ? str(r.inputs.region) : undefined;
                if (region) providerRegions.set(r.urn, region);
            }
            for (const r of records) {
                const providerUrn = r.provider?.split("::").slice(0, -1).join("::");
                const region = (providerUrn && providerRegions.get(providerUrn)) || stack.region;
                const props = known({ ...r.inputs, ...r.outputs }) as Record<string, unknown>;
                const id = str(r.id) ?? str(props.id);
                items.push({
                    urn: r.urn,
                    type: r.type,
                    name: r.name,
                    stack: stack.name,
                    accountId: stack.accountId,
                    region,
                    ...(id ? { id } : {}),
                    ...(r.parent ? { parent: r.parent } : {}),
                    props,
                    propertyDependencies: r.propertyDependencies,
                });
            }
        }
        this.items = items;
        for (const item of items) {
            this.byUrn.set(item.urn, item);
            const ofType = this.byTypeIndex.get(item.type) ?? [];
            ofType.push(item);
            this.byTypeIndex.set(item.type, ofType);
            const arn = str(item.props.arn);
            for (const key of new Set([item.id, arn].filter((k): k is string => k !== undefined))) {
                const list = this.byIdentifier.get(key) ?? [];
                list.push(item);
                this.byIdentifier.set(key, list);
            }
        }
    }

    /** Every item of one of `types`. */
    ofType(...types: string[]): Item[] {
        return types.flatMap((t) => this.byTypeIndex.get(t) ?? []);
    }

    /** The item with this URN. */
    get(urn: string | undefined): Item | undefined {
        return urn === undefined ? undefined : this.byUrn.get(urn);
    }

    /** The items with this ID or ARN. */
    withIdentifier(identifier: string | undefined): Item[] {
        return identifier === undefined ? [] : (this.byIdentifier.get(identifier) ?? []);
    }

    /**
     * The items of `types` that `from`'s input `field` refers to: the property dependencies of the
     * field (same stack), then the given values (default: the field's value, or each element of it)
     * matched against IDs and ARNs (any stack).
     */
    refs(from: Item, field: string, types: readonly string[], values?: readonly unknown[]): Item[] {
        const found = new Map<string, Item>();
        for (const urn of from.propertyDependencies[field] ?? []) {
            const item = this.byUrn.get(urn);
            if (item && types.includes(item.type)) found.set(item.urn, item);
        }
        const raw =
            values ?? (Array.isArray(from.props[field]) ? list(from.props[field]) : [from.props[field]]);
        for (const value of raw) {
            for (const item of this.withIdentifier(str(value))) {
                if (types.includes(item.type)) found.set(item.urn, item);
            }
        }
        return [...found.values()];
    }

    /** The one item of `types` that `from.<field>` refers to (the first, when several match). */
    ref(from: Item, field: string, types: readonly string[], values?: readonly unknown[]): Item | undefined {
        return this.refs(from, field, types, values)[0];
    }

    /** The items of `types` whose `field` refers to `to`. */
    referrers(to: Item, field: string, types: readonly string[]): Item[] {
        // Indexed once per field, referring types and referred type: analyses ask this a lot.
        const key = `${field}|${types.join(",")}|${to.type}`;
        let index = this.referrerIndex.get(key);
        if (!index) {
            index = new Map();
            for (const from of this.ofType(...types)) {
                for (const target of this.refs(from, field, [to.type])) {
                    index.set(target.urn, [...(index.get(target.urn) ?? []), from]);
                }
            }
            this.referrerIndex.set(key, index);
        }
        return index.get(to.urn) ?? [];
    }
}

/** A tag of an item (`tags`, falling back to `tagsAll`). */
export function tagOf(item: Item, key: string): string | undefined {
    return str(obj(item.props.tags)[key]) ?? str(obj(item.props.tagsAll)[key]);
}
