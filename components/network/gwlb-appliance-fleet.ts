import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";
import type { LogGroupSettings } from "../shared/log-group";
import { applianceUserData } from "./appliance/user-data";
import { createVpcCore, type PlannedVpcCore } from "./vpc-core";
import { architectureOf, defaultApplianceImage, GENEVE_PORT, SECURITY_TIERS } from "./gwlb-plan";
import { applianceIdentity, applianceSecurityGroup } from "./gwlb-appliance-access";
import { managementPath, type ManagementPath } from "./gwlb-management";

/** How the target group checks an appliance. */
export interface ApplianceHealthCheck {
    /** Port of the appliance's health listener (1-65535, not 6081). @default 8080 */
    readonly port?: number;
    /** `TCP` (the port accepts connections) or `HTTP` (the path answers 200-399). @default "TCP" */
    readonly protocol?: "TCP" | "HTTP";
    /** Path of an HTTP check. @default "/healthz" (HTTP only) */
    readonly path?: string;
    /** Seconds between checks (5-300). @default 10 */
    readonly intervalSeconds?: number;
    /** Seconds without a response that fail a check (2-120, below the interval). @default 5 */
    readonly timeoutSeconds?: number;
    /** Consecutive successes before a target is healthy (2-10). @default 3 */
    readonly healthyThreshold?: number;
    /** Consecutive failures before a target is unhealthy (2-10). @default 3 */
    readonly unhealthyThreshold?: number;
}

/** Arguments of {@link GwlbApplianceFleet}. */
export interface GwlbApplianceFleetArgs extends AwsContext {
    /**
     * Security VPC CIDR; holds an `appliance` /27 and a `gwlb` /28 per AZ.
     * **CAUTION** changing it replaces the VPC, the load balancer, the fleet and the endpoint service
     * (whose new service name every consumer must then use).
     */
    readonly cidrBlock: string;
    /** Availability zones, in order. **CAUTION** removing or reordering AZs replaces their subnets. */
    readonly availabilityZones: readonly string[];
    /** Appliance instance type; its family must be one of `INSTANCE_FAMILIES` (gwlb-plan.ts). */
    readonly instanceType: string;
    /** Fewest appliances; with cross-zone load balancing off, at least one per AZ. */
    readonly minSize: number;
    /** Appliances to run, between `minSize` and `maxSize`. */
    readonly desiredCapacity: number;
    /** Most appliances. */
    readonly maxSize: number;
    /**
     * AMI ID (`ami-...`) or `resolve:ssm:<parameter>` reference of the appliance image.
     * @default the latest Amazon Linux 2023 for the instance type's architecture, resolved at each launch
     */
    readonly image?: string;
    /**
     * User data (plain text; the component base64-encodes it), e.g. a vendor image's bootstrap.
     * @default a script that makes Amazon Linux 2023 a transparent GENEVE appliance (appliance/geneve-appliance.sh)
     */
    readonly userData?: string;
    /** The default appliance logs each new inner flow to its journal. Ignored with `userData`. @default false */
    readonly logFlows?: boolean;
    /** Root EBS volume (gp3, always encrypted). @default device `/dev/xvda` (Amazon Linux), the image's size */
    readonly rootVolume?: { readonly deviceName?: string; readonly sizeGiB?: number };
    /** Target group health check. @default TCP 8080 every 10 s, timeout 5 s, thresholds 3 and 3 */
    readonly healthCheck?: ApplianceHealthCheck;
    /** Seconds a deregistering appliance keeps its flows (0-3600). @default 300 */
    readonly deregistrationDelaySeconds?: number;
    /**
     * Cross-zone load balancing: off, each GWLB node uses only its AZ's appliances (no inter-AZ
     * charges, so every AZ needs one); on, any healthy appliance serves any AZ.
     * @default false
     */
    readonly crossZoneLoadBalancing?: boolean;
    /** Deletion protection on the load balancer. @default true */
    readonly deletionProtection?: boolean;
    /**
     * Pulumi `protect` on the children whose replacement or deletion would cut traffic for every
     * spoke (the Gateway Load Balancer and its endpoint service, whose name every inspected spoke's
     * endpoints use): a change that would replace or delete one fails the preview until the
     * protection is lifted on purpose (`pulumi state unprotect`).
     * @default false - production environments set it
     */
    readonly protect?: boolean;

    /**
     * IAM principals allowed to create endpoints to the service: account roots
     * (`arn:aws:iam::<account>:root`) or roles. Never `*`, never empty.
     */
    readonly allowedPrincipals: readonly string[];
    /**
     * Whether each endpoint connection waits for acceptance in this account. Off: the allow list is
     * the control, and a spoke's endpoint is usable as soon as its stack creates it.
     * @default false
     */
    readonly acceptanceRequired?: boolean;
    /** VPC flow logs destination; the log group is `<logGroupPrefix>/<name>`. */
    readonly flowLogs: LogGroupSettings & { readonly logGroupPrefix: string };
    /** Tags for every child (the VPC also gets `hub-network:vpc-role: security`), next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

const IAM_PRINCIPAL = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|role\/[\w+=,.@/-]+)$/;

/**
 * A Gateway Load Balancer appliance fleet in its own security VPC, offered to consumers as a VPC
 * endpoint service.
 *
 * Per AZ an `appliance` subnet (instances, management endpoints) and a `gwlb` subnet (the load
 * balancer). The appliances have no public IPs and no route to the internet: they are managed with
 * Session Manager through interface endpoints and update packages from Amazon S3 through a gateway
 * endpoint. GENEVE (UDP 6081) and health checks reach them only from the `gwlb` subnets. An Auto
 * Scaling group replaces unhealthy appliances (ELB health) and rolls the fleet on every launch
 * template change.
 */
export class GwlbApplianceFleet extends pulumi.ComponentResource {
    readonly core: PlannedVpcCore;
    readonly vpc: aws.ec2.Vpc;
    readonly management: ManagementPath;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly role: aws.iam.Role;
    readonly instanceProfile: aws.iam.InstanceProfile;
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly listener: aws.lb.Listener;
    readonly launchTemplate: aws.ec2.LaunchTemplate;
    readonly autoScalingGroup: aws.autoscaling.Group;
    readonly endpointService: aws.ec2.VpcEndpointService;
    readonly vpcId: pulumi.Output<string>;
    /** The endpoint service's name (`com.amazonaws.vpce.<region>.vpce-svc-...`): what consumers connect to. */
    readonly serviceName: pulumi.Output<string>;
    readonly serviceId: pulumi.Output<string>;
    readonly asgName: pulumi.Output<string>;
    readonly loadBalancerArn: pulumi.Output<string>;

    constructor(name: string, args: GwlbApplianceFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Bad args fail before anything, the component itself included, is registered.
        const settings = validate(name, args);
        super("hub-network:network:GwlbApplianceFleet", name, {}, opts);
        const tags = args.tags;
        const partition = partitionOf(args.region);
        this.core = createVpcCore(
            name,
            { ...args, tiers: SECURITY_TIERS, vpcRole: "security", flowLogs: args.flowLogs },
            this,
        );
        this.vpc = this.core.vpc;
        const applianceSubnets = this.core.tier("appliance");
        const gwlbSubnets = this.core.plan.tier("gwlb");

        this.management = managementPath(
            `${name}-mgmt`,
            {
                region: args.region,
                vpcId: this.vpc.id,
                vpcCidr: args.cidrBlock,
                subnetIds: applianceSubnets.map((s) => s.subnet.id),
                routeTableIds: applianceSubnets.map((s) => s.routeTable.id),
                tags,
            },
            this,
        );

        this.securityGroup = applianceSecurityGroup(
            `${name}-appliance`,
            {
                vpcId: this.vpc.id,
                vpcCidr: args.cidrBlock,
                gwlbSubnets,
                healthCheck: settings.healthCheck,
                s3PrefixListId: this.management.s3Endpoint.prefixListId,
                tags,
            },
            this,
        );
        const identity = applianceIdentity(`${name}-appliance`, name, partition, tags, this);
        this.role = identity.role;
        this.instanceProfile = identity.instanceProfile;
        const health = settings.healthCheck;

        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-gwlb`,
            {
                loadBalancerType: "gateway",
                subnets: this.core.tier("gwlb").map((s) => s.subnet.id),
                enableCrossZoneLoadBalancing: settings.crossZone,
                enableDeletionProtection: settings.deletionProtection,
                tags: withName(tags, `${name}-gwlb`),
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.targetGroup = new aws.lb.TargetGroup(
            `${name}-geneve`,
            {
                protocol: "GENEVE",
                port: GENEVE_PORT,
                targetType: "instance",
                vpcId: this.vpc.id,
                deregistrationDelay: settings.deregistrationDelay,
                healthCheck: {
                    enabled: true,
                    protocol: health.protocol,
                    port: String(health.port),
                    path: health.protocol === "HTTP" ? health.path : undefined,
                    matcher: health.protocol === "HTTP" ? "200-399" : undefined,
                    interval: health.intervalSeconds,
                    timeout: health.timeoutSeconds,
                    healthyThreshold: health.healthyThreshold,
                    unhealthyThreshold: health.unhealthyThreshold,
                },
                tags: withName(tags, `${name}-geneve`),
            },
            { parent: this },
        );
        this.listener = new aws.lb.Listener(
            `${name}-listener`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
                tags: withName(tags, `${name}-listener`),
            },
            { parent: this },
        );

        const userData =
            args.userData ??
            applianceUserData({
                healthCheckPort: health.port,
                healthCheckPath: health.protocol === "HTTP" ? health.path : undefined,
                allowedSources: gwlbSubnets.map((s) => s.cidr),
                logFlows: args.logFlows,
            });
        const instanceTags = withName(tags, `${name}-appliance`);
        this.launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-appliance`,
            {
                description: `GWLB appliance of ${name}`,
                imageId: args.image ?? defaultApplianceImage(architectureOf(args.instanceType)),
                instanceType: args.instanceType,
                iamInstanceProfile: { arn: this.instanceProfile.arn },
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                },
                networkInterfaces: [
                    {
                        deviceIndex: 0,
                        associatePublicIpAddress: "false",
                        deleteOnTermination: "true",
                        securityGroups: [this.securityGroup.id],
                    },
                ],
                blockDeviceMappings: [
                    {
                        deviceName: args.rootVolume?.deviceName ?? "/dev/xvda",
                        ebs: {
                            volumeType: "gp3",
                            volumeSize: args.rootVolume?.sizeGiB,
                            encrypted: "true",
                            deleteOnTermination: "true",
                        },
                    },
                ],
                userData: Buffer.from(userData, "utf8").toString("base64"),
                updateDefaultVersion: true,
                tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
                    resourceType,
                    tags: instanceTags,
                })),
                tags: withName(tags, `${name}-appliance`),
            },
            { parent: this },
        );
        this.autoScalingGroup = new aws.autoscaling.Group(
            `${name}-appliances`,
            {
                vpcZoneIdentifiers: applianceSubnets.map((s) => s.subnet.id),
                minSize: args.minSize,
                desiredCapacity: args.desiredCapacity,
                maxSize: args.maxSize,
                launchTemplate: {
                    id: this.launchTemplate.id,
                    version: this.launchTemplate.latestVersion.apply(String),
                },
                targetGroupArns: [this.targetGroup.arn],
                healthCheckType: "ELB",
                healthCheckGracePeriod: 120,
                // A new template version starts a rolling replacement: launch first, then terminate.
                instanceRefresh: {
                    strategy: "Rolling",
                    preferences: {
                        minHealthyPercentage: 100,
                        maxHealthyPercentage: 200,
                        instanceWarmup: "120",
                    },
                },
                tags: Object.entries(instanceTags).map(([key, value]) => ({
                    key,
                    value,
                    propagateAtLaunch: false,
                })),
            },
            { parent: this, dependsOn: [this.listener] },
        );
        this.endpointService = new aws.ec2.VpcEndpointService(
            `${name}-service`,
            {
                acceptanceRequired: args.acceptanceRequired ?? false,
                allowedPrincipals: [...args.allowedPrincipals],
                gatewayLoadBalancerArns: [this.loadBalancer.arn],
                supportedIpAddressTypes: ["ipv4"],
                tags: withName(tags, `${name}-service`),
            },
            { parent: this, protect: args.protect ?? false },
        );

        this.vpcId = this.vpc.id;
        this.serviceName = this.endpointService.serviceName;
        this.serviceId = this.endpointService.id;
        this.asgName = this.autoScalingGroup.name;
        this.loadBalancerArn = this.loadBalancer.arn;
        this.registerOutputs({
            vpcId: this.vpcId,
            serviceName: this.serviceName,
            serviceId: this.serviceId,
            asgName: this.asgName,
            loadBalancerArn: this.loadBalancerArn,
        });
    }
}

/** The settings with defaults applied; throws an Error naming the arg, the value and the fix. */
function validate(name: string, args: GwlbApplianceFleetArgs) {
    const fail = (message: string): never => {
        throw new Error(`GwlbApplianceFleet ${name}: ${message}`);
    };
    architectureOf(args.instanceType);
    const { minSize: min, desiredCapacity: desired, maxSize: max } = args;
    if (![min, desired, max].every(Number.isInteger) || min < 0 || max < 1) {
        fail(
            `minSize ${min}, desiredCapacity ${desired}, maxSize ${max}: expected whole numbers, maxSize >= 1`,
        );
    }
    if (min > max) fail(`minSize ${min} is above maxSize ${max}; expected minSize <= maxSize`);
    if (desired < min || desired > max) {
        fail(
            `desiredCapacity ${desired} is outside ${min}-${max}; expected minSize <= desiredCapacity <= maxSize`,
        );
    }
    const crossZone = args.crossZoneLoadBalancing ?? false;
    const azs = args.availabilityZones.length;
    if (!crossZone && min < azs) {
        fail(
            `minSize ${min} leaves an AZ without an appliance while cross-zone load balancing is off; expected minSize >= ${azs} (one per AZ) or crossZoneLoadBalancing true`,
        );
    }
    const h = args.healthCheck ?? {};
    const healthCheck = {
        port: h.port ?? 8080,
        protocol: h.protocol ?? "TCP",
        path: h.path ?? "/healthz",
        intervalSeconds: h.intervalSeconds ?? 10,
        timeoutSeconds: h.timeoutSeconds ?? 5,
        healthyThreshold: h.healthyThreshold ?? 3,
        unhealthyThreshold: h.unhealthyThreshold ?? 3,
    };
    if (!Number.isInteger(healthCheck.port) || healthCheck.port < 1 || healthCheck.port > 65535) {
        fail(`healthCheck.port ${healthCheck.port} is not a port; expected 1-65535`);
    }
    if (healthCheck.port === GENEVE_PORT) {
        fail(
            `healthCheck.port ${GENEVE_PORT} is the GENEVE port; expected another port for the health listener`,
        );
    }
    if (healthCheck.timeoutSeconds >= healthCheck.intervalSeconds) {
        fail(
            `healthCheck.timeoutSeconds ${healthCheck.timeoutSeconds} is not below intervalSeconds ${healthCheck.intervalSeconds}; expected a shorter timeout`,
        );
    }
    const deregistrationDelay = args.deregistrationDelaySeconds ?? 300;
    if (!Number.isInteger(deregistrationDelay) || deregistrationDelay < 0 || deregistrationDelay > 3600) {
        fail(`deregistrationDelaySeconds ${deregistrationDelay} is outside 0-3600`);
    }
    if (args.allowedPrincipals.length === 0) {
        fail("allowedPrincipals is empty; expected the spoke accounts' roots or deployer roles");
    }
    for (const principal of args.allowedPrincipals) {
        if (!IAM_PRINCIPAL.test(principal)) {
            fail(
                `allowedPrincipals '${principal}' is not an account root or role ARN; expected arn:aws:iam::<account>:root or arn:aws:iam::<account>:role/<name>, never '*'`,
            );
        }
    }
    return {
        crossZone,
        deletionProtection: args.deletionProtection ?? true,
        healthCheck,
        deregistrationDelay,
    };
}
