import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { PlacedSubnet } from "../network/vpc-core";
import { withName } from "../shared/aws-context";
import type { FlowProtocol, RequiredFlow } from "../shared/required-flows";

/** A subnet a workload runs in, with its AZ (known when the program runs, to check AZ spread). */
export interface WorkloadSubnet {
    /** The subnet. */
    readonly subnetId: pulumi.Input<string>;
    /** The subnet's AZ, e.g. `eu-west-1a`. */
    readonly availabilityZone: string;
    /** The subnet's CIDR, where a rule must name it (the ECS API's VPC link egress). @default undefined */
    readonly cidr?: pulumi.Input<string>;
}

/** Where a workload runs: the spoke VPC and its subnets for one tier. */
export interface WorkloadNetwork {
    /** The spoke VPC. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR: the interface endpoints' addresses, the only non-DynamoDB egress allowed. */
    readonly vpcCidr: pulumi.Input<string>;
    /** The subnets to run in (the spoke's `workload` tier), one per AZ, in at least two AZs. */
    readonly subnets: readonly WorkloadSubnet[];
    /**
     * The security group of the VPC's interface endpoints (`SpokeVpc.endpointSecurityGroup`): the
     * workload's HTTPS egress to AWS APIs goes to it, and nowhere else in the VPC.
     * @default undefined - HTTPS to the whole VPC CIDR
     */
    readonly endpointSecurityGroupId?: pulumi.Input<string>;
    /**
     * Egress the workload's flows need beyond the endpoints and the gateway prefix lists (the flows a
     * spoke declares, a JWKS host): one rule each on the workload's security group ({@link flowEgress}).
     * @default [] - none
     */
    readonly egress?: readonly FlowEgress[];
}

/** An egress rule a sender's security group needs for a flow that leaves the VPC's endpoints. */
export interface FlowEgress {
    /** Stable key of the rule, from destination, protocol and port (`api-bank-example-com-tcp-443`). */
    readonly key: string;
    /** The range the rule names: the flow's CIDR, or `0.0.0.0/0` for a host name. */
    readonly cidr: string;
    /** The flow's transport protocol. */
    readonly protocol: FlowProtocol;
    /** The flow's destination port. */
    readonly port: number;
    /** What the rule is for: the rule's description. */
    readonly description: string;
}

/**
 * The egress rules the senders' security group needs for the `domain` and `cidr` flows of `flows`
 * (once each): a range by itself; a host name as `0.0.0.0/0` on the flow's port, because a security
 * group rule names a CIDR, a prefix list or a group, never a DNS name
 * (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html): the hub firewall's
 * domain allow-list then decides by the TLS SNI or HTTP Host
 * (https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html).
 */
export function flowEgress(flows: readonly RequiredFlow[]): FlowEgress[] {
    const out = new Map<string, FlowEgress>();
    for (const f of flows) {
        const d = f.destination;
        if (d.kind !== "domain" && d.kind !== "cidr") continue;
        const target = d.kind === "domain" ? d.name : d.cidr;
        const key = `${target.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}-${f.protocol}-${f.port}`;
        if (out.has(key)) continue;
        out.set(key, {
            key,
            cidr: d.kind === "domain" ? "0.0.0.0/0" : d.cidr,
            protocol: f.protocol,
            port: f.port,
            description:
                d.kind === "domain"
                    ? `${f.protocol.toUpperCase()} ${f.port} to ${d.name} (the hub firewall allow-list decides by name)`
                    : `${f.protocol.toUpperCase()} ${f.port} to ${d.cidr}`,
        });
    }
    return [...out.values()];
}

/** Declares the `egress` rules on security group `securityGroupId`, named `<prefix>-egress-<key>`. */
export function declareFlowEgress(
    prefix: string,
    securityGroupId: pulumi.Input<string>,
    egress: readonly FlowEgress[],
    tags: Readonly<Record<string, string>> | undefined,
    parent: pulumi.Resource,
): aws.vpc.SecurityGroupEgressRule[] {
    return egress.map(
        (e) =>
            new aws.vpc.SecurityGroupEgressRule(
                `${prefix}-egress-${e.key}`,
                {
                    securityGroupId,
                    ipProtocol: e.protocol,
                    fromPort: e.port,
                    toPort: e.port,
                    cidrIpv4: e.cidr,
                    description: e.description,
                    tags: withName(tags, `${prefix}-egress-${e.key}`),
                },
                { parent },
            ),
    );
}

/** Subnets of a planned tier (`SpokeVpc.tier("workload")`, `createVpcCore(...).tier(...)`) as workload subnets. */
export function workloadSubnetsOf(placed: readonly PlacedSubnet[]): WorkloadSubnet[] {
    return placed.map((p) => ({ subnetId: p.subnet.id, availabilityZone: p.availabilityZone, cidr: p.cidr }));
}

/**
 * Checks that `subnets` span at least `minimumAzs` distinct AZs.
 * @throws Error naming the owner, the arg and the AZs found
 */
export function requireAzSpread(
    owner: string,
    field: string,
    subnets: readonly WorkloadSubnet[],
    minimumAzs = 2,
): void {
    const azs = [...new Set(subnets.map((s) => s.availabilityZone))];
    if (azs.length < minimumAzs) {
        throw new Error(
            `${owner}: ${field} spans ${azs.length} AZ${azs.length === 1 ? "" : "s"} (${azs.join(", ") || "none"}); ` +
                `expected subnets in at least ${minimumAzs} AZs`,
        );
    }
}
