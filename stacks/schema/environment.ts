/**
 * Schema of an environment file (`stacks/environments/<env>.yaml`): the facts every stack of an
 * environment shares. Shape and cross-field rules; parsed once at the top of each stack.
 */
import { z } from "zod";
import {
    defaultInboundIps,
    inboundIpProblem,
    MIN_RESOLVER_AZS,
    planSharedServices,
} from "../../components/network/shared-services-plan";
import { cidrContains, cidrsOverlap, type SubnetPlan } from "../../components/network/subnet-plan";
import { REGION_AZ_IDS } from "../../components/shared/availability-zones";
import {
    accountId,
    arnAccount,
    arnPartition,
    awsServiceDomainOf,
    cidr,
    domainName,
    ipv4,
    partitionOf,
    regionName,
    roleArn,
    tags,
} from "./fields";
import { INSPECTION_TIERS } from "../../components/network/inspection-vpc";
import { planSecurityVpc } from "../../components/network/gwlb-plan";
import { planSubnets } from "../../components/network/subnet-plan";
import { appliancesSchema } from "./appliances";
import { checkRuleVariables, firewallSchema } from "./firewall";
import { checkFirewallAddresses, DERIVED_VARIABLES, environmentRuleVariables } from "./firewall-env";
import { checkExistingTransitGateways } from "./existing-checks";
import { existingTransitGatewaySchema } from "./existing";
import { checkOnPremises, onPremisesSchema } from "./on-premises";
import { checkDetection, detectionSchema } from "./detection";

/** The retention periods CloudWatch Logs accepts. */
export const RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const hubCidrs = z.strictObject({
    /** Inspection VPC (Network Firewall, NAT, internet gateway). */
    inspection: cidr,
    /** Shared-services VPC (Route 53 Resolver endpoints). */
    sharedServices: cidr,
    /** Security VPC (Gateway Load Balancer appliance fleet). */
    security: cidr,
});

const region = z.strictObject({
    name: regionName,
    availabilityZones: z
        .number({ error: "is not a number; expected an AZ count from 1 to 6" })
        .int()
        .min(1, { error: "is out of range; expected an AZ count from 1 to 6" })
        .max(6, { error: "is out of range; expected an AZ count from 1 to 6" }),
    /**
     * The AZs by AZ ID (`euw1-az1`), as many as `availabilityZones`: what every account of the
     * environment uses in this region, whatever names its own mapping gives them. Default: the first
     * `availabilityZones` AZ IDs of the region, in AZ ID order. List them to keep the AZs an existing
     * deployment already uses, or to avoid one.
     */
    availabilityZoneIds: z
        .array(
            z.string().regex(/^[a-z]{2,6}\d+-az\d+$/, {
                error: "is not an AZ ID; expected e.g. euw1-az1 (aws ec2 describe-availability-zones shows ZoneId)",
            }),
        )
        .optional(),
    transitGatewayAsn: z
        .number()
        .int()
        .refine((n) => (n >= 64512 && n <= 65534) || (n >= 4200000000 && n <= 4294967294), {
            error: "is not a private ASN; expected 64512-65534 or 4200000000-4294967294",
        }),
    transitGatewayFlowLogs: z.boolean().default(false),
    cidrs: hubCidrs,
    /** An existing Transit Gateway the network stack adopts instead of creating one (docs/adopting.md). */
    existingTransitGateway: existingTransitGatewaySchema.optional(),
    /** Route 53 Resolver settings of this region. */
    dns: z
        .strictObject({
            /**
             * Inbound endpoint addresses, one per AZ in AZ order (at least 2), each in the `resolver`
             * subnet of its AZ. Default: the first free address of every AZ's resolver subnet.
             */
            inboundIps: z.array(ipv4).optional(),
        })
        .optional(),
});

/** The environment file. */
export const environmentSchema = z
    .strictObject({
        name: z.string().regex(/^[a-z][a-z0-9]{1,15}$/, {
            error: "is not an environment name; expected 2-16 lowercase letters and digits, e.g. dev",
        }),
        profile: z.enum(["development", "production"], {
            error: "is not a profile; expected development or production",
        }),
        accounts: z
            .strictObject({
                network: accountId,
                security: accountId,
                /**
                 * The name of the role each spoke account's pipeline deploys with, where a spoke does not
                 * give its own `deployerRoleArn`: the account ID is then written once, in `id`.
                 */
                deployerRoleName: z
                    .string({ error: "is not a role name; expected e.g. hub-network-deployer" })
                    .regex(/^[\w+=,.@-]{1,64}$/, {
                        error: "is not an IAM role name; expected 1-64 letters, digits and +=,.@_-, e.g. hub-network-deployer",
                    })
                    .default("hub-network-deployer"),
                spokes: z
                    .array(z.strictObject({ id: accountId, deployerRoleArn: roleArn.optional() }))
                    .min(1, {
                        error: "is empty; expected at least one spoke account: the network stack's onboarding role and the appliance fleet trust the spoke accounts' deployer roles",
                    }),
            })
            .transform(({ deployerRoleName, ...accounts }) => ({
                ...accounts,
                deployerRoleName,
                spokes: accounts.spokes.map((s) => ({
                    id: s.id,
                    deployerRoleArn: s.deployerRoleArn ?? `arn:aws:iam::${s.id}:role/${deployerRoleName}`,
                })),
            })),
        organization: z.strictObject({
            arn: z
                .string()
                .regex(/^arn:aws(-cn|-us-gov)?:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/, {
                    error: "is not an organization ARN; expected arn:aws:organizations::<12-digit account>:organization/o-<10-32 characters>",
                }),
        }),
        shareWith: z.enum(["organization", "accounts"], {
            error: "is not a sharing scope; expected organization or accounts",
        }),
        regions: z.strictObject({ primary: region, dr: region.optional() }),
        addressing: z.strictObject({
            supernet: cidr,
            spokePool: cidr,
            /**
             * Spokes take their CIDRs from an Amazon VPC IPAM pool (built by the primary network
             * stack from `spokePool`) instead of fixed ranges in their requests.
             */
            ipam: z.boolean({ error: "is not true or false; expected true or false" }).default(false),
        }),
        onPremises: onPremisesSchema,
        dns: z.strictObject({
            corporateDomain: domainName,
            /** Route 53 Resolver query logging to an encrypted CloudWatch log group. */
            queryLogging: z.boolean({ error: "is not true or false; expected true or false" }).default(false),
        }),
        egress: z.strictObject({
            natGateways: z.enum(["per-az", "single"], {
                error: "is not a NAT layout; expected per-az or single",
            }),
        }),
        logging: z.strictObject({
            retentionDays: z
                .number()
                .int()
                .refine((d) => RETENTION_DAYS.includes(d), {
                    error: `is not a CloudWatch Logs retention; expected one of ${RETENTION_DAYS.join(", ")}`,
                }),
        }),
        firewall: firewallSchema,
        /** The GWLB appliance fleet of the security stack (stacks/schema/appliances.ts). */
        appliances: appliancesSchema.optional(),
        /** Threat detection, the block-list response and the audit trail (stacks/schema/detection.ts). */
        detection: detectionSchema.optional(),
        tags: tags.default({}),
    })
    .superRefine(checkEnvironment);

/** A parsed, validated environment file. */
export type Environment = z.output<typeof environmentSchema>;
/** One region of an environment. */
export type EnvironmentRegion = Environment["regions"]["primary"];

/** Where a problem is: the field path in the file. */
export type Path = (string | number)[];

/** Reports one problem of the file: where, the value found, and what is wrong and expected. */
export type Issue = (path: Path, input: unknown, message: string, params?: Record<string, unknown>) => void;

function checkEnvironment(env: z.output<typeof environmentSchema>, ctx: z.RefinementCtx): void {
    const issue: Issue = (path, input, message, params) =>
        ctx.addIssue({ code: "custom", path, input, message, ...(params ? { params } : {}) });
    const { supernet, spokePool } = env.addressing;

    if (!cidrContains(supernet, spokePool)) {
        issue(
            ["addressing", "spokePool"],
            spokePool,
            `is outside the supernet ${supernet}; expected a range inside it`,
        );
    }
    const hubRanges: { path: Path; cidr: string }[] = [];
    for (const key of ["primary", "dr"] as const) {
        const r = env.regions[key];
        if (!r) continue;
        if (env.profile === "production" && r.availabilityZones < 2) {
            issue(
                ["regions", key, "availabilityZones"],
                r.availabilityZones,
                "is below the production minimum; expected at least 2 AZs in production",
            );
        } else if (r.availabilityZones >= 1 && r.availabilityZones < MIN_RESOLVER_AZS) {
            issue(
                ["regions", key, "availabilityZones"],
                r.availabilityZones,
                `is below the resolver minimum; expected at least ${MIN_RESOLVER_AZS} AZs, since the Route 53 Resolver endpoints need addresses in two AZs`,
            );
        }
        checkResolver(key, r, issue);
        checkZoneIds(key, r, issue);
        checkHubPlans(key, r, env.appliances !== undefined, issue);
        for (const [name, range] of Object.entries(r.cidrs)) {
            const path = ["regions", key, "cidrs", name];
            if (!cidrContains(supernet, range)) {
                issue(path, range, `is outside the supernet ${supernet}; expected a range inside it`);
            } else if (cidrsOverlap(range, spokePool)) {
                issue(
                    path,
                    range,
                    `overlaps addressing.spokePool ${spokePool}; expected hub ranges clear of the spoke pool (or a spokePool clear of regions.${key}.cidrs)`,
                );
            }
            hubRanges.push({ path, cidr: range });
        }
    }
    hubRanges.forEach((a, i) =>
        hubRanges.slice(0, i).forEach((b) => {
            if (cidrsOverlap(a.cidr, b.cidr)) {
                issue(
                    a.path,
                    a.cidr,
                    `overlaps ${b.path.join(".")} (${b.cidr}); expected distinct ranges for every hub VPC`,
                );
            }
        }),
    );
    if (env.regions.dr && env.regions.dr.name === env.regions.primary.name) {
        issue(
            ["regions", "dr", "name"],
            env.regions.dr.name,
            "is the primary region too; expected a different region for DR",
        );
    }
    if (env.regions.dr && env.regions.dr.transitGatewayAsn === env.regions.primary.transitGatewayAsn) {
        issue(
            ["regions", "dr", "transitGatewayAsn"],
            env.regions.dr.transitGatewayAsn,
            "repeats the primary region's ASN; expected a distinct ASN per Transit Gateway",
        );
    }

    checkOnPremises(env, issue);
    checkPartition(env, issue);
    const awsDomain = awsServiceDomainOf(env.dns.corporateDomain);
    if (awsDomain) {
        issue(
            ["dns", "corporateDomain"],
            env.dns.corporateDomain,
            `is under ${awsDomain}, AWS's own service domain: its zone would answer every AWS API name of the VPCs; expected a domain of your own, e.g. aws.example.internal`,
        );
    }
    if (env.profile === "production" && env.egress.natGateways === "single") {
        issue(
            ["egress", "natGateways"],
            env.egress.natGateways,
            "is a single NAT gateway in production: the other AZs' replies cross another AZ's firewall endpoint, which drops them, and one AZ's outage stops all egress; expected per-az",
        );
    }
    // Undefined variables are reported once, here; a derived variable left empty (no on premises)
    // by checkFirewallAddresses, which names the field that would fill it.
    checkRuleVariables(env.firewall.ruleGroups, [supernet], ["firewall"], issue, {
        variables: environmentRuleVariables(env),
        reportedElsewhere: DERIVED_VARIABLES,
    });
    checkFirewallAddresses(env, issue);
    checkExistingTransitGateways(env, issue);
    checkDetection(env.detection, env.accounts, env.organization.arn, issue, env.firewall.logging.alert);

    const ids = env.accounts.spokes.map((s) => s.id);
    env.accounts.spokes.forEach((spoke, i) => {
        if (ids.indexOf(spoke.id) !== i) {
            issue(
                ["accounts", "spokes", i, "id"],
                spoke.id,
                "is listed twice; expected each spoke account once",
            );
        }
        if ([env.accounts.network, env.accounts.security].includes(spoke.id)) {
            issue(
                ["accounts", "spokes", i, "id"],
                spoke.id,
                "is the network or security account; expected a separate workload account",
            );
        }
        // A malformed ARN is reported by its own schema; comparing its account would only add noise.
        if (
            roleArn.safeParse(spoke.deployerRoleArn).success &&
            arnAccount(spoke.deployerRoleArn) !== spoke.id
        ) {
            issue(
                ["accounts", "spokes", i, "deployerRoleArn"],
                spoke.deployerRoleArn,
                `belongs to account ${arnAccount(spoke.deployerRoleArn)}; expected a role in the spoke's own account ${spoke.id}`,
            );
        }
    });
}

/** Listed AZ IDs: one per AZ of the region, each once, each an AZ ID of the region (where AWS's list is known). */
function checkZoneIds(key: "primary" | "dr", r: EnvironmentRegion, issue: Issue): void {
    const ids = r.availabilityZoneIds;
    if (ids === undefined) return;
    const path: Path = ["regions", key, "availabilityZoneIds"];
    if (ids.length !== r.availabilityZones) {
        issue(
            path,
            ids,
            `lists ${ids.length} AZ ID(s) for ${r.availabilityZones} AZs; expected one AZ ID per AZ (regions.${key}.availabilityZones)`,
        );
    }
    const known = REGION_AZ_IDS[r.name];
    ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i) {
            issue([...path, i], id, "is listed twice; expected each AZ once");
        } else if (known && /-az\d+$/.test(id) && !known.includes(id)) {
            issue([...path, i], id, `is not an AZ ID of ${r.name}; expected one of ${known.join(", ")}`);
        }
    });
}

/**
 * The inspection VPC (and the security VPC, when the environment has an appliance fleet) must hold
 * their subnets in every AZ: checked here, before any resource, rather than inside a component once
 * a partial hub is already declared.
 */
function checkHubPlans(key: "primary" | "dr", r: EnvironmentRegion, appliances: boolean, issue: Issue): void {
    if (!Number.isInteger(r.availabilityZones) || r.availabilityZones < 1 || r.availabilityZones > 6) return;
    const azKeys = Array.from({ length: r.availabilityZones }, (_, i) => `az${i + 1}`);
    try {
        planSubnets({ vpcCidr: r.cidrs.inspection, availabilityZones: azKeys, tiers: INSPECTION_TIERS });
    } catch {
        issue(
            ["regions", key, "cidrs", "inspection"],
            r.cidrs.inspection,
            `is too small for a /28 tgw, firewall and public subnet in each of ${azKeys.length} AZs; expected a larger range, e.g. a /24`,
        );
    }
    if (!appliances) return;
    try {
        planSecurityVpc(r.cidrs.security, azKeys);
    } catch {
        issue(
            ["regions", key, "cidrs", "security"],
            r.cidrs.security,
            `is too small for an appliance /27 and a gwlb /28 in each of ${azKeys.length} AZs; expected a larger range, e.g. a /23`,
        );
    }
}

/**
 * Every ARN of the environment is of its regions' partition (`arn:aws-cn:` in China, `arn:aws-us-gov:`
 * in GovCloud, `arn:aws:` elsewhere), and both regions are of one partition: IAM and RAM refuse an
 * ARN of another partition.
 */
function checkPartition(env: z.output<typeof environmentSchema>, issue: Issue): void {
    const partition = partitionOf(env.regions.primary.name);
    if (env.regions.dr && partitionOf(env.regions.dr.name) !== partition) {
        issue(
            ["regions", "dr", "name"],
            env.regions.dr.name,
            `is in partition ${partitionOf(env.regions.dr.name)}, the primary region ${env.regions.primary.name} in ${partition}; expected a DR region of the same partition`,
        );
    }
    // A value the shape check refused (or left out) is not looked at again here.
    const check = (path: Path, arn: string | undefined) => {
        if (typeof arn === "string" && arn.startsWith("arn:") && arnPartition(arn) !== partition) {
            issue(
                path,
                arn,
                `is an ARN of partition ${arnPartition(arn)}, but the environment's regions are in ${partition}; expected arn:${partition}:...`,
            );
        }
    };
    check(["organization", "arn"], env.organization.arn);
    env.accounts.spokes.forEach((s, i) =>
        check(["accounts", "spokes", i, "deployerRoleArn"], s.deployerRoleArn),
    );
    (env.appliances?.allowedPrincipals ?? []).forEach((p, i) =>
        check(["appliances", "allowedPrincipals", i], p),
    );
}

/** The shared-services VPC must hold its plan, and fixed inbound addresses must sit in their AZ's resolver subnet. */
function checkResolver(key: "primary" | "dr", r: EnvironmentRegion, issue: Issue): void {
    // A bad AZ count is reported on its own; the plan below would only repeat it in other words.
    if (
        !Number.isInteger(r.availabilityZones) ||
        r.availabilityZones < MIN_RESOLVER_AZS ||
        r.availabilityZones > 6
    ) {
        return;
    }
    const azKeys = Array.from({ length: r.availabilityZones }, (_, i) => `az${i + 1}`);
    let plan: SubnetPlan;
    try {
        plan = planSharedServices(r.cidrs.sharedServices, azKeys);
    } catch {
        issue(
            ["regions", key, "cidrs", "sharedServices"],
            r.cidrs.sharedServices,
            `is too small for a /28 tgw and a /28 resolver subnet in each of ${azKeys.length} AZs; expected a larger range, e.g. a /24`,
        );
        return;
    }
    const ips = r.dns?.inboundIps;
    if (ips === undefined) return;
    const path: Path = ["regions", key, "dns", "inboundIps"];
    if (ips.length < MIN_RESOLVER_AZS) {
        issue(
            path,
            ips,
            `lists ${ips.length} address(es); expected one address in each of at least ${MIN_RESOLVER_AZS} AZs (the resolver endpoints span two AZs)`,
        );
    }
    if (ips.length > azKeys.length) {
        issue(
            path,
            ips,
            `lists ${ips.length} addresses for ${azKeys.length} AZs; expected at most one address per AZ of regions.${key}`,
        );
    }
    const defaults = defaultInboundIps(plan);
    ips.slice(0, azKeys.length).forEach((ip, i) => {
        // A malformed address is reported by its own schema.
        if (!ipv4.safeParse(ip).success) return;
        const problem = inboundIpProblem(ip, plan.cidr("resolver", azKeys[i]));
        if (problem) {
            issue([...path, i], ip, `${problem} (AZ ${i + 1}); expected an address such as ${defaults[i]}`);
        }
    });
}
