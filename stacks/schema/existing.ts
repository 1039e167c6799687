/**
 * Schemas of what an adopter already runs: an existing Transit Gateway of a region
 * (`regions.<key>.existingTransitGateway` of the environment file) and an existing spoke VPC
 * (`existing` of a spoke request). The stacks import these resources (the `import` resource option)
 * instead of creating them; what the schema asks for is what the import must match, read from
 * `aws ec2 describe-transit-gateways` / `describe-vpcs` / `describe-subnets` (docs/adopting.md).
 */
import { z } from "zod";
import { cidr } from "./fields";

/** An AWS resource ID of the given prefix (`tgw`, `tgw-rtb`, `vpc`, ...). */
const resourceId = (prefix: string, what: string) =>
    z
        .string({ error: `is not ${what} ID; expected e.g. ${prefix}-0123456789abcdef0` })
        .regex(new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`), {
            error: `is not ${what} ID; expected ${prefix}- and 8 or 17 hexadecimal digits, e.g. ${prefix}-0123456789abcdef0`,
        });

export const transitGatewayId = resourceId("tgw", "a Transit Gateway");
export const transitGatewayRouteTableId = resourceId("tgw-rtb", "a Transit Gateway route table");
export const transitGatewayAttachmentId = resourceId("tgw-attach", "a Transit Gateway attachment");
export const vpcId = resourceId("vpc", "a VPC");
export const subnetId = resourceId("subnet", "a subnet");

/** `regions.<key>.existingTransitGateway`: the Transit Gateway the network stack adopts. */
export const existingTransitGatewaySchema = z.strictObject({
    /** The Transit Gateway to import; the region's `transitGatewayAsn` must be its Amazon side ASN. */
    id: transitGatewayId,
    /**
     * The default route table the live Transit Gateway associates and propagates attachments with
     * (`Options.AssociationDefaultRouteTableId`), when it uses one. The Transit Gateway keeps default
     * association and propagation on while this is set: the attachments in it keep their routes.
     */
    defaultRouteTableId: transitGatewayRouteTableId.optional(),
    /**
     * Live attachments that stay in the default route table (VPCs, VPNs, peerings not yet in a spoke
     * stack): each also propagates into the hub's `inspection` table, so traffic from the new spokes,
     * inspected, finds its way back to them.
     */
    legacyAttachmentIds: z
        .array(transitGatewayAttachmentId, { error: "is not a list; expected attachment IDs" })
        .default([]),
    /**
     * Ranges of the legacy VPCs whose traffic with each other goes through the firewall from now on: a
     * static route per range in the default route table, which AWS prefers to the propagated route of
     * the same prefix, so both directions of every flow cross the inspection VPC.
     */
    inspectLegacyCidrs: z.array(cidr, { error: "is not a list; expected CIDRs" }).default([]),
});

/** The existing Transit Gateway of a region, as parsed. */
export type ExistingTransitGateway = z.output<typeof existingTransitGatewaySchema>;

/** One existing subnet of an adopted VPC. */
const existingSubnet = z.strictObject({
    id: subnetId,
    /** Its CIDR, as `describe-subnets` gives it: the import must match it. */
    cidr,
    /** Its AZ name in the spoke account. */
    availabilityZone: z
        .string({ error: "is not an AZ name; expected e.g. eu-west-1a" })
        .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, { error: "is not an AZ name; expected e.g. eu-west-1a" }),
});

/** `existing` of a spoke request: the VPC (and its Transit Gateway attachment) the spoke adopts. */
export const existingVpcSchema = z.strictObject({
    /** The VPC to import; the request's `cidr` must be its primary CIDR. */
    vpcId,
    /**
     * Its live attachment to the environment's Transit Gateway, if it has one: imported, with its
     * association and propagation left as they are. Without one, the spoke attaches the VPC.
     */
    attachmentId: transitGatewayAttachmentId.optional(),
    /** The subnets the spoke adopts, by tier: `tgw` (the attachment's) and `workload`, in AZ order. */
    subnets: z.strictObject({
        tgw: z
            .array(existingSubnet)
            .min(1, { error: "is empty; expected the attachment's subnets, one per AZ" }),
        workload: z
            .array(existingSubnet)
            .min(1, { error: "is empty; expected the subnets the workloads run in, one per AZ" }),
    }),
});

/** An existing spoke VPC, as parsed. */
export type ExistingVpc = z.output<typeof existingVpcSchema>;
