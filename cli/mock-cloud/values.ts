/**
 * A mock cloud: realistic, deterministic physical IDs, ARNs and computed attributes per AWS resource
 * type, so that programs under `pulumi.runtime.setMocks` see what a real deployment would give them.
 * In preview mode IDs and computed attributes are left out, so they are unknown, as in a real preview.
 */
import { Address4 } from "ip-address";
import { partitionOf } from "../../components/shared/aws-context";
import { hexId, uuidOf, type State } from "./seeds";
import { ARN, ID_IS_ARN, ID_PREFIX, NAMED } from "./naming";
import { zoneIdOf } from "./zones";
import { workloadComputed, workloadIdOf, type Placement } from "./workload-values";

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

/** The mock cloud for one stack: tracks what it created so later resources can refer to it. */
export class MockCloud {
    private readonly subnetZones = new Map<string, string>();
    private readonly subnetCidrs = new Map<string, string>();
    /** Where each explicit provider (by name) deploys: its region and pinned account, when it sets them. */
    private readonly providers = new Map<string, { region?: string; accountId?: string }>();

    constructor(readonly scope: CloudScope) {}

    /**
     * The account and region a resource or invoke reaches through `provider` (a `<urn>::<id>`
     * reference): an explicit provider's region and pinned account, else the stack's own.
     */
    where(provider?: string): Placement {
        // `urn:pulumi:<stack>::<project>::<type>::<name>::<id>`: the name, since a new provider's ID
        // is unknown in a preview.
        const explicit = provider ? this.providers.get(provider.split("::").slice(-2)[0]) : undefined;
        return {
            region: explicit?.region ?? this.scope.region,
            accountId: explicit?.accountId ?? this.scope.accountId,
        };
    }

    /** Physical ID and state for a new resource of `type` named `name` with `inputs`. */
    newResource(
        type: string,
        name: string,
        inputs: State,
        provider?: string,
        importId?: string,
    ): { id: string | undefined; state: State } {
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
        if (type === "pulumi:providers:aws") this.providers.set(name, providerScope(inputs));
        const { region, accountId } = this.where(provider);
        const state: State = { ...inputs };
        const nameField = NAMED[type];
        if (nameField && state[nameField] === undefined) {
            state[nameField] =
                state.namePrefix !== undefined
                    ? `${String(state.namePrefix)}${hexId(seed, 8)}`
                    : `${name}-${hexId(seed, 7)}`;
        }
        // An imported resource has its ID before it is read, in a preview too.
        if (this.scope.preview && importId === undefined) {
            return { id: undefined, state };
        }
        let id = importId ?? this.idOf(type, name, state, seed, { region, accountId });
        const arnPath = ARN[type]?.(id, state);
        if (arnPath) {
            state.arn = `arn:${partitionOf(region)}:${arnPath}`
                .replace("{region}", region)
                .replace("{account}", accountId);
            if (ID_IS_ARN.has(type)) id = String(state.arn);
        }
        Object.assign(state, this.computed(type, id, state, seed, { region, accountId }));
        return { id, state };
    }

    private idOf(type: string, name: string, s: State, seed: string, where: Placement): string {
        const workloadId = workloadIdOf(type, s, seed, where);
        if (workloadId !== undefined) return workloadId;
        switch (type) {
            case "aws:route53/zone:Zone":
                return hostedZoneIdOf(seed);
            case "aws:autoscaling/group:Group":
            case "aws:iam/instanceProfile:InstanceProfile":
                return String(s.name);
            case "aws:route53/healthCheck:HealthCheck":
                return uuidOf(seed);
            // A detector ID is 32 hexadecimal characters (GuardDuty API reference, CreateDetector).
            case "aws:guardduty/detector:Detector":
                return hexId(seed, 32);
            case "aws:route53/resolverEndpoint:ResolverEndpoint":
                return `rslvr-${s.direction === "INBOUND" ? "in" : "out"}-${hexId(seed)}`;
            case "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter":
                // The accepter adopts the attachment: same ID in both accounts.
                return String(s.transitGatewayAttachmentId);
            case "aws:route53/zoneAssociation:ZoneAssociation":
            case "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization":
                return `${String(s.zoneId)}:${String(s.vpcId)}`;
        }
        const prefix = ID_PREFIX[type];
        if (prefix === "key") return uuidOf(seed);
        return prefix ? `${prefix}-${hexId(seed)}` : `${name}-${hexId(seed, 8)}`;
    }

    private computed(type: string, id: string, s: State, seed: string, where: Placement): State {
        const workload = workloadComputed(type, id, s, seed, where);
        if (workload) return workload;
        const account = where.accountId;
        switch (type) {
            case "aws:ec2/vpc:Vpc":
                return {
                    ...(s.ipv4IpamPoolId !== undefined && s.cidrBlock === undefined
                        ? { cidrBlock: ipamAllocation(seed, Number(s.ipv4NetmaskLength)) }
                        : {}),
                    ownerId: account,
                    defaultSecurityGroupId: `sg-${hexId(`${seed}/sg`)}`,
                    defaultRouteTableId: `rtb-${hexId(`${seed}/rtb`)}`,
                    mainRouteTableId: `rtb-${hexId(`${seed}/rtb`)}`,
                    defaultNetworkAclId: `acl-${hexId(`${seed}/acl`)}`,
                };
            case "aws:ec2/subnet:Subnet":
                this.subnetZones.set(id, String(s.availabilityZone));
                this.subnetCidrs.set(id, String(s.cidrBlock));
                return {
                    ownerId: account,
                    availabilityZoneId: zoneIdOf(where.region, account, String(s.availabilityZone)),
                };
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
            case "aws:ec2/vpnConnection:VpnConnection":
                return this.vpnTunnels(seed);
            case "aws:ec2/vpcIpam:VpcIpam":
                return {
                    privateDefaultScopeId: `ipam-scope-${hexId(`${seed}/private`)}`,
                    publicDefaultScopeId: `ipam-scope-${hexId(`${seed}/public`)}`,
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
            case "aws:ec2/launchTemplate:LaunchTemplate":
                return { latestVersion: 1, defaultVersion: 1 };
            case "aws:ec2/vpcEndpointService:VpcEndpointService":
                return {
                    serviceName: `com.amazonaws.vpce.${this.scope.region}.${id}`,
                    serviceType: (s.gatewayLoadBalancerArns as unknown[] | undefined)?.length
                        ? "GatewayLoadBalancer"
                        : "Interface",
                    state: "Available",
                    privateDnsNameConfigurations: [],
                };
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
                return this.vpcEndpoint(s, seed);
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

    /**
     * A VPC endpoint as AWS reports it: a gateway endpoint has the service's prefix list; interface and
     * Gateway Load Balancer endpoints have one network interface per subnet.
     */
    private vpcEndpoint(s: State, seed: string): State {
        const subnets = (s.subnetIds as string[] | undefined) ?? [];
        return {
            ownerId: this.scope.accountId,
            state: "available",
            ...(s.vpcEndpointType === "Gateway"
                ? { prefixListId: `pl-${hexId(`${this.scope.region}/${String(s.serviceName)}`, 8)}` }
                : {
                      networkInterfaceIds: subnets.map((subnet) => `eni-${hexId(`${seed}/${subnet}`)}`),
                      dnsEntries: this.interfaceEndpointDns(s, seed),
                  }),
        };
    }

    /**
     * An interface endpoint's endpoint-specific regional DNS name first, as EC2 lists it
     * (`<endpoint ID>-<suffix>.<service>.<region>.vpce.amazonaws.com`):
     * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-dns-hostnames
     */
    private interfaceEndpointDns(s: State, seed: string): State[] {
        const id = `vpce-${hexId(seed)}`;
        const service = String(s.serviceName ?? "").replace(`com.amazonaws.${this.scope.region}.`, "");
        return [
            {
                dnsName: `${id}-${hexId(`${seed}/dns`, 8)}.${service}.${this.scope.region}.vpce.amazonaws.com`,
                hostedZoneId: `Z${hexId(`${this.scope.region}/vpce`, 12).toUpperCase()}`,
            },
        ];
    }

    /**
     * A VPN connection's Transit Gateway attachment and two tunnels: AWS-side outside addresses, and
     * inside /30s of 169.254.0.0/16 (AWS side first, customer side second), peering over BGP.
     */
    private vpnTunnels(seed: string): State {
        const state: State = {
            transitGatewayAttachmentId: `tgw-attach-${hexId(`${seed}/attachment`)}`,
            customerGatewayConfiguration: `<vpn_connection id="${hexId(seed)}"></vpn_connection>`,
        };
        const block = parseInt(hexId(`${seed}/inside`, 2), 16) % 63;
        for (const n of [1, 2]) {
            const inside = `169.254.${100 + n}.${block * 4}`;
            state[`tunnel${n}Address`] = `198.51.100.${200 + n * 20 + (block % 15)}`;
            state[`tunnel${n}InsideCidr`] = `${inside}/30`;
            state[`tunnel${n}VgwInsideAddress`] = hostOf(inside, 1);
            state[`tunnel${n}CgwInsideAddress`] = hostOf(inside, 2);
        }
        return state;
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

/** A provider's region and single allowed account (provider inputs arrive as strings, lists as JSON). */
function providerScope(inputs: State): { region?: string; accountId?: string } {
    const region = typeof inputs.region === "string" ? inputs.region : undefined;
    let allowed: unknown = inputs.allowedAccountIds;
    if (typeof allowed === "string") {
        try {
            allowed = JSON.parse(allowed);
        } catch {
            allowed = undefined;
        }
    }
    const accountId = Array.isArray(allowed) && allowed.length === 1 ? String(allowed[0]) : undefined;
    return { region, accountId };
}

/**
 * A deterministic `/netmask` in 10.0.0.0/8 for a VPC that asks an IPAM pool for its CIDR (the pool
 * itself usually lives in another stack, so its range is not known here).
 */
function ipamAllocation(seed: string, netmask: number): string {
    const blocks = 1n << BigInt(netmask - 8);
    const index = BigInt(`0x${hexId(seed, 12)}`) % blocks;
    const base = new Address4("10.0.0.0").bigInt() + (index << BigInt(32 - netmask));
    return `${Address4.fromBigInt(base).correctForm()}/${netmask}`;
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

/** A deterministic address in 198.51.100.0/24 (documentation range). */
function publicIpOf(seed: string): string {
    return `198.51.100.${(parseInt(hexId(seed, 2), 16) % 254) + 1}`;
}
