/**
 * The texts of a traced path: VPC labels and hops (subnet, route, TGW route, the way out of a TGW,
 * firewall endpoint), and the inspection a firewall endpoint stands for. Each is built once: the same
 * few are met on thousands of paths, and paths may share them.
 */
import type { Item } from "./inventory";
import { Keyed } from "./keyed";
import type { NetworkModel } from "./network-model";
import type { FirewallEndpoint, RouteTarget, TgwRoute, VpcRoute } from "./network-types";
import { type AttachmentFacts, short } from "./reachability-path";
import type { Hop, Inspection } from "./reachability-types";

export class HopTexts {
    constructor(private readonly net: NetworkModel) {}

    /** A VPC's name, with `@<region>` when a VPC of the same name lives in another region too. */
    label(vpc: Item): string {
        let label = this.labels.get(vpc.urn);
        if (label === undefined) {
            const name = this.net.nameOf(vpc);
            const twins = this.net.vpcs().some((v) => this.net.nameOf(v) === name && v.region !== vpc.region);
            label = twins ? `${name}@${vpc.region}` : name;
            this.labels.set(vpc.urn, label);
        }
        return label;
    }

    private readonly labels = new Map<string, string>();

    /** The hop of a packet in `subnet` of `vpc`, whose route table is `table` (the main one when undefined). */
    subnet(subnet: Item, vpc: Item, table: Item | undefined): Hop {
        let hop = this.subnetHops.get(subnet);
        if (!hop) {
            const az = this.net.azOf(subnet);
            hop = {
                kind: "subnet",
                az,
                text: `subnet ${this.label(vpc)}/${this.net.tierOf(subnet)} ${short(az)} (route table ${table ? table.name : "main"})`,
            };
            this.subnetHops.set(subnet, hop);
        }
        return hop;
    }

    /** The hop of the route a subnet's table picked. */
    route(route: VpcRoute): Hop {
        let hop = this.routeHops.get(route);
        if (!hop) {
            hop = { kind: "route", text: `${route.destination} → ${this.describe(route.target)}` };
            this.routeHops.set(route, hop);
        }
        return hop;
    }

    /** The hop of the route a TGW route table picked, to the attachment of `nextVpc` (or a VPN). */
    tgwRoute(table: Item, route: TgwRoute, nextVpc: Item | undefined): Hop {
        let hop = this.tgwRouteHops.get(route);
        if (!hop) {
            const next = route.attachment;
            hop = {
                kind: "tgw-route",
                text: `TGW route table ${this.net.tgwRouteTableName(table)}: ${route.destination} (${route.origin}) → ${next ? (nextVpc ? `${this.label(nextVpc)} attachment` : this.net.isVpn(next) ? `VPN connection ${next.name}` : next.name) : "blackhole"}`,
            };
            this.tgwRouteHops.set(route, hop);
        }
        return hop;
    }

    /** The hop out of `tgw` into the attachment `to` in AZ `pick` (`otherAz`: not the AZ the packet came from). */
    exit(tgw: Item, to: AttachmentFacts, vpc: Item, pick: string, otherAz: boolean): Hop {
        let byAz = to.out.get(tgw);
        if (!byAz) to.out.set(tgw, (byAz = new Map()));
        let hops = byAz.get(pick);
        if (!hops) byAz.set(pick, (hops = []));
        const variant = otherAz ? 1 : 0;
        let hop = hops[variant];
        if (!hop) {
            hop = {
                kind: "tgw-attachment",
                az: pick,
                text: `out of ${tgw.name} into ${this.label(vpc)} (${short(pick)}${to.appliance ? ", appliance mode: one AZ per flow" : otherAz ? ", no subnet in the source AZ" : ""})`,
            };
            hops[variant] = hop;
        }
        return hop;
    }

    /**
     * The inspection a firewall endpoint stands for, and its visited key; `known`: the route named the
     * endpoint (otherwise the same-AZ one is assumed, and the inspection says so).
     */
    firewallInspection(
        firewall: Item,
        at: FirewallEndpoint,
        known: boolean,
    ): { readonly key: string; readonly inspection: Inspection } {
        return this.endpoints.get(firewall, at, known, () => {
            const id = `fw:${firewall.urn}:${at.az}${known ? "" : ":?"}`;
            return { key: `fwe:${id}`, inspection: { id, label: `firewall endpoint ${short(at.az)}` } };
        });
    }

    /** The hop through firewall endpoint `at` of a packet from a subnet in `az`. */
    firewallEndpoint(firewall: Item, at: FirewallEndpoint, az: string): Hop {
        return this.endpointHops.get(firewall, at, az, () => ({
            kind: "firewall-endpoint",
            az: at.az,
            text: `firewall endpoint ${short(at.az)}${at.endpointId ? ` ${at.endpointId}` : ""} (${firewall.name})${at.az !== az ? ` — from a subnet in ${short(az)}` : ""}`,
        }));
    }

    /** What a route points at, in words. */
    describe(target: RouteTarget): string {
        switch (target.kind) {
            case "local":
                return "local";
            case "igw":
                return `internet gateway ${target.item.name}`;
            case "nat":
                return `NAT gateway ${target.item.name}`;
            case "tgw":
                return `Transit Gateway ${target.item.name}`;
            case "firewall":
                return target.endpoint
                    ? `firewall endpoint ${short(target.endpoint.az)}`
                    : `firewall ${target.firewall.name} (endpoint not known yet)`;
            case "gwlb-endpoint":
                return `GWLB endpoint ${target.item.name}`;
            case "vpc-endpoint":
                return `VPC endpoint ${target.item.name}`;
            case "blackhole":
                return "blackhole";
            default:
                return `${target.field}${target.value ? ` ${target.value}` : ""}`;
        }
    }

    private readonly subnetHops = new Map<Item, Hop>();
    private readonly routeHops = new Map<VpcRoute, Hop>();
    private readonly tgwRouteHops = new Map<TgwRoute, Hop>();
    private readonly endpoints = new Keyed<{ key: string; inspection: Inspection }>();
    private readonly endpointHops = new Keyed<Hop>();
}
