/**
 * The `network` role: the hub of one environment in one region, in the networking account. Transit
 * Gateway with its two route tables and RAM share, the firewall policy from the environment's rule
 * data, and the inspection VPC with AWS Network Firewall and centralized egress.
 */
import { FirewallPolicy, InspectionVpc, TransitHub } from "../components/network";
import { LogBucket, LogKey } from "../components/shared";
import { isProduction, selectAvailabilityZones, stackTags } from "./context";
import type { StackOutputs } from "./program";
import type { StackContext } from "./schema/stack-config";

export async function networkStack(context: StackContext): Promise<StackOutputs> {
    const env = context.environment;
    const region = context.region;
    const zones = await selectAvailabilityZones(context);
    const tags = stackTags(context);
    const aws = { accountId: env.accounts.network, region: region.name };
    const s3Logs = env.firewall.logging.alert === "s3" || env.firewall.logging.flow === "s3";

    const logKey = new LogKey("logs", {
        ...aws,
        alias: `hub-network/${env.name}/logs`,
        allowLogDelivery: s3Logs,
        tags,
    });
    const logs = { kmsKeyArn: logKey.keyArn, retentionDays: env.logging.retentionDays, tags };

    const hub = new TransitHub("hub", {
        ...aws,
        amazonSideAsn: region.transitGatewayAsn,
        description: `hub-network ${env.name} (${context.regionKey})`,
        shareWith:
            env.shareWith === "organization"
                ? { organizationArn: env.organization.arn }
                : { accountIds: env.accounts.spokes.map((s) => s.id) },
        flowLogs: region.transitGatewayFlowLogs
            ? { ...logs, logGroupName: `/hub-network/${env.name}/flow-logs/transit-gateway` }
            : undefined,
        tags,
    });

    const policy = new FirewallPolicy("inspection", {
        ruleGroups: env.firewall.ruleGroups,
        homeNet: [env.addressing.supernet],
        description: `hub-network ${env.name} inspection policy`,
        tags,
    });

    const bucket = s3Logs
        ? new LogBucket("firewall-logs", {
              ...aws,
              kmsKeyArn: logKey.keyArn,
              retentionDays: env.logging.retentionDays,
              tags,
          })
        : undefined;

    const inspection = new InspectionVpc("inspection", {
        ...aws,
        cidrBlock: region.cidrs.inspection,
        availabilityZones: zones.names,
        supernet: env.addressing.supernet,
        transitGatewayId: hub.transitGatewayId,
        inspectionRouteTableId: hub.inspectionRouteTableId,
        spokeRouteTableId: hub.spokeRouteTableId,
        firewallPolicyArn: policy.policyArn,
        natGateways: env.egress.natGateways,
        protection: env.firewall.protection ?? isProduction(context),
        firewallLogs: {
            ...logs,
            alert: env.firewall.logging.alert,
            flow: env.firewall.logging.flow,
            bucketName: bucket?.bucketName,
            logGroupPrefix: `/hub-network/${env.name}/network-firewall`,
        },
        flowLogs: { ...logs, logGroupPrefix: `/hub-network/${env.name}/flow-logs` },
        tags,
    });

    return {
        region: region.name,
        availabilityZones: zones.names,
        availabilityZoneIds: zones.zoneIds,
        transitGatewayId: hub.transitGatewayId,
        transitGatewayArn: hub.transitGatewayArn,
        spokeRouteTableId: hub.spokeRouteTableId,
        inspectionRouteTableId: hub.inspectionRouteTableId,
        inspectionVpcId: inspection.vpcId,
        inspectionAttachmentId: inspection.attachmentId,
        firewallArn: inspection.firewallArn,
        firewallEndpointIds: inspection.firewallEndpointIds,
        natGatewayPublicIps: inspection.natGateways.map((n) => n.publicIp),
        logKeyArn: logKey.keyArn,
    };
}
