/**
 * The Lambda handler of the onboarding registrar (network account, one per hub region). Its
 * configuration is `config.json` in its deployment package, written by the network stack; the AWS SDK
 * v3 comes with the nodejs22.x runtime. A refusal fails the invocation, so the spoke's `pulumi up`
 * stops with the registrar's reason.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    CreateTagsCommand,
    DescribeTransitGatewayVpcAttachmentsCommand,
    EC2Client,
} from "@aws-sdk/client-ec2";
import {
    AssociateVPCWithHostedZoneCommand,
    DisassociateVPCFromHostedZoneCommand,
    GetChangeCommand,
    ListHostedZonesByVPCCommand,
    Route53Client,
    type VPCRegion,
} from "@aws-sdk/client-route-53";
import type { RegistrarConfig, ZoneFacts } from "./decide";
import { serve, type RegistrarApi, type RegistrarRequest, type RegistrarResult } from "./registrar";

const config = JSON.parse(fs.readFileSync(path.join(__dirname, "config.json"), "utf8")) as RegistrarConfig;
const ec2 = new EC2Client({ region: config.region });
// Route 53 is global: the SDK resolves its partition's one endpoint from any region of the partition.
const route53 = new Route53Client({ region: config.region });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until a Route 53 change is in sync (at most about two minutes). */
async function insync(changeId: string | undefined): Promise<void> {
    if (!changeId) return;
    for (let i = 0; i < 60; i++) {
        const change = await route53.send(new GetChangeCommand({ Id: changeId }));
        if (change.ChangeInfo?.Status === "INSYNC") return;
        await sleep(2000);
    }
}

/** The registrar's view of AWS through the SDK. */
export const sdkApi: RegistrarApi = {
    async describeVpcAttachment(id) {
        const out = await ec2.send(
            new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }),
        );
        const a = out.TransitGatewayVpcAttachments?.[0];
        if (!a?.TransitGatewayAttachmentId) return undefined;
        return {
            id: a.TransitGatewayAttachmentId,
            transitGatewayId: a.TransitGatewayId ?? "",
            vpcOwnerId: a.VpcOwnerId ?? "",
            state: a.State ?? "",
            tags: Object.fromEntries((a.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
        };
    },
    async tagAttachment(id, tags) {
        await ec2.send(
            new CreateTagsCommand({
                Resources: [id],
                Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            }),
        );
    },
    async associateZone(zoneId, vpcId, region) {
        const out = await route53.send(
            new AssociateVPCWithHostedZoneCommand({
                HostedZoneId: zoneId,
                VPC: { VPCId: vpcId, VPCRegion: region as VPCRegion },
                Comment: "hub-network onboarding registrar",
            }),
        );
        await insync(out.ChangeInfo?.Id);
    },
    async disassociateZone(zoneId, vpcId, region) {
        await route53.send(
            new DisassociateVPCFromHostedZoneCommand({
                HostedZoneId: zoneId,
                VPC: { VPCId: vpcId, VPCRegion: region as VPCRegion },
            }),
        );
    },
    async zonesOfVpc(vpcId, region) {
        const zones: ZoneFacts[] = [];
        let token: string | undefined;
        do {
            const out = await route53.send(
                new ListHostedZonesByVPCCommand({
                    VPCId: vpcId,
                    VPCRegion: region as VPCRegion,
                    NextToken: token,
                }),
            );
            for (const z of out.HostedZoneSummaries ?? []) {
                zones.push({
                    id: z.HostedZoneId ?? "",
                    name: z.Name ?? "",
                    owningAccount: z.Owner?.OwningAccount,
                });
            }
            token = out.NextToken;
        } while (token);
        return zones;
    },
};

/** The Lambda entry point: `{"attachment": ...}` or `{"zone": ...}`. */
export async function handler(event: RegistrarRequest): Promise<RegistrarResult> {
    const result = await serve(event, config, sdkApi);
    console.log(JSON.stringify({ request: event, result }));
    return result;
}
