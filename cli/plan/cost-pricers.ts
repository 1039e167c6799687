/**
 * How each fixed-cost resource type is priced: one small pricer per type, adding its lines to the bill
 * of its stack (the hourly and monthly charges it brings, and what the table cannot price).
 */
import * as pulumi from "@pulumi/pulumi";
import type { CostItem, CostResource, CostStack, Price, PriceTable, RegionPrices } from "./cost";

/** Types of the fixed-cost resources this module prices. */
export const T = {
    firewall: "aws:networkfirewall/firewall:Firewall",
    nat: "aws:ec2/natGateway:NatGateway",
    tgwAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwPeering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    vpn: "aws:ec2/vpnConnection:VpnConnection",
    resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    alb: "aws:alb/loadBalancer:LoadBalancer",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    eip: "aws:ec2/eip:Eip",
    zone: "aws:route53/zone:Zone",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    kmsKey: "aws:kms/key:Key",
    kmsReplicaKey: "aws:kms/replicaKey:ReplicaKey",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    secret: "aws:secretsmanager/secret:Secret",
    instance: "aws:ec2/instance:Instance",
    asg: "aws:autoscaling/group:Group",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    ecsService: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    dynamodbTable: "aws:dynamodb/table:Table",
} as const;

/** A resource's known state: outputs over inputs, unknown values left out. */
export function propsOf(r: CostResource): Record<string, unknown> {
    const known: Record<string, unknown> = {};
    for (const [k, v] of Object.entries({ ...r.inputs, ...r.outputs })) {
        if (v !== undefined && !pulumi.isUnknown(v)) known[k] = v;
    }
    return known;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => {
    const n = typeof v === "string" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

/** The resource of one of `types` that `from.<field>` refers to (by property dependency, ID or ARN). */
function referenced(
    from: CostResource,
    field: string,
    value: unknown,
    candidates: readonly CostResource[],
): CostResource | undefined {
    const urns = from.propertyDependencies[field] ?? [];
    const byDependency = candidates.find((c) => urns.includes(c.urn));
    if (byDependency) return byDependency;
    const wanted = typeof value === "string" ? value : undefined;
    if (!wanted) return undefined;
    return candidates.find((c) => {
        const p = propsOf(c);
        return p.id === wanted || p.arn === wanted || p.name === wanted;
    });
}

/** The lines of one stack's estimate, as its resources are priced. */
export class StackBill {
    readonly items: CostItem[] = [];
    readonly unpriced: string[] = [];
    /** Counted for the NAT gateway hours AWS waives against firewall endpoint hours. */
    firewallEndpoints = 0;
    natGateways = 0;

    constructor(
        readonly stack: CostStack,
        /** The region's figures (the default region's when the table has none for the stack's). */
        readonly p: RegionPrices,
        readonly prices: PriceTable,
        /** Hosted zones seen so far per account, over every stack (the zone price is tiered per account). */
        readonly zonesPerAccount: Map<string, number>,
    ) {}

    /** `quantity` units charged per hour, for a month. */
    hourly(item: string, urn: string, quantity: number, price: Price, note?: string): void {
        this.add(item, urn, quantity, price, this.prices.hoursPerMonth, note);
    }

    /** `quantity` units charged per month. */
    monthly(item: string, urn: string, quantity: number, price: Price, note?: string): void {
        this.add(item, urn, quantity, price, 1, note);
    }

    /** `count` instances of `instanceType`, or an unpriced note when the table lacks the type. */
    instanceHours(item: string, urn: string, count: number, instanceType: unknown): void {
        const ec2 = this.p.ec2;
        const type = typeof instanceType === "string" ? instanceType : undefined;
        const usd = type ? ec2.usd[type] : undefined;
        if (usd === undefined) {
            if (count > 0)
                this.unpriced.push(`${urn}: instance type ${type ?? "unknown"} is not in the price table`);
            return;
        }
        this.hourly(item, urn, count, {
            usd,
            unit: `${type} ${ec2.unit}`,
            source: ec2.source,
            asOf: ec2.asOf,
        });
    }

    /** The stack's resources of `type`. */
    ofType(type: string): CostResource[] {
        return this.stack.resources.filter((r) => r.type === type);
    }

    private add(
        item: string,
        urn: string,
        quantity: number,
        price: Price,
        hours: number,
        note?: string,
    ): void {
        if (quantity <= 0) return;
        this.items.push({
            item,
            urn,
            quantity,
            unit: price.unit,
            unitUsd: price.usd,
            monthlyUsd: quantity * price.usd * hours,
            source: price.source,
            asOf: price.asOf,
            ...(note ? { note } : {}),
        });
    }
}

/** Prices one resource (its known props given) onto its stack's bill. */
type Pricer = (r: CostResource, props: Record<string, unknown>, bill: StackBill) => void;

const loadBalancer: Pricer = (r, props, bill) => {
    const p = bill.p;
    const kind = String(props.loadBalancerType ?? "application");
    const [label, price] =
        kind === "gateway"
            ? ["Gateway Load Balancer", p.gatewayLoadBalancerHour]
            : kind === "network"
              ? ["Network Load Balancer", p.networkLoadBalancerHour]
              : ["Application Load Balancer", p.applicationLoadBalancerHour];
    bill.hourly(label, r.urn, 1, price);
    if (kind !== "gateway" && props.internal !== true) {
        const azs = Math.max(list(props.subnets).length, list(props.subnetMappings).length);
        bill.hourly(
            "Public IPv4 address",
            r.urn,
            azs,
            p.publicIpv4Hour,
            "internet-facing load balancer: at least one per AZ",
        );
    }
};

const kmsKey: Pricer = (r, _props, bill) => bill.monthly("KMS key", r.urn, 1, bill.prices.monthly.kmsKey);

const tgwAttachment: Pricer = (r, _props, bill) =>
    bill.hourly("Transit Gateway attachment", r.urn, 1, bill.p.transitGatewayAttachmentHour);

/** The pricer of each fixed-cost type; other types cost nothing fixed. */
export const PRICERS: Readonly<Record<string, Pricer>> = {
    [T.firewall]: (r, props, bill) => {
        const endpoints = list(props.subnetMappings).length;
        bill.firewallEndpoints += endpoints;
        bill.hourly(
            "Network Firewall endpoint",
            r.urn,
            endpoints,
            bill.p.networkFirewallEndpointHour,
            "one per AZ",
        );
    },
    [T.nat]: (r, _props, bill) => {
        bill.natGateways += 1;
        bill.hourly("NAT gateway", r.urn, 1, bill.p.natGatewayHour);
    },
    [T.tgwAttachment]: tgwAttachment,
    [T.tgwPeering]: tgwAttachment,
    [T.vpn]: (r, props, bill) => {
        bill.hourly("Site-to-Site VPN connection", r.urn, 1, bill.p.vpnConnectionHour);
        if (props.transitGatewayId !== undefined || r.inputs.transitGatewayId !== undefined) {
            bill.hourly("Transit Gateway attachment (VPN)", r.urn, 1, bill.p.transitGatewayAttachmentHour);
        }
    },
    [T.resolverEndpoint]: (r, props, bill) =>
        bill.hourly(
            "Resolver endpoint ENI",
            r.urn,
            list(props.ipAddresses).length,
            bill.p.resolverEndpointEniHour,
        ),
    [T.lb]: loadBalancer,
    [T.alb]: loadBalancer,
    [T.vpcEndpoint]: (r, props, bill) => {
        const kind = String(props.vpcEndpointType ?? "Gateway");
        if (kind === "Interface") {
            bill.hourly(
                "Interface VPC endpoint",
                r.urn,
                list(props.subnetIds).length,
                bill.p.interfaceEndpointAzHour,
                `${String(props.serviceName ?? r.name)}: one per AZ`,
            );
        } else if (kind === "GatewayLoadBalancer") {
            bill.hourly("GWLB endpoint", r.urn, 1, bill.p.gatewayLoadBalancerEndpointHour);
        }
    },
    [T.eip]: (r, _props, bill) =>
        bill.hourly("Public IPv4 address", r.urn, 1, bill.p.publicIpv4Hour, "Elastic IP"),
    [T.zone]: (r, _props, bill) => {
        const account = bill.stack.accountId;
        const seen = bill.zonesPerAccount.get(account) ?? 0;
        bill.zonesPerAccount.set(account, seen + 1);
        const monthly = bill.prices.monthly;
        bill.monthly(
            "Route 53 hosted zone",
            r.urn,
            1,
            seen < 25 ? monthly.hostedZone : monthly.hostedZoneOver25,
        );
    },
    [T.healthCheck]: (r, props, bill) => {
        const kind = String(props.type ?? "");
        const aws = kind === "CLOUDWATCH_METRIC" || kind === "CALCULATED";
        const monthly = bill.prices.monthly;
        bill.monthly(
            "Route 53 health check",
            r.urn,
            1,
            aws ? monthly.healthCheckAws : monthly.healthCheckOther,
        );
    },
    [T.webAcl]: (r, props, bill) => {
        bill.monthly("WAF web ACL", r.urn, 1, bill.prices.monthly.wafWebAcl);
        bill.monthly("WAF rule", r.urn, list(props.rules).length, bill.prices.monthly.wafRule);
    },
    [T.kmsKey]: kmsKey,
    [T.kmsReplicaKey]: kmsKey,
    [T.alarm]: (r, props, bill) => {
        const metrics = list(props.metricQueries).filter((q) => (q as { metric?: unknown }).metric).length;
        const highResolution = (num(props.period) ?? 60) < 60;
        const monthly = bill.prices.monthly;
        bill.monthly(
            "CloudWatch alarm",
            r.urn,
            Math.max(1, metrics),
            highResolution ? monthly.cloudwatchAlarmHighResolution : monthly.cloudwatchAlarm,
        );
    },
    [T.compositeAlarm]: (r, _props, bill) =>
        bill.monthly("CloudWatch composite alarm", r.urn, 1, bill.prices.monthly.cloudwatchCompositeAlarm),
    [T.secret]: (r, _props, bill) =>
        bill.monthly("Secrets Manager secret", r.urn, 1, bill.prices.monthly.secret),
    [T.instance]: (r, props, bill) => bill.instanceHours("EC2 instance", r.urn, 1, props.instanceType),
    [T.asg]: (r, props, bill) => {
        const count = num(props.desiredCapacity) ?? num(props.minSize) ?? 0;
        const spec = props.launchTemplate as { id?: unknown; name?: unknown } | undefined;
        const template = referenced(
            r,
            "launchTemplate",
            spec?.id ?? spec?.name,
            bill.ofType(T.launchTemplate),
        );
        bill.instanceHours(
            "EC2 instances (Auto Scaling group)",
            r.urn,
            count,
            template ? propsOf(template).instanceType : undefined,
        );
    },
    [T.ecsService]: (r, props, bill) => {
        const strategies = list(props.capacityProviderStrategies).map(
            (s) => (s as { capacityProvider?: string }).capacityProvider,
        );
        const fargate = props.launchType === "FARGATE" || strategies.includes("FARGATE");
        if (!fargate) return;
        const count = num(props.desiredCount) ?? 0;
        const task = referenced(r, "taskDefinition", props.taskDefinition, bill.ofType(T.taskDefinition));
        const taskProps = task ? propsOf(task) : {};
        const cpu = num(taskProps.cpu);
        const memory = num(taskProps.memory);
        if (cpu === undefined || memory === undefined) {
            if (count > 0) bill.unpriced.push(`${r.urn}: task definition size unknown`);
            return;
        }
        const arm =
            (taskProps.runtimePlatform as { cpuArchitecture?: string } | undefined)?.cpuArchitecture ===
            "ARM64";
        const p = bill.p;
        bill.hourly(
            "Fargate vCPU",
            r.urn,
            (count * cpu) / 1024,
            arm ? p.fargateArmVcpuHour : p.fargateVcpuHour,
        );
        bill.hourly(
            "Fargate memory (GB)",
            r.urn,
            (count * memory) / 1024,
            arm ? p.fargateArmGbHour : p.fargateGbHour,
        );
    },
    [T.dynamodbTable]: (r, props, bill) => {
        if (props.billingMode !== "PROVISIONED") return;
        bill.hourly("DynamoDB provisioned WCU", r.urn, num(props.writeCapacity) ?? 0, bill.p.dynamodbWcuHour);
        bill.hourly("DynamoDB provisioned RCU", r.urn, num(props.readCapacity) ?? 0, bill.p.dynamodbRcuHour);
    },
};
