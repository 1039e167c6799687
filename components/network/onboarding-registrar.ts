import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OWNER_TAG, type RegistrarConfig } from "./attachment-ownership";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";
import { FlowLogs } from "../shared/flow-logs";
import type { LogGroupSettings } from "../shared/log-group";
import type { RequiredFlow } from "../shared/required-flows";
import type { HubRuleGroup } from "./firewall-policy";
import { vpcFunction, type VpcFunction } from "../shared/vpc-function";

/** Arguments of {@link OnboardingRegistrar}. */
export interface OnboardingRegistrarArgs extends AwsContext {
    /** The function's name (at most 64 characters; Lambda names are regional: include the environment). */
    readonly functionName: string;
    /** The region's Transit Gateway: the registrar registers attachments to it only. */
    readonly transitGatewayId: pulumi.Input<string>;
    /** The shared-services VPC spoke zones are associated with. */
    readonly sharedServicesVpcId: pulumi.Input<string>;
    /** Subnets of the shared-services VPC the function runs in (at least two AZs). */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /** The corporate domain: a spoke's zone is `<spoke>.<corporateDomain>`. */
    readonly corporateDomain: string;
    /**
     * The environment's spoke accounts, each with its spoke's name: attachments from other accounts
     * are never registered, and a zone is associated only under its account's spoke name.
     */
    readonly spokes: Readonly<Record<string, string>>;
    /**
     * CIDR of the vetting VPC, where a zone is associated only to read its name and owner. It is never
     * attached or routed, so it may overlap anything. @default "100.64.0.0/28"
     */
    readonly vettingCidr?: string;
    /**
     * The function's deployment package for a configuration (its `config.json`): the repository's
     * stacks give services/onboarding-registrar bundled by `lambdaArchiveWithConfig("registrar", config)`.
     */
    readonly code: (config: pulumi.Output<RegistrarConfig>) => pulumi.Input<pulumi.asset.Archive>;
    /** The package's handler, `<file>.<export>`. */
    readonly handler: string;
    /** The Lambda runtime the package is built for. */
    readonly runtime: string;
    /** KMS key and retention of the function's log group and of the vetting VPC's flow logs. */
    readonly logs: LogGroupSettings & { readonly logGroupPrefix: string };
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The hub's onboarding registrar: a small Lambda function in the shared-services VPC that a spoke
 * invokes through its `hub` provider, and an inert vetting VPC. For an attachment it tags, in the hub
 * account, the account that owns the attached VPC (when the environment lists it) as the attachment's
 * owner; the onboarding role lets a session act only on attachments owned by its own account. For a
 * zone it reads the zone's name and owner through the vetting VPC and associates it with the
 * shared-services VPC only when it is `<owner's spoke>.<corporate domain>`. These are the two checks
 * IAM cannot express (docs/tenancy.md). Its own role may tag only the owner tag, and associate zones
 * only with these two VPCs (disassociate only from the vetting VPC).
 */
export class OnboardingRegistrar extends pulumi.ComponentResource {
    readonly fn: VpcFunction;
    readonly functionName: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;
    readonly vettingVpc: aws.ec2.Vpc;
    readonly vettingVpcId: pulumi.Output<string>;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** What the function knows (its `config.json`): the offline plan models its decisions from it. */
    readonly config: pulumi.Output<RegistrarConfig>;

    constructor(name: string, args: OnboardingRegistrarArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:OnboardingRegistrar", name, {}, opts);
        if (args.subnetIds.length < 2) {
            throw new Error(`OnboardingRegistrar ${name}: subnetIds must span at least two AZs`);
        }
        const partition = partitionOf(args.region);
        const tags = args.tags ?? {};

        this.vettingVpc = new aws.ec2.Vpc(
            `${name}-vetting-vpc`,
            {
                cidrBlock: args.vettingCidr ?? "100.64.0.0/28",
                // Route 53 associates private zones only with VPCs that have both DNS attributes on.
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: { ...withName(tags, `${name}-vetting`), "hub-network:vpc-role": "zone-vetting" },
            },
            { parent: this },
        );
        this.vettingVpcId = this.vettingVpc.id;
        // Adopt the default security group and leave it without rules, as every VPC of the project.
        new aws.ec2.DefaultSecurityGroup(
            `${name}-vetting-default-sg`,
            {
                vpcId: this.vettingVpc.id,
                ingress: [],
                egress: [],
                tags: withName(tags, `${name}-vetting-default-do-not-use`),
            },
            { parent: this },
        );
        new FlowLogs(
            `${name}-vetting`,
            {
                accountId: args.accountId,
                region: args.region,
                vpcId: this.vettingVpc.id,
                logGroupName: `${args.logs.logGroupPrefix}/zone-vetting`,
                kmsKeyArn: args.logs.kmsKeyArn,
                retentionDays: args.logs.retentionDays,
                tags: args.logs.tags,
            },
            { parent: this },
        );

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-function`,
            {
                vpcId: args.sharedServicesVpcId,
                description:
                    "Onboarding registrar: HTTPS to the EC2 and Route 53 APIs through the hub egress",
                egress: [
                    {
                        description: "HTTPS to the EC2, Route 53 and X-Ray APIs",
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        cidrBlocks: ["0.0.0.0/0"],
                    },
                ],
                tags: withName(tags, `${name}-function`),
            },
            { parent: this },
        );

        const hostedZones = `arn:${partition}:route53:::hostedzone/*`;
        const vpcKey = (id: string) => `VPCId=${id},VPCRegion=${args.region}`;
        const statements = pulumi
            .all([pulumi.output(args.sharedServicesVpcId), this.vettingVpc.id])
            .apply(([shared, vetting]) => [
                {
                    Sid: "ReadAttachmentsAndVpcs",
                    Effect: "Allow",
                    // Route 53 needs ec2:DescribeVpcs to associate a VPC with a zone.
                    Action: ["ec2:DescribeTransitGatewayVpcAttachments", "ec2:DescribeVpcs"],
                    Resource: "*",
                },
                {
                    Sid: "TagOnlyTheOwner",
                    Effect: "Allow",
                    Action: "ec2:CreateTags",
                    Resource: `arn:${partition}:ec2:${args.region}:${args.accountId}:transit-gateway-attachment/*`,
                    Condition: {
                        "ForAllValues:StringEquals": { "aws:TagKeys": [OWNER_TAG] },
                        Null: { "aws:TagKeys": "false" },
                    },
                },
                {
                    Sid: "AssociateWithVettingAndSharedServices",
                    Effect: "Allow",
                    Action: "route53:AssociateVPCWithHostedZone",
                    Resource: hostedZones,
                    Condition: {
                        "ForAllValues:StringEquals": { "route53:VPCs": [vpcKey(vetting), vpcKey(shared)] },
                        Null: { "route53:VPCs": "false" },
                    },
                },
                {
                    Sid: "DisassociateOnlyFromVetting",
                    Effect: "Allow",
                    Action: "route53:DisassociateVPCFromHostedZone",
                    Resource: hostedZones,
                    Condition: {
                        "ForAllValues:StringEquals": { "route53:VPCs": [vpcKey(vetting)] },
                        Null: { "route53:VPCs": "false" },
                    },
                },
                {
                    Sid: "ListZonesOfTheTwoVpcs",
                    Effect: "Allow",
                    Action: "route53:ListHostedZonesByVPC",
                    Resource: "*",
                    Condition: {
                        "ForAllValues:StringEquals": { "route53:VPCs": [vpcKey(vetting), vpcKey(shared)] },
                    },
                },
                {
                    Sid: "WaitForChanges",
                    Effect: "Allow",
                    Action: "route53:GetChange",
                    Resource: `arn:${partition}:route53:::change/*`,
                },
            ]);

        const config: pulumi.Output<RegistrarConfig> = pulumi
            .all([
                pulumi.output(args.transitGatewayId),
                pulumi.output(args.sharedServicesVpcId),
                this.vettingVpc.id,
            ])
            .apply(([transitGatewayId, sharedServicesVpcId, vettingVpcId]) => ({
                region: args.region,
                networkAccount: args.accountId,
                transitGatewayId,
                corporateDomain: args.corporateDomain,
                sharedServicesVpcId,
                vettingVpcId,
                spokes: { ...args.spokes },
            }));
        this.fn = vpcFunction(
            name,
            {
                functionName: args.functionName,
                description: "Registers spoke attachments and zones with the hub (hub-network onboarding)",
                code: args.code(config),
                handler: args.handler,
                runtime: args.runtime,
                environment: {},
                kmsKeyArn: args.logs.kmsKeyArn,
                subnetIds: args.subnetIds,
                securityGroupIds: [this.securityGroup.id],
                reservedConcurrency: 5,
                memorySize: 256,
                // Associating a zone waits for Route 53 twice (vetting, then the hub VPC).
                timeoutSeconds: 300,
                architecture: "arm64",
                tracing: true,
                statements,
                logs: args.logs,
                tags,
            },
            this,
        );
        this.config = config;
        this.functionName = this.fn.fn.name;
        this.functionArn = this.fn.fn.arn;
        this.registerOutputs({
            functionName: this.functionName,
            functionArn: this.functionArn,
            vettingVpcId: this.vettingVpcId,
            config: this.config,
        });
    }
}

/** The AWS API hosts the registrar calls: EC2 (attachments), Route 53 (zones), X-Ray (its traces). */
export function registrarApiHosts(region: string): string[] {
    return [`ec2.${region}.amazonaws.com`, "route53.amazonaws.com", `xray.${region}.amazonaws.com`];
}

/** The capacity of the registrar's egress group: its hosts need 3; declared, so it never changes. */
export const REGISTRAR_EGRESS_CAPACITY = 10;

/**
 * The firewall's allow-list for the registrar's API calls, deciding only for the shared-services VPC
 * (`homeNet`): Route 53 has no interface endpoint, so the registrar reaches the APIs through the hub's
 * egress, and only these exact names (TLS SNI) pass from that VPC. Evaluated before the environment's
 * groups (`hubRuleGroups` of FirewallPolicy).
 */
export function registrarEgressRuleGroup(region: string, sharedServicesCidr: string): HubRuleGroup {
    return {
        group: {
            name: "hub-onboarding-registrar",
            kind: "domain-list",
            capacity: REGISTRAR_EGRESS_CAPACITY,
            description: "The onboarding registrar's AWS API calls from the shared-services VPC",
            action: "allow",
            targetTypes: ["TLS_SNI"],
            domains: registrarApiHosts(region),
        },
        homeNet: [sharedServicesCidr],
    };
}

/**
 * The flows the registrar needs: the EC2 and Route 53 APIs, and X-Ray for its active tracing, over
 * HTTPS through the hub's egress, which {@link registrarEgressRuleGroup} lets through.
 */
export function registrarRequiredFlows(
    name: string,
    region: string,
    vpc: string,
    tier: string,
): RequiredFlow[] {
    const source = { label: "onboarding registrar", vpc, tier, securityGroup: `${name}-function` };
    const reference = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html";
    return registrarApiHosts(region).map((host) => ({
        id: `${name}/${host}`,
        source,
        destination: { kind: "domain" as const, name: host },
        protocol: "tcp" as const,
        port: 443,
        reason: `the registrar calls ${host} (attachments, zones, or its traces); a function in a VPC reaches AWS APIs only through the VPC's routes`,
        reference,
        declaredBy: "component" as const,
    }));
}
