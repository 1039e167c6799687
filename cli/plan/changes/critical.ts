/**
 * The resources whose replacement or deletion must never happen by accident: what the program marks
 * `protect` (the engine refuses to delete or replace those too), and the hub's stateful parts, whose
 * identity others depend on (attachments, on-premises forwarders, partners' allow-lists, encrypted data).
 */

/** What the critical check reads of a resource. */
export interface CriticalCandidate {
    readonly type: string;
    readonly protect: boolean;
    readonly inputs: Readonly<Record<string, unknown>>;
}

/** Critical by type: why, in words. */
const CRITICAL_TYPES: Readonly<Record<string, string>> = {
    "aws:ec2transitgateway/transitGateway:TransitGateway": "the Transit Gateway every attachment uses",
    "aws:ec2transitgateway/routeTable:RouteTable": "a Transit Gateway route table",
    "aws:networkfirewall/firewall:Firewall":
        "the Network Firewall (its endpoints carry every inspected flow)",
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": "the Network Firewall policy",
    "aws:networkfirewall/ruleGroup:RuleGroup": "a Network Firewall rule group",
    "aws:route53/resolverEndpoint:ResolverEndpoint":
        "a Route 53 Resolver endpoint (on-premises forwarders point at its addresses)",
    "aws:route53/resolverRule:ResolverRule": "a Resolver forwarding rule shared with every spoke",
    "aws:route53/zone:Zone": "a Route 53 hosted zone (its records go with it)",
    "aws:dynamodb/table:Table": "a DynamoDB table (its items go with it)",
    "aws:kms/key:Key": "a KMS key (what it encrypted cannot be read without it)",
    "aws:ec2/eip:Eip": "an Elastic IP (partners allow-list its address)",
};

/** The VPC roles of the hub, whose VPCs and route tables are critical (`hub-network:vpc-role`). */
const HUB_VPC_ROLES = new Set(["inspection", "shared-services", "security"]);

function vpcRole(inputs: Readonly<Record<string, unknown>>): string | undefined {
    const tags = inputs.tags;
    if (typeof tags !== "object" || tags === null) return undefined;
    const role = (tags as Record<string, unknown>)["hub-network:vpc-role"];
    return typeof role === "string" ? role : undefined;
}

/** Why replacing or deleting this resource needs an explicit `--allow-replace`, or undefined. */
export function criticalReason(r: CriticalCandidate): string | undefined {
    const reasons: string[] = [];
    if (r.protect) reasons.push("protected (protect: true)");
    const byType = CRITICAL_TYPES[r.type];
    if (byType) reasons.push(byType);
    const role = vpcRole(r.inputs);
    if (role && HUB_VPC_ROLES.has(role)) {
        if (r.type === "aws:ec2/vpc:Vpc") reasons.push(`the hub's ${role} VPC`);
        if (r.type === "aws:ec2/routeTable:RouteTable")
            reasons.push(`a route table of the hub's ${role} VPC`);
    }
    return reasons.length ? reasons.join("; ") : undefined;
}

/** The resource name of a URN (its last `::` part). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The stack of a URN (`urn:pulumi:<stack>::...`). */
export function urnStack(urn: string): string {
    return urn.slice("urn:pulumi:".length, urn.indexOf("::"));
}

/** Whether `allow` (a URN, a resource name, or `<stack>:<name>`) names the resource `urn`. */
export function allowMatches(allow: string, urn: string): boolean {
    if (allow === urn) return true;
    if (allow.startsWith("urn:")) return false;
    const name = urnName(urn);
    if (allow === name) return true;
    const colon = allow.indexOf(":");
    return colon > 0 && allow.slice(0, colon) === urnStack(urn) && allow.slice(colon + 1) === name;
}
