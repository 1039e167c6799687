/**
 * The `security` role: the GWLB appliance fleet of one environment in one region, in the security
 * account. A security VPC with the appliances behind a Gateway Load Balancer, offered as a VPC
 * endpoint service to the spoke accounts of the environment; spokes that ask for `inspection: gwlb`
 * put an endpoint per AZ in their VPC from this stack's `gwlbServiceName` export.
 *
 * The stack stands alone: the appliances are managed through AWS endpoints in their own VPC (Session
 * Manager, S3 for packages), so it neither attaches to the Transit Gateway nor reads the network
 * stack, and the security team can change the fleet without the network account.
 */
import * as aws from "@pulumi/aws";
import {
    FindingsForwarder,
    findingsBusName,
    GwlbApplianceFleet,
    managementBuckets,
} from "../components/network";
import { partitionOf } from "../components/shared/aws-context";
import { applianceFleetRequiredFlows, AuditTrail, LogKey, ThreatDetection } from "../components/shared";
import { baseCredentials, isProduction, selectAvailabilityZones, stackTags } from "./context";
import type { StackOutputs } from "./program";
import { resolveAppliances } from "./schema/appliances";
import { resolveDetection } from "./schema/detection";
import type { StackContext } from "./schema/stack-config";
import { readYamlFile } from "./schema/yaml-file";

export async function securityStack(context: StackContext): Promise<StackOutputs> {
    const env = context.environment;
    const region = context.region;
    // The fleet's settings are checked against the whole environment before anything is declared.
    const appliances = resolveAppliances(
        env,
        readYamlFile(context.environmentFile, context.root),
        context.regionKey,
    );
    const zones = await selectAvailabilityZones(context);
    const tags = stackTags(context);
    const here = { accountId: env.accounts.security, region: region.name };

    const logKey = new LogKey("logs", { ...here, alias: `hub-network/${env.name}/logs`, tags });
    const logs = { kmsKeyArn: logKey.keyArn, retentionDays: env.logging.retentionDays, tags };

    const fleet = new GwlbApplianceFleet("appliances", {
        ...here,
        cidrBlock: region.cidrs.security,
        availabilityZones: zones.names,
        instanceType: appliances.instanceType,
        minSize: appliances.minSize,
        desiredCapacity: appliances.desiredCapacity,
        maxSize: appliances.maxSize,
        image: appliances.image,
        userData: appliances.userData,
        rootVolume: appliances.rootVolume,
        logFlows: appliances.logFlows,
        healthCheck: appliances.healthCheck,
        deregistrationDelaySeconds: appliances.deregistrationDelaySeconds,
        crossZoneLoadBalancing: appliances.crossZone,
        deletionProtection: isProduction(context),
        protect: isProduction(context),
        allowedPrincipals: appliances.allowedPrincipals,
        flowLogs: { ...logs, logGroupPrefix: `/hub-network/${env.name}/flow-logs` },
        tags,
    });

    // GuardDuty publishes every member account's findings to this (administrator) account's bus; the
    // ones the block list acts on go to the network account's findings bus of the same region.
    const detection = resolveDetection(env.detection, env.profile, env.accounts.security);
    const owned = detection.enabled && detection.findings === "security-account";
    // One organization trail records every region: the primary stack builds it.
    const audited =
        detection.enabled &&
        context.regionKey === "primary" &&
        (detection.audit.dataEvents || detection.audit.managementEvents);
    // The designations of the security account as delegated administrator are the management
    // account's calls: made through a provider of its own, in this region, when the environment names
    // a role there (docs/security.md says what else that role needs).
    const managementProvider =
        detection.managementRoleArn !== undefined && (owned || audited)
            ? managementAccountProvider(context, detection.managementRoleArn)
            : undefined;
    // GuardDuty and Security Hub are regional: each region's stack enables them there.
    const threats = owned
        ? new ThreatDetection("threat-detection", {
              ...here,
              managementProvider,
              // Security Hub membership of the accounts the environment has now (new ones join by auto-enable).
              memberAccountIds: [env.accounts.network, ...env.accounts.spokes.map((s) => s.id)],
              tags,
          })
        : undefined;
    const trail = audited
        ? new AuditTrail("audit", {
              ...here,
              trailName: `hub-network-${env.name}-audit`,
              organizationArn: env.organization.arn,
              dataEvents: detection.audit.dataEvents,
              managementEvents: detection.audit.managementEvents,
              retentionDays: env.logging.retentionDays,
              managementProvider,
              tags,
          })
        : undefined;
    if (detection.enabled && detection.response.enabled && detection.findings === "security-account") {
        new FindingsForwarder("findings-forwarder", {
            ...here,
            busArn: `arn:${partitionOf(region.name)}:events:${region.name}:${env.accounts.network}:event-bus/${findingsBusName(env.name)}`,
            minimumSeverity: detection.response.minimumSeverity,
            findingTypes: detection.response.findingTypes,
            tags,
        });
    }

    return {
        region: region.name,
        availabilityZones: zones.names,
        // Consumers in other accounts match AZs by ID: their endpoints must be in these AZ IDs.
        availabilityZoneIds: zones.zoneIds,
        vpcId: fleet.vpcId,
        gwlbServiceName: fleet.serviceName,
        gwlbServiceId: fleet.serviceId,
        gwlbArn: fleet.loadBalancerArn,
        applianceAsgName: fleet.asgName,
        logKeyArn: logKey.keyArn,
        ...(threats ? { guardDutyDetectorId: threats.detectorId } : {}),
        ...(trail ? { auditTrailArn: trail.trail.arn, auditBucketName: trail.bucket.bucket } : {}),
        requiredFlows: applianceFleetRequiredFlows({
            name: "appliances",
            buckets: managementBuckets(region.name),
        }),
    };
}

/**
 * The organization's management account in the stack's region, through `roleArn` (assumed after the
 * stack's own credentials, like the spoke stacks' `hub` provider), pinned to that account.
 */
function managementAccountProvider(context: StackContext, roleArn: string): aws.Provider {
    const base = baseCredentials(context);
    const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? "";
    return new aws.Provider("management", {
        region: context.region.name as aws.Region,
        allowedAccountIds: [account],
        ...(base.profile ? { profile: base.profile } : {}),
        assumeRoles: [
            ...(base.assumeRoles ?? []),
            { roleArn, sessionName: `hub-network-security-${context.environment.name}` },
        ],
    });
}
