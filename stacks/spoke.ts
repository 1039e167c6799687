/**
 * The `spoke` role: what an application team owns, in its own account. The spoke VPC attached to the
 * hub's Transit Gateway (and its twin in the DR region when the spoke asks), the spoke's private zone
 * `<name>.aws.<corp>` associated with its VPCs and the hub's shared-services VPCs, the hub's
 * forwarding rules associated with its VPCs, and its workload.
 *
 * Everything the hub knows comes from the network stacks' exports through StackReferences; the few
 * hub-side steps (accepting the attachment, placing it in the TGW route tables, associating the zone
 * with the hub VPC) go through an explicit `hub` provider that assumes the network stack's onboarding
 * role. Every other resource uses the stack's default provider: the spoke account.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SPOKE_ACCOUNT_TAG } from "../components/network/attachment-ownership";
import { ruleIdsOf, SpokeDns, SpokeZone } from "../components/dns";
import { AdoptedSpokeVpc, GwlbEndpoints, SpokeVpc } from "../components/network";
import { dnsRequiredFlows, interfaceEndpointServices, LogKey, type RequiredFlow } from "../components/shared";
import { baseCredentials, stackTags } from "./context";
import type { StackOutputs } from "./program";
import { ConfigError } from "./schema/errors";
import type { EnvironmentRegion } from "./schema/environment";
import { loadSpokeRequest, SPOKE_KEY, type SpokeRequest } from "./schema/spoke";
import type { StackContext } from "./schema/stack-config";
import { buildingBlocks, drBuildingBlocks } from "./spoke-exports";
import { buildWorkload, workloadRequiredFlows } from "./spoke-workload";

/** The hub stacks of one region of the environment, as a spoke sees them. */
interface HubRegion {
    readonly key: "primary" | "dr";
    readonly region: EnvironmentRegion;
    readonly network: pulumi.StackReference;
    /** The `hub` provider of this region (the network account, through its onboarding role). */
    readonly hubProvider: aws.Provider;
    /** The spoke has a VPC in this region (always in the primary region; in the DR region with `dr`). */
    readonly hasVpc: boolean;
    /** The security stack (GWLB appliance fleet), for spokes with `inspection: gwlb` and a VPC here. */
    readonly security?: pulumi.StackReference;
}

/** A spoke's VPC in one region with what was built around it. */
export interface SpokeRegion {
    readonly key: "primary" | "dr";
    /** The spoke VPC: new, or (primary region, `existing` in the request) adopted. */
    readonly vpc: SpokeVpc | AdoptedSpokeVpc;
    /** The provider of the spoke account in this region (undefined: the stack's default provider). */
    readonly provider?: aws.Provider;
    /** The `hub` provider of this region (the network account, through the onboarding role). */
    readonly hubProvider: aws.Provider;
    readonly availabilityZones: readonly string[];
    /** The key of the region's log groups. */
    readonly logKey: LogKey;
}

export async function spokeStack(context: StackContext): Promise<StackOutputs> {
    const request = loadSpokeRequest(context);
    const env = context.environment;
    const tags = {
        ...stackTags(context),
        ...request.tags,
        "hub-network:spoke": request.name,
        "hub-network:owner": request.owner,
    };
    const reference = (stack: string) =>
        new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`);
    const gwlb = request.inspection === "gwlb";
    const suffixes = { primary: "", dr: "-dr" } as const;
    // Every region of the environment, whether or not the spoke has a VPC there: its zone must be
    // associated with the shared-services VPC of each, or that region's hub (which holds the parent
    // zone) answers NXDOMAIN for the spoke's names (DESIGN section 5).
    const hubs: HubRegion[] = (["primary", "dr"] as const).flatMap((key) => {
        const region = env.regions[key];
        if (!region) return [];
        const stack = (role: string) => `${role}-${env.name}${suffixes[key]}`;
        const network = reference(stack("network"));
        const hasVpc = key === "primary" || request.dr;
        return [
            {
                key,
                region,
                network,
                hubProvider: hubProviderOf(context, request, key, region, network),
                hasVpc,
                security: gwlb && hasVpc ? reference(stack("security")) : undefined,
            },
        ];
    });

    const regions: SpokeRegion[] = [];
    for (const hub of hubs.filter((h) => h.hasVpc)) {
        regions.push(await spokeRegion(context, request, hub, tags));
    }
    const [primary, dr] = regions;

    const zone = new SpokeZone("zone", {
        zoneName: `${request.name}.${env.dns.corporateDomain}`,
        vpcs: Object.fromEntries(
            regions.map((r) => [r.key, { vpcId: r.vpc.vpcId, vpcRegion: r.vpc.region }]),
        ),
        hubVpcs: Object.fromEntries(
            hubs.map((hub) => [
                hub.key,
                {
                    vpcId: hub.network.requireOutput("sharedServicesVpcId") as pulumi.Output<string>,
                    vpcRegion: hub.region.name,
                    vettingVpcId: hub.network.requireOutput("zoneVettingVpcId") as pulumi.Output<string>,
                    registrarFunctionArn: hub.network.requireOutput(
                        "registrarFunctionArn",
                    ) as pulumi.Output<string>,
                    provider: hub.hubProvider,
                },
            ]),
        ),
        hubProvider: primary.hubProvider,
        tags,
    });
    const domains = [...env.onPremises.domains, env.dns.corporateDomain];
    hubs.filter((h) => h.hasVpc).forEach((hub, i) => {
        const r = regions[i];
        new SpokeDns(
            r.key === "primary" ? "dns" : `dns-${r.key}`,
            {
                vpcId: r.vpc.vpcId,
                ruleIds: ruleIdsOf(
                    hub.network.requireOutput("resolverRuleIds") as pulumi.Output<Record<string, string>>,
                    domains,
                ),
            },
            r.provider ? { provider: r.provider } : undefined,
        );
    });

    // An adopted VPC runs no shipped workload (the request's checks say why): only its declared flows.
    const workload =
        primary.vpc instanceof SpokeVpc
            ? buildWorkload(
                  context,
                  request,
                  { vpc: primary.vpc, provider: primary.provider, logKeyArn: primary.logKey.keyArn },
                  tags,
              )
            : { requiredFlows: workloadRequiredFlows(request, primary.vpc.vpcName, primary.vpc.region) };

    // Every spoke VPC resolves the corporate domain (every spoke's zone) and the on-premises domains.
    const dnsFlows = regions.flatMap((r) =>
        dnsRequiredFlows(
            `${request.name}${r.key === "dr" ? " DR" : ""} VPC`,
            r.vpc.vpcName,
            "workload",
            domains,
        ),
    );
    const workloadFlows = (workload.requiredFlows ?? []) as RequiredFlow[];

    return {
        region: primary.vpc.region,
        availabilityZones: primary.availabilityZones,
        vpcId: primary.vpc.vpcId,
        vpcCidr: primary.vpc.cidrBlock,
        attachmentId: primary.vpc.attachmentId,
        zoneId: zone.zoneId,
        zoneName: zone.zoneName,
        ...buildingBlocks(primary.vpc, primary.logKey),
        ...workload,
        requiredFlows: [...workloadFlows, ...dnsFlows],
        ...(dr
            ? {
                  drRegion: dr.vpc.region,
                  drVpcId: dr.vpc.vpcId,
                  drVpcCidr: dr.vpc.cidrBlock,
                  drAttachmentId: dr.vpc.attachmentId,
                  ...drBuildingBlocks(buildingBlocks(dr.vpc, dr.logKey)),
              }
            : {}),
    };
}

/**
 * The spoke in one region: the providers (spoke account, and `hub` through that region's onboarding
 * role), the log key and the spoke VPC in the AZs the hub covers.
 */
async function spokeRegion(
    context: StackContext,
    request: SpokeRequest,
    hub: HubRegion,
    tags: Record<string, string>,
): Promise<SpokeRegion> {
    const env = context.environment;
    const suffix = hub.key === "primary" ? "" : `-${hub.key}`;
    const base = baseCredentials(context);
    // The primary region uses the stack's default provider; the DR region needs its own.
    const provider =
        hub.key === "primary"
            ? undefined
            : new aws.Provider(`spoke${suffix}`, {
                  region: hub.region.name as aws.Region,
                  allowedAccountIds: [request.account],
                  ...base,
              });
    const opts = provider ? { provider } : undefined;
    const hubProvider = hub.hubProvider;
    const adopted = hub.key === "primary" ? request.existing : undefined;
    // An adopted VPC's AZs are those of its subnets; a new one takes the hub's (one invoke).
    const availabilityZones = adopted
        ? adopted.subnets.workload.map((s) => s.availabilityZone)
        : await hubAvailabilityZones(context, request, hub, provider);

    const logKey = new LogKey(
        `logs${suffix}`,
        {
            accountId: request.account,
            region: hub.region.name,
            alias: `hub-network/${env.name}/${request.name}/logs`,
            tags,
        },
        opts,
    );
    const flowLogs = {
        kmsKeyArn: logKey.keyArn,
        retentionDays: env.logging.retentionDays,
        logGroupPrefix: `/hub-network/${env.name}/flow-logs`,
        tags,
    };
    const hubTables = {
        spokeRouteTableId: hub.network.requireOutput("spokeRouteTableId") as pulumi.Output<string>,
        inspectionRouteTableId: hub.network.requireOutput("inspectionRouteTableId") as pulumi.Output<string>,
    };
    const registrarFunctionArn = hub.network.requireOutput("registrarFunctionArn") as pulumi.Output<string>;
    if (adopted) {
        const vpc = new AdoptedSpokeVpc(
            `${request.name}${suffix}`,
            {
                accountId: request.account,
                region: hub.region.name,
                vpcId: adopted.vpcId,
                cidrBlock: String(request.cidr),
                subnets: adopted.subnets,
                transitGatewayId: hub.network.requireOutput("transitGatewayId") as pulumi.Output<string>,
                attachmentId: adopted.attachmentId,
                ...(adopted.attachmentId ? {} : hubTables),
                hubProvider,
                registrarFunctionArn,
                interfaceEndpoints: interfaceEndpointsOf(request, hub),
                flowLogs,
                tags,
            },
            opts,
        );
        return { key: hub.key, vpc, provider, hubProvider, availabilityZones, logKey };
    }
    const vpc = new SpokeVpc(
        `${request.name}${suffix}`,
        {
            accountId: request.account,
            region: hub.region.name,
            cidrBlock: env.addressing.ipam
                ? {
                      ipamPoolId: hub.network.requireOutput("ipamPoolId") as pulumi.Output<string>,
                      netmaskLength: request.netmaskLength ?? 20,
                  }
                : String(hub.key === "primary" ? request.cidr : request.drCidr),
            availabilityZones,
            optionalTiers: { vpclink: request.workload === "ecs-api", gwlbe: request.inspection === "gwlb" },
            transitGatewayId: hub.network.requireOutput("transitGatewayId") as pulumi.Output<string>,
            spokeRouteTableId: hub.network.requireOutput("spokeRouteTableId") as pulumi.Output<string>,
            inspectionRouteTableId: hub.network.requireOutput(
                "inspectionRouteTableId",
            ) as pulumi.Output<string>,
            hubProvider,
            registrarFunctionArn,
            interfaceEndpoints: interfaceEndpointsOf(request, hub),
            s3EndpointPolicy: {
                organizationId: env.organization.arn.split("/").pop() as string,
                awsObjectArns: awsObjectsOf(request, hub),
            },
            flowLogs: {
                kmsKeyArn: logKey.keyArn,
                retentionDays: env.logging.retentionDays,
                logGroupPrefix: `/hub-network/${env.name}/flow-logs`,
                tags,
            },
            tags,
        },
        opts,
    );
    if (hub.security) {
        new GwlbEndpoints(
            `${request.name}${suffix}-gwlb`,
            {
                serviceName: hub.security.requireOutput("gwlbServiceName") as pulumi.Output<string>,
                vpcId: vpc.vpcId,
                subnets: {
                    gwlbe: vpc.tier("gwlbe"),
                    vpclink: vpc.tier("vpclink"),
                    workload: vpc.tier("workload"),
                },
                tags,
            },
            opts,
        );
    }
    return { key: hub.key, vpc, provider, hubProvider, availabilityZones, logKey };
}

/**
 * The interface endpoints of the spoke VPC in `hub`'s region: those the request lists and, where the
 * workload runs (the primary region), those its flows need (ECR and Logs for ecs-api, X-Ray for a
 * traced lambda-api): the spoke has no NAT, so an AWS API without an endpoint is unreachable.
 */
function interfaceEndpointsOf(request: SpokeRequest, hub: HubRegion): string[] {
    const needed =
        hub.key === "primary"
            ? interfaceEndpointServices(
                  workloadRequiredFlows(request, `${request.name}-vpc`, hub.region.name),
              )
            : [];
    return [...new Set([...request.interfaceEndpoints, ...needed])];
}

/**
 * The AWS-owned S3 objects the workload's flows read in `hub`'s region (ECR's image layers for
 * ecs-api): the S3 endpoint policy admits them next to the organization's buckets.
 */
function awsObjectsOf(request: SpokeRequest, hub: HubRegion): string[] {
    if (hub.key !== "primary") return [];
    const flows = workloadRequiredFlows(request, `${request.name}-vpc`, hub.region.name);
    return flows.flatMap((f) =>
        f.destination.kind === "aws-service" && f.destination.service === "s3"
            ? [...(f.destination.resources ?? [])]
            : [],
    );
}

/** The `hub` provider of one region: the network account, through that region's onboarding role. */
function hubProviderOf(
    context: StackContext,
    request: SpokeRequest,
    key: "primary" | "dr",
    region: EnvironmentRegion,
    network: pulumi.StackReference,
): aws.Provider {
    const base = baseCredentials(context);
    const hubRole =
        hubAccess() === "preview"
            ? {
                  // A pull request's preview runs its own code: the hub's read-only role, no session tag.
                  roleArn: network.requireOutput("onboardingPreviewRoleArn") as pulumi.Output<string>,
                  sessionName: `hub-network-preview-${request.name}`,
              }
            : {
                  roleArn: network.requireOutput("onboardingRoleArn") as pulumi.Output<string>,
                  sessionName: `hub-network-spoke-${request.name}`,
                  // The role's trust requires it, equal to the caller's own account: the session may
                  // then act only on attachments the registrar tagged as this account's.
                  tags: { [SPOKE_ACCOUNT_TAG]: request.account },
              };
    return new aws.Provider(`hub${key === "primary" ? "" : `-${key}`}`, {
        region: region.name as aws.Region,
        allowedAccountIds: [context.environment.accounts.network],
        ...(base.profile ? { profile: base.profile } : {}),
        assumeRoles: [...(base.assumeRoles ?? []), hubRole],
    });
}

/** The environment variable that says which hub role a spoke's `hub` provider assumes. */
export const HUB_ACCESS_VARIABLE = "HUB_NETWORK_HUB_ACCESS";

/**
 * `preview` when the spoke runs as a pull request's preview (CI sets `HUB_NETWORK_HUB_ACCESS=preview`):
 * the `hub` provider then assumes the network account's read-only preview role; `deploy` (unset)
 * otherwise. Anything else is refused before any resource is declared.
 */
export function hubAccess(env: NodeJS.ProcessEnv = process.env): "preview" | "deploy" {
    const value = env[HUB_ACCESS_VARIABLE];
    if (value === undefined || value === "" || value === "deploy") return "deploy";
    if (value === "preview") return "preview";
    throw new Error(
        `environment variable ${HUB_ACCESS_VARIABLE} is '${value}'; expected preview (a pull request's read-only preview) or deploy (the default)`,
    );
}

/**
 * The spoke's AZs: the first `availabilityZones` of the hub's AZs, matched by AZ ID (AZ names differ
 * between accounts, IDs do not), named as the spoke account names them. One invoke per region.
 */
async function hubAvailabilityZones(
    context: StackContext,
    request: SpokeRequest,
    hub: HubRegion,
    provider: aws.Provider | undefined,
): Promise<string[]> {
    const hubZoneIds = (await hub.network.getOutputValue("availabilityZoneIds")) as string[] | undefined;
    // GWLB endpoints only work in AZs where the appliance fleet's load balancer is.
    const fleetZoneIds = hub.security
        ? ((await hub.security.getOutputValue("availabilityZoneIds")) as string[] | undefined)
        : undefined;
    const local = await aws.getAvailabilityZones({ state: "available" }, provider ? { provider } : undefined);
    const nameOf = new Map(local.zoneIds.map((id, i) => [id, local.names[i]]));
    const shared = (hubZoneIds ?? []).filter(
        (id) => nameOf.has(id) && (fleetZoneIds === undefined || fleetZoneIds.includes(id)),
    );
    if (shared.length < request.availabilityZones) {
        throw new ConfigError([
            {
                file: context.file,
                field: `${SPOKE_KEY}.availabilityZones`,
                value: request.availabilityZones,
                message: `is more than the ${shared.length} AZ(s) of the hub in ${hub.region.name} that account ${request.account} can use (hub AZ IDs: ${(hubZoneIds ?? []).join(", ") || "none exported"}${fleetZoneIds ? `; appliance fleet AZ IDs: ${fleetZoneIds.join(", ")}` : ""}); expected at most ${shared.length}`,
            },
        ]);
    }
    return shared.slice(0, request.availabilityZones).map((id) => nameOf.get(id) as string);
}
