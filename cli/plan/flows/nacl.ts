/**
 * Network ACLs as EC2 evaluates them: stateless, per subnet, rules in ascending rule number, the first
 * match decides (allow or deny), no match denies. A flow needs its request out of the sender's subnet
 * and into the receiver's, and its reply back (to the client's ephemeral port). A subnet associated
 * with no declared ACL has its VPC's default ACL, which allows all traffic unless a
 * `DefaultNetworkAcl` resource gives it rules.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html
 */
import { list, obj, str, TYPES, type Inventory, type Item } from "../inventory";
import type { NetworkModel } from "../network-model";
import { contains } from "../route-match";
import type { Transport } from "./types";

const ACL = "aws:ec2/networkAcl:NetworkAcl";
const DEFAULT_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const ACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation";

interface AclRule {
    readonly number: number;
    readonly egress: boolean;
    readonly allow: boolean;
    readonly protocol: string;
    readonly cidr: string;
    readonly fromPort: number;
    readonly toPort: number;
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

function inline(acl: Item): AclRule[] {
    return (["ingress", "egress"] as const).flatMap((field) =>
        list(acl.props[field])
            .map(obj)
            .map((r) => ({
                number: Number(r.ruleNo ?? 0),
                egress: field === "egress",
                allow: String(r.action ?? "").toLowerCase() === "allow",
                protocol: protocolOf(r.protocol),
                cidr: str(r.cidrBlock) ?? "0.0.0.0/0",
                fromPort: Number(r.fromPort ?? 0),
                toPort: Number(r.toPort ?? 65535),
            })),
    );
}

/** The ACL of each subnet and its rules. */
export class NetworkAcls {
    private readonly bySubnet = new Map<Item, { acl: Item; rules: AclRule[] }>();
    private readonly defaults = new Map<Item, { acl: Item; rules: AclRule[] }>();

    constructor(
        inventory: Inventory,
        private readonly net: NetworkModel,
    ) {
        const rulesOf = new Map<Item, AclRule[]>();
        for (const acl of [...inventory.ofType(ACL), ...inventory.ofType(DEFAULT_ACL)])
            rulesOf.set(acl, inline(acl));
        for (const r of inventory.ofType(ACL_RULE)) {
            const acl = inventory.ref(r, "networkAclId", [ACL]);
            if (!acl) continue;
            rulesOf.get(acl)?.push({
                number: Number(r.props.ruleNumber ?? 0),
                egress: r.props.egress === true,
                allow: String(r.props.ruleAction ?? "").toLowerCase() === "allow",
                protocol: protocolOf(r.props.protocol),
                cidr: str(r.props.cidrBlock) ?? "0.0.0.0/0",
                fromPort: Number(r.props.fromPort ?? 0),
                toPort: Number(r.props.toPort ?? 65535),
            });
        }
        for (const [acl, rules] of rulesOf) {
            rules.sort((a, b) => a.number - b.number);
            if (acl.type === DEFAULT_ACL) {
                const vpc = inventory.ref(acl, "defaultNetworkAclId", [TYPES.vpc]) ?? net.vpcOf(acl);
                if (vpc) this.defaults.set(vpc, { acl, rules });
                continue;
            }
            for (const s of inventory.refs(acl, "subnetIds", [TYPES.subnet]))
                this.bySubnet.set(s, { acl, rules });
        }
        for (const a of inventory.ofType(ACL_ASSOCIATION)) {
            const acl = inventory.ref(a, "networkAclId", [ACL]);
            const subnet = inventory.ref(a, "subnetId", [TYPES.subnet]);
            if (acl && subnet) this.bySubnet.set(subnet, { acl, rules: rulesOf.get(acl) ?? [] });
        }
    }

    /**
     * Whether `subnet`'s ACL lets a packet out (`egress`) or in to/from `peer` on `port`; undefined
     * text when the default ACL allows everything.
     */
    decide(
        subnet: Item,
        egress: boolean,
        peer: string,
        transport: Transport,
        port: number,
    ): { allowed: boolean; text: string } {
        const vpc = this.net.vpcOf(subnet);
        const entry = this.bySubnet.get(subnet) ?? (vpc ? this.defaults.get(vpc) : undefined);
        if (!entry) return { allowed: true, text: `${subnet.name}: default network ACL allows all traffic` };
        for (const r of entry.rules) {
            if (r.egress !== egress) continue;
            if (r.protocol !== "all" && r.protocol !== transport) continue;
            if (r.protocol !== "all" && (port < r.fromPort || port > r.toPort)) continue;
            if (!contains(r.cidr, peer)) continue;
            return {
                allowed: r.allow,
                text: `${entry.acl.name} ${egress ? "outbound" : "inbound"} rule ${r.number} ${r.allow ? "allows" : "denies"} ${transport} ${port} ${egress ? "to" : "from"} ${r.cidr}`,
            };
        }
        return {
            allowed: false,
            text: `${entry.acl.name}: no ${egress ? "outbound" : "inbound"} rule allows ${transport} ${port} ${egress ? "to" : "from"} ${peer} (the final * rule denies)`,
        };
    }
}
