/**
 * What a spoke stack exports for the application team's own Pulumi program (docs/spokes.md), per
 * region: the subnets of every tier, the endpoints and the security group that admits the VPC to the
 * interface endpoints, the prefix lists of the gateway endpoints (for security-group egress rules), and
 * the key that encrypts the spoke's log groups. Names are stable API: the team's program reads them
 * through a StackReference.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SpokeNetwork } from "../components/network";
import type { LogKey } from "../components/shared";

/** The spoke's building blocks in one region, as exported (prefixed `dr` for the DR region). */
export interface SpokeBuildingBlocks {
    /** Subnet IDs by tier (`workload`, `tgw`, and `vpclink` / `gwlbe` when present), in AZ order. */
    readonly subnetIds: Record<string, pulumi.Output<string>[]>;
    /** Interface endpoint IDs by service (`ssm`, `ecr.api`, ...); empty without interface endpoints. */
    readonly interfaceEndpointIds: Record<string, pulumi.Output<string>>;
    /**
     * The security group of the interface endpoints (HTTPS from the VPC), when the spoke has any: a
     * workload's security group allows egress to it on 443.
     */
    readonly endpointSecurityGroupId?: pulumi.Output<string>;
    /** The prefix lists of the S3 and DynamoDB gateway endpoints, for security-group egress rules. */
    readonly gatewayPrefixListIds: Record<string, pulumi.Output<string>>;
    /** The KMS key ARN that encrypts the spoke's log groups; its policy admits CloudWatch Logs. */
    readonly logKeyArn: pulumi.Output<string>;
}

/** The building blocks of one region's spoke VPC (new or adopted) and log key. */
export function buildingBlocks(vpc: SpokeNetwork, logKey: LogKey): SpokeBuildingBlocks {
    return {
        subnetIds: Object.fromEntries(vpc.tiers.map((t) => [t, vpc.tier(t).map((s) => s.subnet.id)])),
        interfaceEndpointIds: Object.fromEntries(
            Object.entries(vpc.interfaceEndpoints).map(([service, endpoint]) => [service, endpoint.id]),
        ),
        ...(vpc.endpointSecurityGroup ? { endpointSecurityGroupId: vpc.endpointSecurityGroup.id } : {}),
        gatewayPrefixListIds: Object.fromEntries(
            Object.entries(vpc.gatewayEndpoints).map(([service, endpoint]) => [
                service,
                endpoint.prefixListId,
            ]),
        ),
        logKeyArn: logKey.keyArn,
    };
}

/** `blocks` with each export name prefixed for the DR region (`drSubnetIds`, ...). */
export function drBuildingBlocks(blocks: SpokeBuildingBlocks): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(blocks).map(([key, value]) => [`dr${key[0].toUpperCase()}${key.slice(1)}`, value]),
    );
}
