/** Network helpers shared by the security-group, subnet and routing policies. */
import { isUnknown, list, record, str, type Props } from "./props";

/** Destinations that mean "the whole internet". */
export const WORLD_CIDRS = ["0.0.0.0/0", "::/0"];

/** One ingress rule, whichever resource type declared it. */
export interface IngressRule {
    /** Where the rule sits, for messages: `ingress[0]` or `rule`. */
    readonly where: string;
    /** `tcp`, `udp`, `icmp`, `-1` (all) or a protocol number as text. */
    readonly protocol: string;
    readonly fromPort: number;
    readonly toPort: number;
    /** Source CIDRs (IPv4 and IPv6); other sources (security groups, prefix lists) are not listed. */
    readonly cidrs: readonly string[];
    readonly description?: string;
}

/** Security-group types whose props carry `ingress` / `egress` lists. */
export const SECURITY_GROUP_TYPES = [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
];
/** Stand-alone rule types. */
export const SECURITY_GROUP_RULE_TYPES = [
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
];

const portOf = (value: unknown, fallback: number): number =>
    typeof value === "number" && !isUnknown(value) ? value : fallback;

const normalize = (
    where: string,
    protocol: unknown,
    from: unknown,
    to: unknown,
    cidrs: unknown[],
    description: unknown,
): IngressRule => {
    const proto = String(protocol ?? "-1").toLowerCase();
    const all = proto === "-1" || proto === "all";
    return {
        where,
        protocol: all ? "-1" : proto,
        fromPort: all ? 0 : portOf(from, 0),
        toPort: all ? 65535 : portOf(to, 65535),
        cidrs: cidrs.map(str).filter((c): c is string => c !== undefined),
        description: str(description),
    };
};

/** Every rule of a security group or rule resource, ingress and egress, in declaration order. */
export function rulesOf(type: string, props: Props): { ingress: IngressRule[]; egress: IngressRule[] } {
    if (SECURITY_GROUP_TYPES.includes(type)) {
        const read = (key: "ingress" | "egress") =>
            list(props[key]).map((r, i) => {
                const rule = record(r);
                return normalize(
                    `${key}[${i}]`,
                    rule.protocol,
                    rule.fromPort,
                    rule.toPort,
                    [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)],
                    rule.description,
                );
            });
        return { ingress: read("ingress"), egress: read("egress") };
    }
    if (type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        const rule = normalize(
            "rule",
            props.protocol,
            props.fromPort,
            props.toPort,
            [...list(props.cidrBlocks), ...list(props.ipv6CidrBlocks)],
            props.description,
        );
        return props.type === "egress" ? { ingress: [], egress: [rule] } : { ingress: [rule], egress: [] };
    }
    if (SECURITY_GROUP_RULE_TYPES.includes(type)) {
        const rule = normalize(
            "rule",
            props.ipProtocol,
            props.fromPort,
            props.toPort,
            [props.cidrIpv4, props.cidrIpv6],
            props.description,
        );
        return type.includes("Ingress") ? { ingress: [rule], egress: [] } : { ingress: [], egress: [rule] };
    }
    return { ingress: [], egress: [] };
}

/** True when the rule admits traffic from the whole internet. */
export const isWorldOpen = (rule: IngressRule): boolean => rule.cidrs.some((c) => WORLD_CIDRS.includes(c));

/** True when the rule's port range covers `port` (for TCP/UDP or all protocols). */
export const coversPort = (rule: IngressRule, port: number): boolean =>
    ["-1", "tcp", "udp", "6", "17"].includes(rule.protocol) && rule.fromPort <= port && port <= rule.toPort;

/** `tcp 22`, `tcp 0-65535`, `all traffic`: how a rule's ports read in a message. */
export function portsText(rule: IngressRule): string {
    if (rule.protocol === "-1") return "all traffic";
    const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
    return `${rule.protocol} ${ports}`;
}

/** The IPv4 address as a 32-bit number, or undefined when `ip` is not dotted-quad IPv4. */
function ipv4(ip: string): number | undefined {
    const parts = ip.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0;
    for (const part of parts) {
        if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
        value = value * 256 + Number(part);
    }
    return value;
}

/** True when IPv4 `ip` (or CIDR) lies inside IPv4 `cidr`. */
export function ipInCidr(ip: string, cidr: string): boolean {
    const [network, bitsText] = cidr.split("/");
    const [address, ownBitsText] = ip.split("/");
    const bits = Number(bitsText ?? 32);
    const ownBits = Number(ownBitsText ?? 32);
    const a = ipv4(address);
    const n = ipv4(network);
    if (a === undefined || n === undefined || !(bits >= 0 && bits <= 32) || ownBits < bits) return false;
    const size = 2 ** (32 - bits);
    return Math.floor(a / size) === Math.floor(n / size);
}
