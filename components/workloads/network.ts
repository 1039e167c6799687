import type * as pulumi from "@pulumi/pulumi";
import type { PlacedSubnet } from "../network/vpc-core";

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
