import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import { FailoverRecord, type FailoverRecordArgs } from "./failover-record";
import type { ZoneVpc } from "./private-zone";

/** A region's hub, as a spoke zone is associated with it. */
export interface HubZoneTarget extends ZoneVpc {
    /** The region's vetting VPC (network stack export `zoneVettingVpcId`). */
    readonly vettingVpcId: pulumi.Input<string>;
    /** The region's onboarding registrar (network stack export `registrarFunctionArn`). */
    readonly registrarFunctionArn: pulumi.Input<string>;
    /** The region's `hub` provider. @default the `hubProvider` of the zone */
    readonly provider?: pulumi.ProviderResource;
}

/** Arguments of {@link SpokeZone}. */
export interface SpokeZoneArgs {
    /** The zone, `<spoke>.aws.<corp>`. **CAUTION** changing it replaces the zone and its records. */
    readonly zoneName: string;
    /** The spoke's own VPCs, by a short key used in child names (e.g. `primary`, `dr`); at least one. */
    readonly vpcs: Readonly<Record<string, ZoneVpc>>;
    /**
     * The hub of every region, by a short key (e.g. `primary`, `dr`): its shared-services VPC, the
     * vetting VPC and the onboarding registrar of that region, and the region's `hub` provider. The
     * spoke account authorizes both VPCs; the registrar, invoked through the provider, reads the zone's
     * name and owner through the vetting VPC and associates it with the shared-services VPC (IAM cannot
     * tell one zone from another, so the hub's role has no Route 53 write of its own).
     */
    readonly hubVpcs: Readonly<Record<string, HubZoneTarget>>;
    /** Provider for the network account, for a hub entry without its own `provider`. */
    readonly hubProvider: pulumi.ProviderResource;
    /** Failover records by a short key. @default {} */
    readonly failoverRecords?: Readonly<Record<string, Omit<FailoverRecordArgs, "zoneId" | "tags">>>;
    /** Tags for the zone and health checks, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A spoke's private hosted zone `<spoke>.aws.<corp>`, owned by the spoke account (the provider in
 * `opts`): associated with the spoke's VPCs and, across accounts, with the hub's shared-services VPC in
 * every region (`VpcAssociationAuthorization`s here, then the region's onboarding registrar, invoked
 * through the hub provider, checks the zone's name and owner and makes the association), so every VPC
 * that forwards `aws.<corp>` to the hub resolves it. Protected.
 */
export class SpokeZone extends pulumi.ComponentResource {
    readonly zone: aws.route53.Zone;
    readonly zoneId: pulumi.Output<string>;
    readonly zoneName: string;

    constructor(name: string, args: SpokeZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:dns:SpokeZone", name, {}, opts);
        const [first, ...more] = Object.entries(args.vpcs);
        if (!first) throw new Error(`SpokeZone ${name}: vpcs must name at least one VPC of the spoke`);
        this.zoneName = args.zoneName;
        this.zone = new aws.route53.Zone(
            `${name}-zone`,
            {
                name: args.zoneName,
                comment: `Private zone of ${args.zoneName}, associated with the hub's shared-services VPCs`,
                vpcs: [{ vpcId: first[1].vpcId, vpcRegion: first[1].vpcRegion }],
                forceDestroy: false,
                tags: withName(args.tags, args.zoneName),
            },
            // Associations made with ZoneAssociation (here and by the hub) show up in `vpcs`.
            { parent: this, protect: true, ignoreChanges: ["vpcs"] },
        );
        this.zoneId = this.zone.zoneId;
        for (const [key, vpc] of more) {
            new aws.route53.ZoneAssociation(
                `${name}-${key}`,
                { zoneId: this.zoneId, vpcId: vpc.vpcId, vpcRegion: vpc.vpcRegion },
                { parent: this },
            );
        }
        for (const [key, hub] of Object.entries(args.hubVpcs)) {
            const authorization = new aws.route53.VpcAssociationAuthorization(
                `${name}-hub-${key}`,
                { zoneId: this.zoneId, vpcId: hub.vpcId, vpcRegion: hub.vpcRegion },
                { parent: this },
            );
            const vetting = new aws.route53.VpcAssociationAuthorization(
                `${name}-vetting-${key}`,
                { zoneId: this.zoneId, vpcId: hub.vettingVpcId, vpcRegion: hub.vpcRegion },
                { parent: this },
            );
            new aws.lambda.Invocation(
                `${name}-hub-${key}`,
                {
                    functionName: hub.registrarFunctionArn,
                    input: this.zoneId.apply((zone) => JSON.stringify({ zone })),
                },
                {
                    parent: this,
                    provider: hub.provider ?? args.hubProvider,
                    dependsOn: [authorization, vetting],
                },
            );
        }
        for (const [key, record] of Object.entries(args.failoverRecords ?? {})) {
            new FailoverRecord(
                `${name}-${key}`,
                { ...record, zoneId: this.zoneId, tags: args.tags },
                { parent: this },
            );
        }
        this.registerOutputs({ zoneId: this.zoneId, zoneName: this.zoneName });
    }
}
