/**
 * A mock cloud: realistic, deterministic physical IDs, ARNs and computed attributes per AWS resource
 * type, so that programs under `pulumi.runtime.setMocks` see what a real deployment would give them.
 * In preview mode IDs and computed attributes are left out, so they are unknown, as in a real preview.
 */
import { createHash } from "node:crypto";
import { partitionOf } from "../../components/shared/aws-context";

/** What the cloud knows about the stack it serves. */
export interface CloudScope {
    readonly stack: string;
    readonly accountId: string;
    readonly region: string;
    /** Preview (unknown IDs and computed attributes) or update (everything known). */
    readonly preview: boolean;
    /** Outputs of other stacks, served to `pulumi.StackReference` by stack name. */
    readonly stackOutputs?: Readonly<Record<string, Record<string, unknown>>>;
}

type State = Record<string, unknown>;

/** A deterministic lowercase hex string of `length` characters for `seed`. */
export function hexId(seed: string, length = 17): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** `euw1-az1` for `eu-west-1a`: the AZ ID naming AWS uses. */
export function zoneIdOf(availabilityZone: string): string {
    const match = /^([a-z]+)-([a-z]+)(?:-([a-z]+))?-(\d+)([a-z])$/.exec(availabilityZone);
    if (!match) return `${availabilityZone}-az`;
    const [, geo, dir1, dir2, num, letter] = match;
    const short = `${geo.slice(0, 2)}${dir1[0]}${dir2 ? dir2[0] : ""}${num}`;
    return `${short}-az${letter.charCodeAt(0) - 96}`;
}

/** ID prefixes AWS uses, per resource type token. */
const ID_PREFIX: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/networkAcl:NetworkAcl": "acl",
    "aws:ec2transitgateway/transitGateway:TransitGateway": "tgw",
    "aws:ec2transitgateway/routeTable:RouteTable": "tgw-rtb",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach",
    "aws:kms/key:Key": "key",
    "aws:route53/resolverRule:ResolverRule": "rslvr-rr",
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation": "rslvr-rrassoc",
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": "rslvr-qlc",
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": "rslvr-qlcassoc",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": "tgw-rtb-prop",
};

/** The ARN service and resource path for types whose ARN the programs read. */
const ARN: Record<string, (id: string, s: State) => string> = {
    "aws:ec2/vpc:Vpc": (id) => `ec2:{region}:{account}:vpc/${id}`,
    "aws:ec2/subnet:Subnet": (id) => `ec2:{region}:{account}:subnet/${id}`,
    "aws:ec2/routeTable:RouteTable": (id) => `ec2:{region}:{account}:route-table/${id}`,
    "aws:ec2transitgateway/transitGateway:TransitGateway": (id) =>
        `ec2:{region}:{account}:transit-gateway/${id}`,
    "aws:ec2transitgateway/routeTable:RouteTable": (id) =>
        `ec2:{region}:{account}:transit-gateway-route-table/${id}`,
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": (id) =>
        `ec2:{region}:{account}:transit-gateway-attachment/${id}`,
    "aws:kms/key:Key": (id) => `kms:{region}:{account}:key/${id}`,
    "aws:ec2/securityGroup:SecurityGroup": (id) => `ec2:{region}:{account}:security-group/${id}`,
    "aws:route53/resolverEndpoint:ResolverEndpoint": (id) =>
        `route53resolver:{region}:{account}:resolver-endpoint/${id}`,
    "aws:route53/resolverRule:ResolverRule": (id) => `route53resolver:{region}:{account}:resolver-rule/${id}`,
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": (id) =>
        `route53resolver:{region}:{account}:resolver-query-log-config/${id}`,
    "aws:route53/zone:Zone": (id) => `route53:::hostedzone/${id}`,
    "aws:route53/healthCheck:HealthCheck": (id) => `route53:::healthcheck/${id}`,
    "aws:cloudwatch/logGroup:LogGroup": (_id, s) => `logs:{region}:{account}:log-group:${String(s.name)}`,
    "aws:iam/role:Role": (_id, s) => `iam::{account}:role/${String(s.name)}`,
    "aws:iam/policy:Policy": (_id, s) => `iam::{account}:policy/${String(s.name)}`,
    "aws:s3/bucket:Bucket": (_id, s) => `s3:::${String(s.bucket)}`,
    "aws:s3/bucketV2:BucketV2": (_id, s) => `s3:::${String(s.bucket)}`,
    "aws:ram/resourceShare:ResourceShare": (id) => `ram:{region}:{account}:resource-share/${id}`,
    "aws:networkfirewall/firewall:Firewall": (_id, s) =>
        `network-firewall:{region}:{account}:firewall/${String(s.name)}`,
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": (_id, s) =>
        `network-firewall:{region}:{account}:firewall-policy/${String(s.name)}`,
    "aws:networkfirewall/ruleGroup:RuleGroup": (_id, s) =>
        `network-firewall:{region}:{account}:${s.type === "STATELESS" ? "stateless" : "stateful"}-rulegroup/${String(s.name)}`,
};

/** Types whose ID is their ARN. */
const ID_IS_ARN = new Set([
    "aws:networkfirewall/firewall:Firewall",
    "aws:networkfirewall/firewallPolicy:FirewallPolicy",
    "aws:networkfirewall/ruleGroup:RuleGroup",
    "aws:ram/resourceShare:ResourceShare",
    "aws:iam/policy:Policy",
]);

/** Types whose physical name is set from the logical name (with a random suffix) when not given. */
const NAMED: Record<string, string> = {
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:iam/role:Role": "name",
    "aws:iam/policy:Policy": "name",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:networkfirewall/firewall:Firewall": "name",
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": "name",
    "aws:networkfirewall/ruleGroup:RuleGroup": "name",
    "aws:ram/resourceShare:ResourceShare": "name",
};

/** The mock cloud for one stack: tracks what it created so later resources can refer to it. */
export class MockCloud {
    private readonly subnetZones = new Map<string, string>();
    private readonly subnetCidrs = new Map<string, string>();

    constructor(readonly scope: CloudScope) {}

    /** Physical ID and state for a new resource of `type` named `name` with `inputs`. */
    newResource(type: string, name: string, inputs: State): { id: string | undefined; state: State } {
        if (type === "pulumi:pulumi:StackReference") {
            const ref = String(inputs.name);
            // `org/project/stack` or a bare stack name: both find the outputs of that stack.
            const outputs =
                this.scope.stackOutputs?.[ref] ?? this.scope.stackOutputs?.[ref.split("/").pop() ?? ref];
            if (!outputs) {
                throw new Error(`stack reference '${ref}' has no outputs in this run; run that stack first`);
            }
            return { id: ref, state: { name: ref, outputs, secretOutputNames: [] } };
        }
        const seed = `${this.scope.stack}/${type}/${name}`;
        const state: State = { ...inputs };
        const nameField = NAMED[type];
        if (nameField && state[nameField] === undefined) {
            state[nameField] =
                state.namePrefix !== undefined
                    ? `${String(state.namePrefix)}${hexId(seed, 8)}`
                    : `${name}-${hexId(seed, 7)}`;
        }
        if (this.scope.preview) {
            return { id: undefined, state };
        }
        let id = this.idOf(type, name, state, seed);
        const arnPath = ARN[type]?.(id, state);
        if (arnPath) {
            state.arn = `arn:${partitionOf(this.scope.region)}:${arnPath}`
                .replace("{region}", this.scope.region)
                .replace("{account}", this.scope.accountId);
            if (ID_IS_ARN.has(type)) id = String(state.arn);
        }
        Object.assign(state, this.computed(type, id, state, seed));
        return { id, state };
    }

    private idOf(type: string, name: string, s: State, seed: string): string {
        switch (type) {
            case "aws:route53/zone:Zone":
                return hostedZoneIdOf(seed);
            case "aws:route53/healthCheck:HealthCheck":
                return uuidOf(seed);
            case "aws:route53/resolverEndpoint:ResolverEndpoint":
                return `rslvr-${s.direction === "INBOUND" ? "in" : "out"}-${hexId(seed)}`;
            case "aws:route53/zoneAssociation:ZoneAssociation":
            case "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization":
                return `${String(s.zoneId)}:${String(s.vpcId)}`;
        }
        const prefix = ID_PREFIX[type];
        if (prefix === "key") return uuidOf(seed);
        return prefix ? `${prefix}-${hexId(seed)}` : `${name}-${hexId(seed, 8)}`;
    }

    private computed(type: string, id: string, s: State, seed: string): State {
        const account = this.scope.accountId;
        switch (type) {
            case "aws:ec2/vpc:Vpc":
                return {
                    ownerId: account,
                    defaultSecurityGroupId: `sg-${hexId(`${seed}/sg`)}`,
                    defaultRouteTableId: `rtb-${hexId(`${seed}/rtb`)}`,
                    mainRouteTableId: `rtb-${hexId(`${seed}/rtb`)}`,
                    defaultNetworkAclId: `acl-${hexId(`${seed}/acl`)}`,
                };
            case "aws:ec2/subnet:Subnet":
                this.subnetZones.set(id, String(s.availabilityZone));
                this.subnetCidrs.set(id, String(s.cidrBlock));
                return { ownerId: account, availabilityZoneId: zoneIdOf(String(s.availabilityZone)) };
            case "aws:ec2transitgateway/transitGateway:TransitGateway":
                return {
                    ownerId: account,
                    associationDefaultRouteTableId: "",
                    propagationDefaultRouteTableId: "",
                };
            case "aws:ec2/eip:Eip":
                return { publicIp: publicIpOf(seed), allocationId: id };
            case "aws:ec2/natGateway:NatGateway":
                return {
                    publicIp: publicIpOf(`${seed}/nat`),
                    networkInterfaceId: `eni-${hexId(`${seed}/eni`)}`,
                };
            case "aws:kms/key:Key":
                return { keyId: id };
            case "aws:ec2/securityGroup:SecurityGroup":
                return { ownerId: account };
            case "aws:route53/zone:Zone":
                return {
                    zoneId: id,
                    nameServers: ["ns-0.awsdns-00.com.", "ns-512.awsdns-00.net."],
                    primaryNameServer: "ns-0.awsdns-00.com.",
                };
            case "aws:route53/resolverEndpoint:ResolverEndpoint":
                return { ipAddresses: this.endpointAddresses(s, seed) };
            case "aws:route53/resolverRule:ResolverRule":
                return { ownerId: account, shareStatus: "NOT_SHARED" };
            case "aws:networkfirewall/firewall:Firewall":
                return {
                    firewallStatuses: [
                        { syncStates: this.firewallSyncStates(s), transitGatewayAttachmentSyncStates: [] },
                    ],
                    updateToken: hexId(`${seed}/token`, 32),
                };
            default:
                return {};
        }
    }

    /** The endpoint's addresses as given, with an address picked in the subnet where none was given. */
    private endpointAddresses(s: State, seed: string): State[] {
        const given = (s.ipAddresses as { subnetId: string; ip?: string }[] | undefined) ?? [];
        return given.map((a, i) => {
            const cidr = this.subnetCidrs.get(a.subnetId);
            const ip = a.ip ?? (cidr ? hostOf(cidr, 10 + i) : undefined);
            return { ...a, ip, ipId: `rni-${hexId(`${seed}/${i}`)}` };
        });
    }

    /** One endpoint per subnet mapping, in reverse order: callers must look endpoints up by AZ. */
    private firewallSyncStates(s: State): State[] {
        const mappings = (s.subnetMappings as { subnetId: string }[] | undefined) ?? [];
        return mappings
            .map((m) => ({
                availabilityZone: this.subnetZones.get(m.subnetId) ?? "unknown",
                attachments: [
                    {
                        endpointId: `vpce-${hexId(`fw/${m.subnetId}`)}`,
                        subnetId: m.subnetId,
                        status: "READY",
                    },
                ],
            }))
            .reverse();
    }
}

/** `Z` and 13 uppercase letters and digits, as Route 53 hosted zone IDs look. */
function hostedZoneIdOf(seed: string): string {
    const digits = BigInt(`0x${hexId(seed, 24)}`)
        .toString(36)
        .toUpperCase()
        .padStart(13, "0");
    return `Z${digits.slice(0, 13)}`;
}

/** The address `offset` after the network address of `cidr`. */
function hostOf(cidr: string, offset: number): string {
    const [network] = cidr.split("/");
    const value = network.split(".").reduce((n, o) => n * 256 + Number(o), 0) + offset;
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function uuidOf(seed: string): string {
    const h = hexId(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A deterministic address in 198.51.100.0/24 (documentation range). */
function publicIpOf(seed: string): string {
    return `198.51.100.${(parseInt(hexId(seed, 2), 16) % 254) + 1}`;
}
