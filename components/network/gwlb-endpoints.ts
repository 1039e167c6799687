import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import { gwlbIngressRoutes } from "./gwlb-plan";
import type { PlacedSubnet } from "./vpc-core";

/** Arguments of {@link GwlbEndpoints}. */
export interface GwlbEndpointsArgs {
    /**
     * Name of the appliance fleet's endpoint service (`com.amazonaws.vpce.<region>.vpce-svc-...`), e.g.
     * the security stack's `gwlbServiceName` export. **CAUTION** a new name replaces every endpoint.
     */
    readonly serviceName: pulumi.Input<string>;
    /** The consumer VPC. */
    readonly vpcId: pulumi.Input<string>;
    /**
     * The VPC's placed subnets by tier, one subnet per AZ in each tier and the same AZs in all three:
     * `gwlbe` (/28, hosts the endpoints), `vpclink` (the API Gateway VPC link) and `workload` (the
     * services). **CAUTION** removing an AZ replaces its endpoint.
     */
    readonly subnets: {
        readonly gwlbe: readonly PlacedSubnet[];
        readonly vpclink: readonly PlacedSubnet[];
        readonly workload: readonly PlacedSubnet[];
    };
    /** Tags for the endpoints, next to their `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The consumer side of the GWLB appliance fleet in a spoke: one Gateway Load Balancer endpoint per AZ
 * in that AZ's `gwlbe` subnet, and VPC ingress routes so that traffic between the `vpclink` and
 * `workload` subnets is inspected in both directions through one endpoint, chosen by the vpclink side
 * (`gwlbIngressRoutes`): each AZ's vpclink route table sends every workload subnet's CIDR to the
 * endpoint of its own AZ, and each workload route table sends each vpclink subnet's CIDR to the
 * endpoint of that subnet's AZ (routes more specific than the local route). The `gwlbe` route tables
 * are left as the VPC's owner made them (local, plus its default route).
 *
 * Routes wait for their endpoint explicitly: an endpoint takes minutes to become available, and a
 * route to an endpoint that is not yet available is rejected.
 */
export class GwlbEndpoints extends pulumi.ComponentResource {
    /** The endpoint of each AZ. */
    readonly endpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    /** The endpoint ID of each AZ. */
    readonly endpointIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** Every ingress route, vpclink tables first. */
    readonly routes: readonly aws.ec2.Route[];

    constructor(name: string, args: GwlbEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Tiers in different AZs fail before anything, the component itself included, is registered.
        const { gwlbe, vpclink, workload } = args.subnets;
        const planned = gwlbIngressRoutes(gwlbe, vpclink, workload);
        super("hub-network:network:GwlbEndpoints", name, {}, opts);

        const endpoints: Record<string, aws.ec2.VpcEndpoint> = {};
        for (const placed of gwlbe) {
            const az = placed.availabilityZone;
            endpoints[az] = new aws.ec2.VpcEndpoint(
                `${name}-${az}`,
                {
                    vpcId: args.vpcId,
                    serviceName: args.serviceName,
                    vpcEndpointType: "GatewayLoadBalancer",
                    subnetIds: [placed.subnet.id],
                    tags: withName(args.tags, `${name}-${az}`),
                },
                { parent: this },
            );
        }
        this.endpoints = endpoints;
        this.endpointIds = Object.fromEntries(Object.entries(endpoints).map(([az, e]) => [az, e.id]));

        this.routes = planned.map(({ table, destination, endpointAz }) => {
            const endpoint = endpoints[endpointAz];
            return new aws.ec2.Route(
                `${name}-${table.tier}-${table.availabilityZone}-to-${destination.tier}-${destination.availabilityZone}`,
                {
                    routeTableId: table.routeTable.id,
                    destinationCidrBlock: destination.cidr,
                    vpcEndpointId: endpoint.id,
                },
                { parent: this, dependsOn: [endpoint] },
            );
        });
        this.registerOutputs({ endpointIds: this.endpointIds });
    }
}
