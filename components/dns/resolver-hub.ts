import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName, type AwsContext } from "../shared/aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "../shared/log-group";
import type { ResolverPlacement } from "../network/shared-services-vpc";
import { shareResources, type ShareTarget } from "../shared/resource-share";

/** Arguments of {@link ResolverHub}. */
export interface ResolverHubArgs extends AwsContext {
    /** The shared-services VPC that hosts the endpoints. */
    readonly vpcId: pulumi.Input<string>;
    /**
     * One entry per AZ (at least 2): the `resolver` subnet and the fixed inbound address there (see
     * `SharedServicesVpc.resolverPlacements`). The outbound endpoint uses the same subnets.
     * **CAUTION** changing an address replaces the inbound endpoint; on-premises forwarders point at it.
     */
    readonly placements: readonly ResolverPlacement[];
    /** On-premises ranges allowed to query the inbound endpoint. */
    readonly onPremisesCidrs: readonly string[];
    /** The spoke supernet, allowed to query the inbound endpoint (spoke-to-spoke names go through it). */
    readonly supernet: string;
    /** On-premises DNS servers: the targets of the on-premises forwarding rules. */
    readonly onPremisesDnsServers: readonly string[];
    /** On-premises domains: one FORWARD rule each, to the on-premises DNS servers. */
    readonly onPremisesDomains: readonly string[];
    /** The corporate AWS domain (`aws.<corp>`): one FORWARD rule to the inbound endpoint addresses. */
    readonly corporateDomain: string;
    /** Who the rules are shared with by AWS RAM (never outside the organization). */
    readonly shareWith: ShareTarget;
    /**
     * Hub VPCs that use the on-premises rules, by a short key used in child names (e.g.
     * `{ "shared-services": vpcId }`). The corporate-domain rule is never associated with a hub VPC:
     * in the shared-services VPC it would forward queries for `aws.<corp>` to its own inbound endpoint.
     * @default {} - no associations
     */
    readonly onPremisesRuleVpcs?: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * Pulumi `protect` on the children whose replacement or deletion would cut traffic for every
     * spoke (both Resolver endpoints, their security groups and the forwarding rules every spoke
     * associates): a change that would replace or delete one fails the preview until the protection
     * is lifted on purpose (`pulumi state unprotect`).
     * @default false - production environments set it
     */
    readonly protect?: boolean;
    /** Resolver query logging of the shared-services VPC. @default undefined - no query logging */
    readonly queryLogging?: LogGroupSettings & { readonly logGroupName: string };
    /** Tags for every child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

const DNS_PORT = 53;
const PROTOCOLS = ["tcp", "udp"] as const;

/** A child name suffix for a domain or address: dots become dashes. */
function slug(text: string): string {
    return text.replace(/[./]/g, "-");
}

/**
 * The DNS hub of a region, in the shared-services VPC: Route 53 Resolver inbound endpoint at fixed
 * addresses in at least two AZs (queried by on-premises and by the spokes), outbound endpoint in the
 * same AZs, FORWARD rules for every on-premises domain (to the on-premises DNS servers) and for the
 * corporate AWS domain (to the inbound endpoint, so every spoke resolves every other spoke's private
 * zone through the hub), shared by AWS RAM inside the organization. Security groups allow DNS (TCP and
 * UDP 53) only where it is needed.
 */
export class ResolverHub extends pulumi.ComponentResource {
    readonly inboundSecurityGroup: aws.ec2.SecurityGroup;
    readonly outboundSecurityGroup: aws.ec2.SecurityGroup;
    readonly inboundEndpoint: aws.route53.ResolverEndpoint;
    readonly outboundEndpoint: aws.route53.ResolverEndpoint;
    /** The FORWARD rules by domain. */
    readonly rules: Readonly<Record<string, aws.route53.ResolverRule>>;
    readonly resourceShare: aws.ram.ResourceShare;
    /** The fixed inbound endpoint addresses, in AZ order. */
    readonly inboundIps: readonly string[];
    /** Rule ID by domain (on-premises domains and the corporate domain). */
    readonly ruleIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: ResolverHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:dns:ResolverHub", name, {}, opts);
        const azs = new Set(args.placements.map((p) => p.availabilityZone));
        if (args.placements.length < 2 || azs.size !== args.placements.length) {
            throw new Error(
                `ResolverHub ${name}: placements must name at least 2 distinct AZs, got ${[...azs].join(", ") || "none"}`,
            );
        }
        const domains = [...args.onPremisesDomains, args.corporateDomain];
        if (new Set(domains).size !== domains.length) {
            throw new Error(`ResolverHub ${name}: domains must be unique, got ${domains.join(", ")}`);
        }
        const tags = args.tags;
        this.inboundIps = args.placements.map((p) => p.inboundIp);

        const protect = args.protect ?? false;
        this.inboundSecurityGroup = this.securityGroup(
            `${name}-inbound`,
            args.vpcId,
            "Route 53 Resolver inbound endpoint: DNS from on-premises and the spokes only",
            tags,
            protect,
        );
        const clients = [
            ...args.onPremisesCidrs.map((cidr) => ({ cidr, who: "on-premises" })),
            { cidr: args.supernet, who: "the spoke supernet" },
        ];
        for (const { cidr, who } of clients) {
            for (const protocol of PROTOCOLS) {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-inbound-${protocol}-${slug(cidr)}`,
                    {
                        securityGroupId: this.inboundSecurityGroup.id,
                        ipProtocol: protocol,
                        fromPort: DNS_PORT,
                        toPort: DNS_PORT,
                        cidrIpv4: cidr,
                        description: `DNS (${protocol.toUpperCase()} 53) from ${who} ${cidr}`,
                        tags: withName(tags, `${name}-inbound-${protocol}-${slug(cidr)}`),
                    },
                    { parent: this },
                );
            }
        }
        this.inboundEndpoint = new aws.route53.ResolverEndpoint(
            `${name}-inbound`,
            {
                name: `${name}-inbound`,
                direction: "INBOUND",
                resolverEndpointType: "IPV4",
                securityGroupIds: [this.inboundSecurityGroup.id],
                ipAddresses: args.placements.map((p) => ({ subnetId: p.subnetId, ip: p.inboundIp })),
                tags: withName(tags, `${name}-inbound`),
            },
            // Replaced only when its security group or direction changes (`security_group_ids` and
            // `direction` are ForceNew; addresses change in place: terraform-provider-aws,
            // internal/service/route53resolver/endpoint.go). Never delete-before-replace: on-premises
            // forwarders point at these addresses, so a replacement must fail (the new endpoint cannot
            // take addresses the old one holds) rather than take DNS down first.
            { parent: this, protect },
        );

        this.outboundSecurityGroup = this.securityGroup(
            `${name}-outbound`,
            args.vpcId,
            "Route 53 Resolver outbound endpoint: DNS to the on-premises servers and the inbound endpoint only",
            tags,
            protect,
        );
        const targets = [
            ...args.onPremisesDnsServers.map((ip) => ({ ip, who: "on-premises DNS server" })),
            ...this.inboundIps.map((ip) => ({ ip, who: "the inbound endpoint" })),
        ];
        for (const { ip, who } of targets) {
            for (const protocol of PROTOCOLS) {
                new aws.vpc.SecurityGroupEgressRule(
                    `${name}-outbound-${protocol}-${slug(ip)}`,
                    {
                        securityGroupId: this.outboundSecurityGroup.id,
                        ipProtocol: protocol,
                        fromPort: DNS_PORT,
                        toPort: DNS_PORT,
                        cidrIpv4: `${ip}/32`,
                        description: `DNS (${protocol.toUpperCase()} 53) to ${who} ${ip}`,
                        tags: withName(tags, `${name}-outbound-${protocol}-${slug(ip)}`),
                    },
                    { parent: this },
                );
            }
        }
        this.outboundEndpoint = new aws.route53.ResolverEndpoint(
            `${name}-outbound`,
            {
                name: `${name}-outbound`,
                direction: "OUTBOUND",
                resolverEndpointType: "IPV4",
                securityGroupIds: [this.outboundSecurityGroup.id],
                ipAddresses: args.placements.map((p) => ({ subnetId: p.subnetId })),
                tags: withName(tags, `${name}-outbound`),
            },
            // Created after the inbound endpoint, so its automatic addresses never take a fixed one.
            { parent: this, dependsOn: [this.inboundEndpoint], protect },
        );

        const rule = (domain: string, targetIps: readonly string[]) =>
            new aws.route53.ResolverRule(
                `${name}-rule-${slug(domain)}`,
                {
                    name: `${name}-${slug(domain)}`,
                    domainName: domain,
                    ruleType: "FORWARD",
                    resolverEndpointId: this.outboundEndpoint.id,
                    targetIps: targetIps.map((ip) => ({ ip, port: DNS_PORT })),
                    tags: withName(tags, `${name}-rule-${slug(domain)}`),
                },
                // Every spoke associates the rule: replacing it would drop those associations.
                { parent: this, protect },
            );
        const rules: Record<string, aws.route53.ResolverRule> = {};
        for (const domain of args.onPremisesDomains) rules[domain] = rule(domain, args.onPremisesDnsServers);
        rules[args.corporateDomain] = rule(args.corporateDomain, this.inboundIps);
        this.rules = rules;

        for (const [key, vpcId] of Object.entries(args.onPremisesRuleVpcs ?? {})) {
            for (const domain of args.onPremisesDomains) {
                new aws.route53.ResolverRuleAssociation(
                    `${name}-rule-${slug(domain)}-${key}`,
                    { name: `${name}-${slug(domain)}-${key}`, resolverRuleId: rules[domain].id, vpcId },
                    { parent: this },
                );
            }
        }

        this.resourceShare = shareResources(
            name,
            Object.fromEntries(Object.entries(rules).map(([domain, r]) => [slug(domain), r.arn])),
            args.shareWith,
            tags,
            this,
        );

        if (args.queryLogging) {
            const group = encryptedLogGroup(
                `${name}-query-logs`,
                args.queryLogging.logGroupName,
                { ...args.queryLogging, tags: { ...tags, ...args.queryLogging.tags } },
                this,
            );
            const config = new aws.route53.ResolverQueryLogConfig(
                `${name}-query-logs`,
                {
                    name: `${name}-query-logs`,
                    destinationArn: group.arn,
                    tags: withName(tags, `${name}-query-logs`),
                },
                { parent: this },
            );
            new aws.route53.ResolverQueryLogConfigAssociation(
                `${name}-query-logs`,
                { resolverQueryLogConfigId: config.id, resourceId: args.vpcId },
                { parent: this },
            );
        }

        this.ruleIds = Object.fromEntries(Object.entries(rules).map(([domain, r]) => [domain, r.id]));
        this.registerOutputs({ inboundIps: this.inboundIps, ruleIds: this.ruleIds });
    }

    private securityGroup(
        sgName: string,
        vpcId: pulumi.Input<string>,
        description: string,
        tags: Readonly<Record<string, string>> | undefined,
        protect: boolean,
    ): aws.ec2.SecurityGroup {
        // No inline rules: every rule is its own resource with a description, and the provider
        // removes the default allow-all egress rule AWS adds to a new group. EC2 cannot change a
        // group's description, so editing it would replace the group and, through the endpoint's
        // ForceNew security_group_ids, the endpoint: the description is set once and never diffed.
        return new aws.ec2.SecurityGroup(
            sgName,
            { vpcId, description, tags: withName(tags, sgName) },
            { parent: this, protect, ignoreChanges: ["description"] },
        );
    }
}
