import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import { shareResources, type ShareTarget } from "../shared/resource-share";
import { regionalSpokeRanges, SPOKE_PREFIX } from "./spoke-plan";

/** Arguments of {@link SpokeIpam}. */
export interface SpokeIpamArgs {
    /**
     * The environment's spoke pool, e.g. `10.72.0.0/13`: provisioned into the top-level pool and split
     * equally between the regions. **CAUTION** changing it replaces the pools (allocated VPCs keep
     * their CIDRs, but the pools cannot be deleted while they hold allocations).
     */
    readonly poolCidr: string;
    /**
     * The regions spokes are built in, by key (e.g. `primary`, `dr`), first the IPAM's home region.
     * Each gets a regional pool (locale = region); at most 2 regions.
     */
    readonly regions: Readonly<Record<string, string>>;
    /** Who the regional pools are shared with by AWS RAM (never outside the organization). */
    readonly shareWith: ShareTarget;
    /** Description shown in the console. @default "hub-network spoke addresses" */
    readonly description?: string;
    /** Tags for every child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Amazon VPC IPAM for the spokes of one environment: an IPAM operating in the environment's regions,
 * a top-level pool holding the spoke pool, and a regional pool per region (an equal part of it) from
 * which spoke VPCs take /16 to /22 CIDRs (default /20) that never overlap. The regional pools are
 * shared by AWS RAM inside the organization. The IPAM and its pools are protected: they hold every
 * spoke's allocation.
 */
export class SpokeIpam extends pulumi.ComponentResource {
    readonly ipam: aws.ec2.VpcIpam;
    /** Regional pool ID by region key. */
    readonly poolIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** Regional pool CIDR by region key. */
    readonly poolCidrs: Readonly<Record<string, string>>;

    constructor(name: string, args: SpokeIpamArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:SpokeIpam", name, {}, opts);
        const regions = Object.entries(args.regions);
        if (regions.length < 1 || regions.length > 2) {
            throw new Error(`SpokeIpam ${name}: ${regions.length} regions given; expected 1 or 2`);
        }
        const ranges = regionalSpokeRanges(args.poolCidr, regions.length === 2);
        const parts = [ranges.primary, ranges.dr];
        this.poolCidrs = Object.fromEntries(regions.map(([key], i) => [key, parts[i] as string]));
        const description = args.description ?? "hub-network spoke addresses";
        const stateful = { parent: this, protect: true };

        this.ipam = new aws.ec2.VpcIpam(
            `${name}-ipam`,
            {
                description,
                operatingRegions: regions.map(([, regionName]) => ({ regionName })),
                tags: withName(args.tags, `${name}-ipam`),
            },
            stateful,
        );
        const top = new aws.ec2.VpcIpamPool(
            `${name}-pool`,
            {
                addressFamily: "ipv4",
                ipamScopeId: this.ipam.privateDefaultScopeId,
                description: `${description} (all regions)`,
                autoImport: false,
                tags: withName(args.tags, `${name}-pool`),
            },
            stateful,
        );
        const topCidr = new aws.ec2.VpcIpamPoolCidr(
            `${name}-pool-cidr`,
            { ipamPoolId: top.id, cidr: args.poolCidr },
            { parent: this },
        );
        const pools = regions.map(([key, regionName]) => {
            const pool = new aws.ec2.VpcIpamPool(
                `${name}-pool-${key}`,
                {
                    addressFamily: "ipv4",
                    ipamScopeId: this.ipam.privateDefaultScopeId,
                    locale: regionName,
                    sourceIpamPoolId: top.id,
                    description: `${description} (${regionName})`,
                    autoImport: false,
                    allocationDefaultNetmaskLength: SPOKE_PREFIX.default,
                    allocationMinNetmaskLength: SPOKE_PREFIX.min,
                    allocationMaxNetmaskLength: SPOKE_PREFIX.max,
                    tags: withName(args.tags, `${name}-pool-${key}`),
                },
                { ...stateful, dependsOn: [topCidr] },
            );
            new aws.ec2.VpcIpamPoolCidr(
                `${name}-pool-${key}-cidr`,
                { ipamPoolId: pool.id, cidr: this.poolCidrs[key] },
                { parent: this },
            );
            return [key, pool] as const;
        });
        this.poolIds = Object.fromEntries(pools.map(([key, pool]) => [key, pool.id]));
        shareResources(
            name,
            Object.fromEntries(pools.map(([key, pool]) => [`pool-${key}`, pool.arn])),
            args.shareWith,
            args.tags,
            this,
        );
        this.registerOutputs({ poolIds: this.poolIds });
    }
}
