/**
 * Security groups as EC2 evaluates them: the rules of every group of a network interface together
 * (inline `ingress`/`egress`, `aws.vpc.SecurityGroupIngressRule`/`EgressRule`, `aws.ec2.SecurityGroupRule`),
 * allow-only, stateful: a flow needs an egress rule at the sender and an ingress rule at the receiver,
 * and its replies are allowed whatever the rules say. A rule's peer is a CIDR, a prefix list (the
 * service's addresses behind a gateway endpoint) or a security group (every interface that has it).
 * A group declared by the Terraform provider has no egress rule but the ones declared: the provider
 * removes the default allow-all egress rule AWS adds.
 *
 * Sources:
 * - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html (stateful; allow rules only;
 *   rules of all groups of an interface are aggregated)
 * - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html (sources and
 *   destinations: CIDR, prefix list, security group)
 * - hashicorp/terraform-provider-aws website/docs/r/security_group.html.markdown ("Terraform will remove
 *   this default rule, and require you specifically re-create it")
 * - Traffic to the Amazon DNS server is not filtered by security groups:
 *   https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
import { list, obj, str, tagOf, TYPES, type Inventory, type Item } from "../inventory";
import type { NetworkModel } from "../network-model";
import { contains, prefixLength } from "../route-match";
import type { Transport } from "./types";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";

/** One rule of a group, its peers resolved. */
export interface GroupRule {
    readonly group: Item;
    readonly direction: "ingress" | "egress";
    /** `all`, or a transport. */
    readonly protocol: Transport | "all" | string;
    readonly fromPort: number;
    readonly toPort: number;
    readonly cidrs: readonly string[];
    /** Gateway endpoints whose prefix list the rule names. */
    readonly prefixLists: readonly Item[];
    readonly groups: readonly Item[];
    readonly description?: string;
}

/** The other end of a flow, as a rule sees it. */
export interface Peer {
    readonly address: string;
    /** The peer interface's security groups (empty: not an interface of this inventory). */
    readonly groups: readonly Item[];
    /** The gateway endpoint whose prefix list holds the peer's address (an S3 or DynamoDB flow). */
    readonly prefixList?: Item;
}

/** A security group decision. */
export interface GroupDecision {
    readonly allowed: boolean;
    readonly text: string;
}

function protocolOf(value: unknown): string {
    const p = String(value ?? "-1").toLowerCase();
    return p === "-1" || p === "all"
        ? "all"
        : p === "6"
          ? "tcp"
          : p === "17"
            ? "udp"
            : p === "1"
              ? "icmp"
              : p;
}

/** A group's display name. */
export function groupName(group: Item): string {
    return tagOf(group, "Name") ?? str(group.props.name) ?? group.name;
}

export class SecurityGroups {
    private readonly rules = new Map<Item, GroupRule[]>();
    private readonly prefixLists = new Map<string, Item>();

    constructor(
        private readonly inventory: Inventory,
        private readonly net: NetworkModel,
    ) {
        for (const e of inventory.ofType(TYPES.vpcEndpoint)) {
            const id = str(e.props.prefixListId);
            if (id) this.prefixLists.set(id, e);
        }
        for (const group of inventory.ofType(SECURITY_GROUP)) {
            const mine: GroupRule[] = [];
            for (const direction of ["ingress", "egress"] as const) {
                for (const r of list(group.props[direction]).map(obj)) {
                    mine.push(this.inline(group, direction, r));
                }
            }
            this.rules.set(group, mine);
        }
        for (const [type, direction] of [
            [INGRESS_RULE, "ingress"],
            [EGRESS_RULE, "egress"],
        ] as const) {
            for (const r of inventory.ofType(type)) {
                const group = inventory.ref(r, "securityGroupId", [SECURITY_GROUP]);
                if (!group) continue;
                this.rules.get(group)?.push({
                    group,
                    direction,
                    protocol: protocolOf(r.props.ipProtocol),
                    fromPort: Number(r.props.fromPort ?? 0),
                    toPort: Number(r.props.toPort ?? 65535),
                    cidrs: this.cidrs(
                        r,
                        "cidrIpv4",
                        r.props.cidrIpv4 === undefined ? [] : [r.props.cidrIpv4],
                    ),
                    prefixLists: this.prefixListRefs(r, "prefixListId", [r.props.prefixListId]),
                    groups: inventory.refs(r, "referencedSecurityGroupId", [SECURITY_GROUP]),
                    ...(str(r.props.description) ? { description: str(r.props.description) } : {}),
                });
            }
        }
        for (const r of inventory.ofType(GROUP_RULE)) {
            const group = inventory.ref(r, "securityGroupId", [SECURITY_GROUP]);
            if (!group) continue;
            const direction = str(r.props.type) === "egress" ? "egress" : "ingress";
            this.rules.get(group)?.push({
                group,
                direction,
                protocol: protocolOf(r.props.protocol),
                fromPort: Number(r.props.fromPort ?? 0),
                toPort: Number(r.props.toPort ?? 65535),
                cidrs: this.cidrs(r, "cidrBlocks", list(r.props.cidrBlocks)),
                prefixLists: this.prefixListRefs(r, "prefixListIds", list(r.props.prefixListIds)),
                groups: [
                    ...inventory.refs(r, "sourceSecurityGroupId", [SECURITY_GROUP]),
                    ...(r.props.self === true ? [group] : []),
                ],
            });
        }
    }

    private inline(
        group: Item,
        direction: "ingress" | "egress",
        r: Readonly<Record<string, unknown>>,
    ): GroupRule {
        return {
            group,
            direction,
            protocol: protocolOf(r.protocol),
            fromPort: Number(r.fromPort ?? 0),
            toPort: Number(r.toPort ?? 65535),
            cidrs: this.cidrs(group, direction, list(r.cidrBlocks)),
            prefixLists: this.prefixListRefs(group, direction, list(r.prefixListIds)),
            groups: [
                ...this.inlineGroups(group, direction, list(r.securityGroups)),
                ...(r.self === true ? [group] : []),
            ],
            ...(str(r.description) ? { description: str(r.description) } : {}),
        };
    }

    /** Groups an inline rule names: by ID, or (IDs unknown in a preview) the groups its field depends on. */
    private inlineGroups(group: Item, field: string, values: readonly unknown[]): Item[] {
        const byId = this.inventory.refs(group, "__none__", [SECURITY_GROUP], values);
        if (values.every((v) => str(v) !== undefined)) return byId;
        const deps = (group.propertyDependencies[field] ?? [])
            .map((urn) => this.inventory.get(urn))
            .filter((i): i is Item => i?.type === SECURITY_GROUP);
        return [...new Set([...byId, ...deps])];
    }

    /**
     * The CIDRs of a rule: the literal ones, and, for values unknown in a preview, the CIDRs of the VPCs
     * and subnets the field was computed from.
     */
    private cidrs(from: Item, field: string, values: readonly unknown[]): string[] {
        const literal = values.map((v) => str(v)).filter((v): v is string => v !== undefined);
        if (literal.length === values.length && literal.length > 0) return literal;
        const derived = (from.propertyDependencies[field] ?? [])
            .map((urn) => this.inventory.get(urn))
            .flatMap((i) =>
                i?.type === TYPES.vpc
                    ? this.net.cidrsOf(i)
                    : i?.type === TYPES.subnet
                      ? [str(i.props.cidrBlock)].filter((c): c is string => c !== undefined)
                      : [],
            );
        return [...literal, ...derived];
    }

    private prefixListRefs(from: Item, field: string, values: readonly unknown[]): Item[] {
        const found = new Set<Item>();
        for (const v of values) {
            const e = this.prefixLists.get(str(v) ?? "");
            if (e) found.add(e);
        }
        for (const urn of from.propertyDependencies[field] ?? []) {
            const i = this.inventory.get(urn);
            if (i?.type === TYPES.vpcEndpoint) found.add(i);
        }
        return [...found];
    }

    /** Every rule of `group`. */
    rulesOf(group: Item): readonly GroupRule[] {
        return this.rules.get(group) ?? [];
    }

    /**
     * Whether the groups of an interface let a flow out (`egress`, peer: the receiver) or in
     * (`ingress`, peer: the sender); the text names the rule that allows it, or says none does.
     */
    decide(
        direction: "ingress" | "egress",
        groups: readonly Item[],
        peer: Peer,
        transport: Transport,
        port: number,
        peerLabel: string,
    ): GroupDecision {
        const names = groups.map(groupName).join(", ") || "no security group";
        // Rules are a union (any match allows): the verdict names the most specific one that matches,
        // a group or prefix-list reference before the narrowest CIDR, so a broad rule (0.0.0.0/0 for a
        // declared host) does not stand for the endpoint rule that a flow to an endpoint relies on.
        let best: { text: string; score: number } | undefined;
        for (const group of groups) {
            for (const rule of this.rulesOf(group)) {
                if (rule.direction !== direction) continue;
                if (rule.protocol !== "all" && rule.protocol !== transport) continue;
                if (rule.protocol !== "all" && (port < rule.fromPort || port > rule.toPort)) continue;
                const match = this.peerMatch(rule, peer);
                if (match && (!best || match.score > best.score)) {
                    const what =
                        rule.protocol === "all"
                            ? "all traffic"
                            : `${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
                    best = {
                        score: match.score,
                        text: `${groupName(group)} ${direction} ${what} ${direction === "egress" ? "to" : "from"} ${match.why}`,
                    };
                }
            }
        }
        if (best) return { allowed: true, text: best.text };
        return {
            allowed: false,
            text: `no ${direction} rule of ${names} allows ${transport} ${port} ${direction === "egress" ? "to" : "from"} ${peerLabel} (${peer.address})`,
        };
    }

    /** How `rule` matches `peer`, and how specifically: a group or prefix list (33, 34), else the CIDR's length. */
    private peerMatch(rule: GroupRule, peer: Peer): { why: string; score: number } | undefined {
        const group = rule.groups.find((g) => peer.groups.includes(g));
        if (group) return { why: groupName(group), score: 34 };
        const pl = peer.prefixList && rule.prefixLists.find((p) => p === peer.prefixList);
        if (pl)
            return {
                why: `the prefix list of ${pl.name}${str(pl.props.prefixListId) ? ` (${str(pl.props.prefixListId)})` : ""}`,
                score: 33,
            };
        const cidr = rule.cidrs
            .filter((c) => contains(c, peer.address))
            .sort((a, b) => prefixLength(b) - prefixLength(a))[0];
        return cidr ? { why: cidr, score: prefixLength(cidr) } : undefined;
    }

    /** Security groups an item names in `field` (top level), or in `field.<path>` (nested). */
    groupsOf(item: Item, field: string, path?: string): Item[] {
        const values = path ? list(obj(item.props[field])[path]) : list(item.props[field]);
        return this.inventory.refs(item, field, [SECURITY_GROUP], values);
    }
}
