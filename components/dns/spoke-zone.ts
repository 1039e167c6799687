import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import { FailoverRecord, type FailoverRecordArgs } from "./failover-record";
import type { ZoneVpc } from "./private-zone";

/** Arguments of {@link SpokeZone}. */
export interface SpokeZoneArgs {
    /** The zone, `<spoke>.aws.<corp>`. **CAUTION** changing it replaces the zone and its records. */
    readonly zoneName: string;
    /** The spoke's own VPCs, by a short key used in child names (e.g. `primary`, `dr`); at least one. */
    readonly vpcs: Readonly<Record<string, ZoneVpc>>;
    /**
     * The hub's shared-services VPC in every region, by a short key (e.g. `primary`, `dr`): each gets
     * an authorization in the spoke account and an association made through its `provider` (default
     * `hubProvider`): each region's onboarding role may associate only its own region's VPC.
     */
    readonly hubVpcs: Readonly<Record<string, ZoneVpc & { readonly provider?: pulumi.ProviderResource }>>;
    /** Provider for the network account (the onboarding role), which makes the hub-side associations. */
    readonly hubProvider: pulumi.ProviderResource;
    /** Failover records by a short key. @default {} */
    readonly failoverRecords?: Readonly<Record<string, Omit<FailoverRecordArgs, "zoneId" | "tags">>>;
    /** Tags for the zone and health checks, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A spoke's private hosted zone `<spoke>.aws.<corp>`, owned by the spoke account (the provider in
 * `opts`): associated with the spoke's VPCs and, across accounts, with the hub's shared-services VPC in
 * every region (`VpcAssociationAuthorization` here, `ZoneAssociation` through the hub provider once
 * the authorization exists), so every VPC that forwards `aws.<corp>` to the hub resolves it. Protected.
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
        for (const [key, vpc] of Object.entries(args.hubVpcs)) {
            const authorization = new aws.route53.VpcAssociationAuthorization(
                `${name}-hub-${key}`,
                { zoneId: this.zoneId, vpcId: vpc.vpcId, vpcRegion: vpc.vpcRegion },
                { parent: this },
            );
            new aws.route53.ZoneAssociation(
                `${name}-hub-${key}`,
                { zoneId: this.zoneId, vpcId: vpc.vpcId, vpcRegion: vpc.vpcRegion },
                { parent: this, provider: vpc.provider ?? args.hubProvider, dependsOn: [authorization] },
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
