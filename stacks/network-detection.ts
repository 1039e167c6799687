/**
 * The network stack's part of detection and response (docs/security.md): the block list GuardDuty
 * findings feed, the firewall alerts sent to Security Hub, and the onboarding registrar's way to the
 * X-Ray endpoint those functions bring into the shared-services VPC.
 */
import * as aws from "@pulumi/aws";
import { FirewallAlertFindings } from "../components/network/firewall-alert-findings";
import type { InspectionVpc, SharedServicesVpc } from "../components/network";
import { ThreatBlockList } from "../components/network/threat-block-list";
import type { LogGroupSettings } from "../components/shared";
import type { Environment } from "./schema/environment";
import { resolveDetection } from "./schema/detection";

/** What the network stack already has that detection builds on. */
export interface HubDetectionContext {
    readonly aws: { readonly accountId: string; readonly region: string };
    readonly logs: LogGroupSettings;
    readonly tags: Readonly<Record<string, string>>;
    readonly sharedServices: SharedServicesVpc;
}

/** The environment's detection settings, and the network stack's resources for them. */
export function hubDetection(env: Environment, ctx: HubDetectionContext) {
    const detection = resolveDetection(
        env.detection,
        env.profile,
        env.accounts.security,
        env.firewall.logging.alert,
    );
    const placement = {
        vpcId: ctx.sharedServices.vpcId,
        subnetIds: ctx.sharedServices.core.tier("resolver").map((placed) => placed.subnet.id),
    };
    return {
        /** The block list, when the response is on. */
        blockList(): ThreatBlockList | undefined {
            if (!detection.enabled || !detection.response.enabled) return undefined;
            return new ThreatBlockList("block-list", {
                ...ctx.aws,
                environment: env.name,
                maxEntries: detection.response.maxEntries,
                blockHours: detection.response.blockHours,
                minimumSeverity: detection.response.minimumSeverity,
                findingTypes: detection.response.findingTypes,
                protectedCidrs: [
                    env.addressing.supernet,
                    ...env.onPremises.cidrs,
                    ...detection.response.neverBlock,
                ],
                findingsAccountId: detection.findingsAccount,
                ...placement,
                logs: ctx.logs,
                tags: ctx.tags,
            });
        },
        /** The firewall-alerts function, when detection sends the firewall's alert log to Security Hub. */
        firewallAlerts(
            inspection: InspectionVpc,
            blockList?: ThreatBlockList,
        ): FirewallAlertFindings | undefined {
            if (!detection.enabled || !detection.firewallAlerts || !inspection.alertLogGroup)
                return undefined;
            return new FirewallAlertFindings("firewall-alerts", {
                ...ctx.aws,
                environment: env.name,
                firewallArn: inspection.firewallArn,
                alertLogGroup: inspection.alertLogGroup,
                xrayEndpointSecurityGroupId: blockList?.endpointSecurityGroupId,
                ...placement,
                logs: ctx.logs,
                tags: ctx.tags,
            });
        },
        /**
         * The detection functions' X-Ray endpoint has private DNS, so X-Ray's regional name resolves to
         * it for every caller in the shared-services VPC, the registrar's traces included: it admits them.
         */
        admitRegistrarTraces(
            registrarGroup: aws.ec2.SecurityGroup,
            blockList?: ThreatBlockList,
            alerts?: FirewallAlertFindings,
        ): void {
            const xrayEndpointSg = blockList?.endpointSecurityGroupId ?? alerts?.xrayEndpointSecurityGroupId;
            if (!xrayEndpointSg) return;
            new aws.vpc.SecurityGroupIngressRule("onboarding-registrar-to-xray-endpoint", {
                securityGroupId: xrayEndpointSg,
                referencedSecurityGroupId: registrarGroup.id,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "HTTPS from the onboarding registrar (its X-Ray traces)",
                tags: { ...ctx.tags, Name: "onboarding-registrar-to-xray-endpoint" },
            });
        },
    };
}
