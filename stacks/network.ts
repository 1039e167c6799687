/**
 * The `network` role: the hub of one environment in one region, in the networking account. Transit
 * Gateway with its two route tables and RAM share, the optional Site-to-Site VPN to on premises, the
 * firewall policy from the environment's rule data, the inspection VPC with AWS Network Firewall and
 * centralized egress, and the DNS hub: the shared-services VPC with the Route 53 Resolver endpoints,
 * the forwarding rules shared by RAM, and the parent private hosted zone.
 *
 * The parent zone `aws.<corp>` exists once: the primary stack (`network-<env>`) owns it; the DR stack
 * (`network-<env>-dr`) associates its own shared-services VPC with it, reading the zone ID from the
 * primary stack through a StackReference (zones are global, the association is regional).
 */
import * as pulumi from "@pulumi/pulumi";
import { route53 } from "@pulumi/aws";
import { PrivateZone, ResolverHub } from "../components/dns";
import {
    FirewallPolicy,
    InspectionVpc,
    LegacyTransitRouting,
    SharedServicesVpc,
    SiteToSiteVpn,
    SpokeIpam,
    OnboardingRegistrar,
    registrarEgressRuleGroup,
    registrarRequiredFlows,
    SpokeOnboardingRole,
    SpokePreviewRole,
    regionalSpokeRanges,
    TransitHub,
} from "../components/network";
import { LogBucket, LogKey, partitionOf } from "../components/shared";
import { isProduction, selectAvailabilityZones, shareTarget, stackTags } from "./context";
import type { StackOutputs } from "./program";
import { hubDetection } from "./network-detection";
import { environmentRuleVariables } from "./schema/firewall-env";
import type { StackContext } from "./schema/stack-config";
import { cidrContains } from "../components/network/subnet-plan";
import { spokeFilesOf } from "./schema/spoke";
import { LAMBDA_RUNTIME, lambdaArchiveWithConfig, REGISTRAR_HANDLER } from "../services";

export async function networkStack(context: StackContext): Promise<StackOutputs> {
    const env = context.environment;
    const region = context.region;
    const zones = await selectAvailabilityZones(context);
    const tags = stackTags(context);
    const aws = { accountId: env.accounts.network, region: region.name };
    // In production the hub's stateful parts cannot be replaced or deleted by accident.
    const protect = isProduction(context);
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
        shareWith: shareTarget(env),
        protect,
        flowLogs: region.transitGatewayFlowLogs
            ? { ...logs, logGroupName: `/hub-network/${env.name}/flow-logs/transit-gateway` }
            : undefined,
        existing: region.existingTransitGateway
            ? {
                  transitGatewayId: region.existingTransitGateway.id,
                  defaultRouteTableId: region.existingTransitGateway.defaultRouteTableId,
              }
            : undefined,
        tags,
    });

    const sharedServices = new SharedServicesVpc("shared-services", {
        ...aws,
        cidrBlock: region.cidrs.sharedServices,
        availabilityZones: zones.names,
        transitGatewayId: hub.transitGatewayId,
        spokeRouteTableId: hub.spokeRouteTableId,
        inspectionRouteTableId: hub.inspectionRouteTableId,
        flowLogs: { ...logs, logGroupPrefix: `/hub-network/${env.name}/flow-logs` },
        protect,
        tags,
    });

    // The automated response: GuardDuty findings put their remote addresses on a block list that
    // the firewall policy's first rule group drops (docs/security.md).
    const detection = hubDetection(env, { aws, logs, tags, sharedServices });
    const blockList = detection.blockList();

    const policy = new FirewallPolicy("inspection", {
        ruleGroups: env.firewall.ruleGroups,
        homeNet: [env.addressing.supernet],
        // $SPOKES, $SHARED_SERVICES, $INBOUND_RESOLVERS, $ON_PREM, ... from the environment file.
        ruleVariables: environmentRuleVariables(env),
        // The onboarding registrar's API calls, from the shared-services VPC only.
        hubRuleGroups: [registrarEgressRuleGroup(region.name, region.cidrs.sharedServices)],
        blockListArn: blockList?.prefixListArn,
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
        onPremisesCidrs: env.onPremises.cidrs,
        legacyCidrs: region.existingTransitGateway?.inspectLegacyCidrs.filter(
            (cidr) => !cidrContains(env.addressing.supernet, cidr),
        ),
        transitGatewayId: hub.transitGatewayId,
        inspectionRouteTableId: hub.inspectionRouteTableId,
        spokeRouteTableId: hub.spokeRouteTableId,
        firewallPolicyArn: policy.policyArn,
        natGateways: env.egress.natGateways,
        protection: env.firewall.protection ?? isProduction(context),
        protect,
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

    // The firewall's alerts become Security Hub findings of the network account, which its security
    // account administers (docs/security.md).
    const alerts = detection.firewallAlerts(inspection, blockList);

    // An adopted Transit Gateway's default route table keeps its attachments; they reach the new hub
    // through additive routes only (components/network/legacy-routing.ts).
    const adopted = region.existingTransitGateway;
    if (adopted?.defaultRouteTableId) {
        new LegacyTransitRouting("legacy", {
            defaultRouteTableId: adopted.defaultRouteTableId,
            inspectionAttachmentId: inspection.attachmentId,
            inspectionRouteTableId: hub.inspectionRouteTableId,
            supernet: env.addressing.supernet,
            inspectCidrs: adopted.inspectLegacyCidrs,
            // Inspected legacy ranges reach on premises through the firewall too: the same path both ways.
            onPremisesCidrs: adopted.inspectLegacyCidrs.length > 0 ? env.onPremises.cidrs : [],
            legacyAttachmentIds: adopted.legacyAttachmentIds,
        });
    }

    const vpn = env.onPremises.vpn
        ? new SiteToSiteVpn("on-premises-vpn", {
              ...aws,
              customerGatewayIp: env.onPremises.vpn.customerGatewayIp,
              bgpAsn: env.onPremises.vpn.bgpAsn,
              protect,
              transitGatewayId: hub.transitGatewayId,
              inspectionAttachmentId: inspection.attachmentId,
              inspectionRouteTableId: hub.inspectionRouteTableId,
              // Only this region's ranges, so that the two regions never advertise the same prefix; legacy
              // ranges the firewall inspects are reached through it from on premises too.
              advertisedCidrs: [
                  region.cidrs.sharedServices,
                  regionalSpokeRanges(env.addressing.spokePool, env.regions.dr !== undefined)[
                      context.regionKey
                  ] as string,
                  ...(region.existingTransitGateway?.inspectLegacyCidrs ?? []),
              ],
              tunnelLogs: { ...logs, logGroupName: `/hub-network/${env.name}/vpn-tunnels` },
              tags,
          })
        : undefined;

    const resolver = new ResolverHub("resolver", {
        ...aws,
        vpcId: sharedServices.vpcId,
        placements: sharedServices.resolverPlacements(region.dns?.inboundIps),
        onPremisesCidrs: env.onPremises.cidrs,
        supernet: env.addressing.supernet,
        onPremisesDnsServers: env.onPremises.dnsServers,
        onPremisesDomains: env.onPremises.domains,
        corporateDomain: env.dns.corporateDomain,
        shareWith: shareTarget(env),
        protect,
        // The corporate-domain rule is never associated here: the shared-services VPC would loop.
        onPremisesRuleVpcs: { "shared-services": sharedServices.vpcId, inspection: inspection.vpcId },
        queryLogging: env.dns.queryLogging
            ? { ...logs, logGroupName: `/hub-network/${env.name}/resolver-query-logs` }
            : undefined,
        tags,
    });

    const registrar = new OnboardingRegistrar("onboarding-registrar", {
        ...aws,
        functionName: registrarFunctionName(env.name),
        code: (config) => lambdaArchiveWithConfig("registrar", config),
        handler: REGISTRAR_HANDLER,
        runtime: LAMBDA_RUNTIME,
        transitGatewayId: hub.transitGatewayId,
        sharedServicesVpcId: sharedServices.vpcId,
        subnetIds: sharedServices.core.tier("resolver").map((s) => s.subnet.id),
        corporateDomain: env.dns.corporateDomain,
        spokes: spokeRegistry(context),
        logs: { ...logs, logGroupPrefix: `/hub-network/${env.name}/flow-logs` },
        tags,
    });
    detection.admitRegistrarTraces(registrar.securityGroup, blockList, alerts);
    const onboarding = new SpokeOnboardingRole("spoke-onboarding", {
        ...aws,
        roleName: onboardingRoleName(env.name, region.name),
        organizationId: env.organization.arn.split("/").pop() ?? "",
        deployerRolePatterns: deployerRolePatterns(env.accounts.spokes.map((s) => s.deployerRoleArn)),
        spokeRouteTableId: hub.spokeRouteTableId,
        inspectionRouteTableId: hub.inspectionRouteTableId,
        registrarFunctionArn: registrar.functionArn,
        tags,
    });
    // What a spoke's pull-request preview assumes instead: read only (docs/tenancy.md).
    const preview = new SpokePreviewRole("spoke-preview", {
        roleName: previewRoleName(env.name, region.name),
        organizationId: env.organization.arn.split("/").pop() ?? "",
        previewRolePatterns: [`arn:${partitionOf(region.name)}:iam::*:role/${SPOKE_PREVIEW_ROLE_NAME}`],
        tags,
    });

    // The DR stack reads what the primary stack owns (parent zone, IPAM pools) through one reference.
    const primary =
        context.regionKey === "primary"
            ? undefined
            : new pulumi.StackReference(
                  `${pulumi.getOrganization()}/${pulumi.getProject()}/${primaryNetworkStack(env.name)}`,
              );
    const parentZoneId = parentZone(context, sharedServices, tags, primary);
    const ipam = spokeIpam(context, tags, primary);

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
        sharedServicesVpcId: sharedServices.vpcId,
        sharedServicesAttachmentId: sharedServices.attachmentId,
        resolverRuleIds: resolver.ruleIds,
        inboundResolverIps: resolver.inboundIps,
        parentZoneId,
        onboardingRoleArn: onboarding.roleArn,
        onboardingPreviewRoleArn: preview.roleArn,
        registrarFunctionArn: registrar.functionArn,
        zoneVettingVpcId: registrar.vettingVpcId,
        requiredFlows: registrarRequiredFlows(
            "onboarding-registrar",
            region.name,
            "shared-services-vpc",
            "resolver",
        ),
        ...(blockList ? { blockListId: blockList.prefixListId, findingsBusArn: blockList.busArn } : {}),
        ...(vpn
            ? {
                  vpnConnectionId: vpn.vpnConnectionId,
                  vpnAttachmentId: vpn.attachmentId,
                  vpnTunnelAddresses: vpn.tunnelAddresses,
              }
            : {}),
        ...ipam,
    };
}

/** The registrar's function name (Lambda names are regional: the environment suffices). */
export function registrarFunctionName(environment: string): string {
    return `hub-network-${environment}-onboarding-registrar`;
}

/**
 * The spoke of each listed account, from the environment's spoke requests (one spoke per account):
 * the registrar associates a zone only under its account's spoke name. A listed account without a
 * request yet has no name, so its zone waits for its request and the next update of this stack.
 */
export function spokeRegistry(context: StackContext): Record<string, string> {
    const listed = new Set(context.environment.accounts.spokes.map((s) => s.id));
    const registry: Record<string, string> = {};
    for (const file of spokeFilesOf(context.environment.name, context.root)) {
        const request = file.request;
        if (request && listed.has(request.account)) registry[request.account] = request.name;
    }
    return registry;
}

/**
 * The deployer roles of the environment as ARN patterns with any account: the trust names a role by
 * its path and name, never by an ARN that must exist. With no spoke listed yet, the conventional
 * `hub-network-deployer`.
 */
export function deployerRolePatterns(deployerRoleArns: readonly string[]): string[] {
    const patterns = deployerRoleArns.map((arn) => arn.replace(/^(arn:[^:]+:iam::)\d{12}(:role\/)/, "$1*$2"));
    return patterns.length ? [...new Set(patterns)] : ["arn:aws:iam::*:role/hub-network-deployer"];
}

/**
 * The name of the read-only role every spoke account's pull-request previews run as (CI's
 * `HUB_NETWORK_PREVIEW_ROLE_NAME`, docs/ci.md): the hub's preview role trusts it in any account.
 */
export const SPOKE_PREVIEW_ROLE_NAME = "hub-network-preview";

/** The preview role's name: IAM is global, so it names the environment and the region. */
export function previewRoleName(environment: string, region: string): string {
    return `hub-network-${environment}-spoke-preview-${region}`;
}

/** The onboarding role's name: IAM is global, so it names the environment and the region. */
export function onboardingRoleName(environment: string, region: string): string {
    return `hub-network-${environment}-spoke-onboarding-${region}`;
}

/**
 * With `addressing.ipam`, the primary stack builds the IPAM (it operates in both regions) and
 * exports each region's pool; the DR stack re-exports the DR pool as its own `ipamPoolId`.
 */
function spokeIpam(
    context: StackContext,
    tags: Record<string, string>,
    primary: pulumi.StackReference | undefined,
): { ipamPoolId?: pulumi.Output<string>; ipamPoolIds?: Readonly<Record<string, pulumi.Output<string>>> } {
    const env = context.environment;
    if (!env.addressing.ipam) return {};
    if (primary) {
        const ids = primary.requireOutput("ipamPoolIds") as pulumi.Output<Record<string, string>>;
        return { ipamPoolId: ids.apply((p) => p[context.regionKey]) };
    }
    const ipam = new SpokeIpam("spoke-ipam", {
        poolCidr: env.addressing.spokePool,
        regions: {
            primary: env.regions.primary.name,
            ...(env.regions.dr ? { dr: env.regions.dr.name } : {}),
        },
        shareWith: shareTarget(env),
        description: `hub-network ${env.name} spoke addresses`,
        tags,
    });
    return { ipamPoolId: ipam.poolIds.primary, ipamPoolIds: ipam.poolIds };
}

/** The stack that owns the parent zone: the primary network stack of the environment. */
export function primaryNetworkStack(environment: string): string {
    return `network-${environment}`;
}

/**
 * The primary stack creates the parent zone with its shared-services VPC; the DR stack associates its
 * shared-services VPC with that zone (same account), found through a StackReference.
 */
function parentZone(
    context: StackContext,
    sharedServices: SharedServicesVpc,
    tags: Record<string, string>,
    primary: pulumi.StackReference | undefined,
): pulumi.Output<string> {
    const env = context.environment;
    const vpc = { vpcId: sharedServices.vpcId, vpcRegion: context.region.name };
    if (!primary) {
        const zone = new PrivateZone("parent-zone", {
            zoneName: env.dns.corporateDomain,
            vpc,
            comment: `Parent zone of ${env.name}: spokes own <spoke>.${env.dns.corporateDomain}`,
            tags,
        });
        return zone.zoneId;
    }
    const zoneId = primary.requireOutput("parentZoneId") as pulumi.Output<string>;
    new route53.ZoneAssociation("parent-zone-dr", { zoneId, ...vpc });
    return zoneId;
}
