import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";

/** A VPC in a region, for private hosted zone associations (zones are global, VPCs regional). */
export interface ZoneVpc {
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's region, e.g. `eu-west-1`. */
    readonly vpcRegion: string;
}

/** Arguments of {@link PrivateZone}. */
export interface PrivateZoneArgs {
    /** The zone name, e.g. `aws.example.internal`. **CAUTION** changing it replaces the zone and its records. */
    readonly zoneName: string;
    /**
     * The VPC the zone is created with (a private zone needs one). Further VPCs, in this account or
     * across accounts, are associated with `route53.ZoneAssociation` resources, so the zone ignores
     * later changes to its own VPC list.
     */
    readonly vpc: ZoneVpc;
    /** More VPCs of the zone's own account to associate, by a short key used in child names. @default {} */
    readonly additionalVpcs?: Readonly<Record<string, ZoneVpc>>;
    /** Console comment. @default "Managed by hub-network" */
    readonly comment?: string;
    /** Tags for the zone, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Route 53 private hosted zone, e.g. the parent zone `aws.<corp>` in the network account, associated
 * with the shared-services VPC. Protected: deleting it would make every name below it unresolvable.
 */
export class PrivateZone extends pulumi.ComponentResource {
    readonly zone: aws.route53.Zone;
    readonly zoneId: pulumi.Output<string>;
    readonly zoneName: string;

    constructor(name: string, args: PrivateZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:dns:PrivateZone", name, {}, opts);
        this.zoneName = args.zoneName;
        this.zone = new aws.route53.Zone(
            `${name}-zone`,
            {
                name: args.zoneName,
                comment: args.comment ?? "Managed by hub-network",
                vpcs: [{ vpcId: args.vpc.vpcId, vpcRegion: args.vpc.vpcRegion }],
                forceDestroy: false,
                tags: withName(args.tags, args.zoneName),
            },
            // Associations made with ZoneAssociation (other regions, other accounts) show up in `vpcs`.
            { parent: this, protect: true, ignoreChanges: ["vpcs"] },
        );
        for (const [key, vpc] of Object.entries(args.additionalVpcs ?? {})) {
            new aws.route53.ZoneAssociation(
                `${name}-${key}`,
                { zoneId: this.zone.zoneId, vpcId: vpc.vpcId, vpcRegion: vpc.vpcRegion },
                { parent: this },
            );
        }
        this.zoneId = this.zone.zoneId;
        this.registerOutputs({ zoneId: this.zoneId, zoneName: this.zoneName });
    }
}
