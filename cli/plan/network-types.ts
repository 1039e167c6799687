/**
 * What the network model answers in: the routes of VPC and Transit Gateway route tables, where a route
 * sends traffic, and Network Firewall endpoints.
 */
import type { Item } from "./inventory";

/** A Network Firewall endpoint in one AZ. */
export interface FirewallEndpoint {
    readonly firewall: Item;
    readonly az: string;
    /** The endpoint's ID (`vpce-...`), once known. */
    readonly endpointId?: string;
    /** The firewall subnet it sits in. */
    readonly subnet?: Item;
}

/** Where a VPC route sends traffic. */
export type RouteTarget =
    | { readonly kind: "local"; readonly vpc: Item }
    | { readonly kind: "igw"; readonly item: Item }
    | { readonly kind: "nat"; readonly item: Item }
    | { readonly kind: "tgw"; readonly item: Item }
    /** A firewall endpoint; `endpoint` is absent when the route's endpoint ID is unknown (preview). */
    | { readonly kind: "firewall"; readonly firewall: Item; readonly endpoint?: FirewallEndpoint }
    | { readonly kind: "gwlb-endpoint"; readonly item: Item }
    | { readonly kind: "vpc-endpoint"; readonly item: Item }
    | { readonly kind: "blackhole" }
    /** A target this model does not follow (peering, ENI, ...) or could not resolve. */
    | { readonly kind: "other"; readonly field: string; readonly value?: string };

/** One route of a VPC route table. */
export interface VpcRoute {
    readonly destination: string;
    readonly target: RouteTarget;
    /** The route resource (or the route table, for inline and local routes). */
    readonly source: Item;
}

/** One route of a Transit Gateway route table. */
export interface TgwRoute {
    readonly destination: string;
    /** The attachment it sends to; absent for a blackhole route. */
    readonly attachment?: Item;
    readonly origin: "static" | "propagated";
    readonly source: Item;
}
