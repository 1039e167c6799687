/**
 * An estimated monthly list-price cost of the fixed parts of an environment, from the resources its
 * stacks register and a price table kept as data (prices.json: every figure with its source page and
 * the date it was taken). Fixed parts are the hourly and monthly charges that run whether or not
 * traffic flows: firewall endpoints, NAT gateways, Transit Gateway attachments, Resolver endpoint
 * ENIs, load balancers and endpoints, public IPv4 addresses, hosted zones, health checks, WAF web ACLs
 * and rules, KMS keys, alarms, instances and tasks. Every traffic-dependent charge is excluded.
 * Pure: no I/O besides the price table import.
 */
import * as pulumi from "@pulumi/pulumi";
import PRICE_TABLE from "./prices.json";

/** One figure of the price table. */
export interface Price {
    readonly usd: number;
    readonly unit: string;
    readonly source: string;
    readonly asOf: string;
}

/** The hourly figures of one region. */
export interface RegionPrices {
    readonly networkFirewallEndpointHour: Price;
    readonly natGatewayHour: Price;
    readonly transitGatewayAttachmentHour: Price;
    readonly vpnConnectionHour: Price;
    readonly resolverEndpointEniHour: Price;
    readonly applicationLoadBalancerHour: Price;
    readonly networkLoadBalancerHour: Price;
    readonly gatewayLoadBalancerHour: Price;
    readonly gatewayLoadBalancerEndpointHour: Price;
    readonly interfaceEndpointAzHour: Price;
    readonly publicIpv4Hour: Price;
    readonly fargateVcpuHour: Price;
    readonly fargateGbHour: Price;
    readonly fargateArmVcpuHour: Price;
    readonly fargateArmGbHour: Price;
    readonly dynamodbWcuHour: Price;
    readonly dynamodbRcuHour: Price;
    readonly ec2: {
        readonly source: string;
        readonly asOf: string;
        readonly unit: string;
        readonly usd: Readonly<Record<string, number>>;
    };
}

/** The whole price table. */
export interface PriceTable {
    readonly currency: string;
    readonly hoursPerMonth: number;
    readonly asOf: string;
    readonly excludes: string;
    readonly defaultRegion: string;
    readonly regions: Readonly<Record<string, RegionPrices>>;
    readonly monthly: Readonly<Record<MonthlyKey, Price>>;
    readonly credits: {
        readonly natGatewayWithNetworkFirewall: {
            readonly note: string;
            readonly source: string;
            readonly asOf: string;
        };
    };
}

type MonthlyKey =
    | "hostedZone"
    | "hostedZoneOver25"
    | "healthCheckAws"
    | "healthCheckOther"
    | "wafWebAcl"
    | "wafRule"
    | "kmsKey"
    | "cloudwatchAlarm"
    | "cloudwatchAlarmHighResolution"
    | "cloudwatchCompositeAlarm"
    | "secret";

/** The shipped price table. */
export const PRICES: PriceTable = PRICE_TABLE as PriceTable;

/** A registered resource, as far as cost needs it. */
export interface CostResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** A stack to price. */
export interface CostStack {
    readonly name: string;
    readonly accountId: string;
    readonly region: string;
    readonly resources: readonly CostResource[];
}

/** One line of the estimate. */
export interface CostItem {
    /** What is charged, e.g. `Network Firewall endpoint`. */
    readonly item: string;
    /** The resource that brings the charge. */
    readonly urn: string;
    readonly quantity: number;
    readonly unit: string;
    /** Price of one unit (per hour for hourly units, per month for monthly ones). */
    readonly unitUsd: number;
    readonly monthlyUsd: number;
    readonly source: string;
    readonly asOf: string;
    readonly note?: string;
}

/** The estimate for one stack. */
export interface StackCost {
    readonly stack: string;
    readonly accountId: string;
    readonly region: string;
    /** The region whose prices were used (the default region when the table has none for `region`). */
    readonly priceRegion: string;
    readonly items: readonly CostItem[];
    readonly monthlyUsd: number;
    /** Resources with a fixed charge the table cannot price (e.g. an instance type it lacks). */
    readonly unpriced: readonly string[];
}

/** The estimate for an environment. */
export interface CostEstimate {
    readonly currency: string;
    readonly hoursPerMonth: number;
    readonly asOf: string;
    readonly excludes: string;
    readonly stacks: readonly StackCost[];
    readonly monthlyUsd: number;
}

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
function propsOf(r: CostResource): Record<string, unknown> {
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

/** Prices the stacks of an environment. Hosted zones are tiered per account across stacks. */
export function estimateCost(stacks: readonly CostStack[], prices: PriceTable = PRICES): CostEstimate {
    const zonesPerAccount = new Map<string, number>();
    const hours = prices.hoursPerMonth;
    const estimates = stacks.map((stack): StackCost => {
        const priceRegion = prices.regions[stack.region] ? stack.region : prices.defaultRegion;
        const p = prices.regions[priceRegion];
        const items: CostItem[] = [];
        const unpriced: string[] = [];
        const hourly = (item: string, urn: string, quantity: number, price: Price, note?: string) => {
            if (quantity <= 0) return;
            items.push({
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
        };
        const monthly = (item: string, urn: string, quantity: number, price: Price, note?: string) => {
            if (quantity <= 0) return;
            items.push({
                item,
                urn,
                quantity,
                unit: price.unit,
                unitUsd: price.usd,
                monthlyUsd: quantity * price.usd,
                source: price.source,
                asOf: price.asOf,
                ...(note ? { note } : {}),
            });
        };
        const instanceHours = (item: string, urn: string, count: number, instanceType: unknown) => {
            const type = typeof instanceType === "string" ? instanceType : undefined;
            const usd = type ? p.ec2.usd[type] : undefined;
            if (usd === undefined) {
                if (count > 0)
                    unpriced.push(`${urn}: instance type ${type ?? "unknown"} is not in the price table`);
                return;
            }
            hourly(item, urn, count, {
                usd,
                unit: `${type} ${p.ec2.unit}`,
                source: p.ec2.source,
                asOf: p.ec2.asOf,
            });
        };
        const byType = (type: string) => stack.resources.filter((r) => r.type === type);

        let firewallEndpoints = 0;
        let natGateways = 0;
        for (const r of stack.resources) {
            const props = propsOf(r);
            switch (r.type) {
                case T.firewall: {
                    const endpoints = list(props.subnetMappings).length;
                    firewallEndpoints += endpoints;
                    hourly(
                        "Network Firewall endpoint",
                        r.urn,
                        endpoints,
                        p.networkFirewallEndpointHour,
                        "one per AZ",
                    );
                    break;
                }
                case T.nat:
                    natGateways += 1;
                    hourly("NAT gateway", r.urn, 1, p.natGatewayHour);
                    break;
                case T.tgwAttachment:
                case T.tgwPeering:
                    hourly("Transit Gateway attachment", r.urn, 1, p.transitGatewayAttachmentHour);
                    break;
                case T.vpn:
                    hourly("Site-to-Site VPN connection", r.urn, 1, p.vpnConnectionHour);
                    if (props.transitGatewayId !== undefined || r.inputs.transitGatewayId !== undefined) {
                        hourly("Transit Gateway attachment (VPN)", r.urn, 1, p.transitGatewayAttachmentHour);
                    }
                    break;
                case T.resolverEndpoint:
                    hourly(
                        "Resolver endpoint ENI",
                        r.urn,
                        list(props.ipAddresses).length,
                        p.resolverEndpointEniHour,
                    );
                    break;
                case T.lb:
                case T.alb: {
                    const kind = String(props.loadBalancerType ?? "application");
                    const price =
                        kind === "gateway"
                            ? p.gatewayLoadBalancerHour
                            : kind === "network"
                              ? p.networkLoadBalancerHour
                              : p.applicationLoadBalancerHour;
                    const label =
                        kind === "gateway"
                            ? "Gateway Load Balancer"
                            : kind === "network"
                              ? "Network Load Balancer"
                              : "Application Load Balancer";
                    hourly(label, r.urn, 1, price);
                    if (kind !== "gateway" && props.internal !== true) {
                        const azs = Math.max(list(props.subnets).length, list(props.subnetMappings).length);
                        hourly(
                            "Public IPv4 address",
                            r.urn,
                            azs,
                            p.publicIpv4Hour,
                            "internet-facing load balancer: at least one per AZ",
                        );
                    }
                    break;
                }
                case T.vpcEndpoint: {
                    const kind = String(props.vpcEndpointType ?? "Gateway");
                    if (kind === "Interface") {
                        hourly(
                            "Interface VPC endpoint",
                            r.urn,
                            list(props.subnetIds).length,
                            p.interfaceEndpointAzHour,
                            `${String(props.serviceName ?? r.name)}: one per AZ`,
                        );
                    } else if (kind === "GatewayLoadBalancer") {
                        hourly("GWLB endpoint", r.urn, 1, p.gatewayLoadBalancerEndpointHour);
                    }
                    break;
                }
                case T.eip:
                    hourly("Public IPv4 address", r.urn, 1, p.publicIpv4Hour, "Elastic IP");
                    break;
                case T.zone: {
                    const seen = zonesPerAccount.get(stack.accountId) ?? 0;
                    zonesPerAccount.set(stack.accountId, seen + 1);
                    monthly(
                        "Route 53 hosted zone",
                        r.urn,
                        1,
                        seen < 25 ? prices.monthly.hostedZone : prices.monthly.hostedZoneOver25,
                    );
                    break;
                }
                case T.healthCheck: {
                    const kind = String(props.type ?? "");
                    const aws = kind === "CLOUDWATCH_METRIC" || kind === "CALCULATED";
                    monthly(
                        "Route 53 health check",
                        r.urn,
                        1,
                        aws ? prices.monthly.healthCheckAws : prices.monthly.healthCheckOther,
                    );
                    break;
                }
                case T.webAcl:
                    monthly("WAF web ACL", r.urn, 1, prices.monthly.wafWebAcl);
                    monthly("WAF rule", r.urn, list(props.rules).length, prices.monthly.wafRule);
                    break;
                case T.kmsKey:
                case T.kmsReplicaKey:
                    monthly("KMS key", r.urn, 1, prices.monthly.kmsKey);
                    break;
                case T.alarm: {
                    const metrics = list(props.metricQueries).filter(
                        (q) => (q as { metric?: unknown }).metric,
                    ).length;
                    const highResolution = (num(props.period) ?? 60) < 60;
                    monthly(
                        "CloudWatch alarm",
                        r.urn,
                        Math.max(1, metrics),
                        highResolution
                            ? prices.monthly.cloudwatchAlarmHighResolution
                            : prices.monthly.cloudwatchAlarm,
                    );
                    break;
                }
                case T.compositeAlarm:
                    monthly("CloudWatch composite alarm", r.urn, 1, prices.monthly.cloudwatchCompositeAlarm);
                    break;
                case T.secret:
                    monthly("Secrets Manager secret", r.urn, 1, prices.monthly.secret);
                    break;
                case T.instance:
                    instanceHours("EC2 instance", r.urn, 1, props.instanceType);
                    break;
                case T.asg: {
                    const count = num(props.desiredCapacity) ?? num(props.minSize) ?? 0;
                    const spec = props.launchTemplate as { id?: unknown; name?: unknown } | undefined;
                    const template = referenced(
                        r,
                        "launchTemplate",
                        spec?.id ?? spec?.name,
                        byType(T.launchTemplate),
                    );
                    instanceHours(
                        "EC2 instances (Auto Scaling group)",
                        r.urn,
                        count,
                        template ? propsOf(template).instanceType : undefined,
                    );
                    break;
                }
                case T.ecsService: {
                    const strategies = list(props.capacityProviderStrategies).map(
                        (s) => (s as { capacityProvider?: string }).capacityProvider,
                    );
                    const fargate = props.launchType === "FARGATE" || strategies.includes("FARGATE");
                    if (!fargate) break;
                    const count = num(props.desiredCount) ?? 0;
                    const task = referenced(
                        r,
                        "taskDefinition",
                        props.taskDefinition,
                        byType(T.taskDefinition),
                    );
                    const taskProps = task ? propsOf(task) : {};
                    const cpu = num(taskProps.cpu);
                    const memory = num(taskProps.memory);
                    if (cpu === undefined || memory === undefined) {
                        if (count > 0) unpriced.push(`${r.urn}: task definition size unknown`);
                        break;
                    }
                    const arm =
                        (taskProps.runtimePlatform as { cpuArchitecture?: string } | undefined)
                            ?.cpuArchitecture === "ARM64";
                    hourly(
                        "Fargate vCPU",
                        r.urn,
                        (count * cpu) / 1024,
                        arm ? p.fargateArmVcpuHour : p.fargateVcpuHour,
                    );
                    hourly(
                        "Fargate memory (GB)",
                        r.urn,
                        (count * memory) / 1024,
                        arm ? p.fargateArmGbHour : p.fargateGbHour,
                    );
                    break;
                }
                case T.dynamodbTable:
                    if (props.billingMode === "PROVISIONED") {
                        hourly(
                            "DynamoDB provisioned WCU",
                            r.urn,
                            num(props.writeCapacity) ?? 0,
                            p.dynamodbWcuHour,
                        );
                        hourly(
                            "DynamoDB provisioned RCU",
                            r.urn,
                            num(props.readCapacity) ?? 0,
                            p.dynamodbRcuHour,
                        );
                    }
                    break;
            }
        }
        const waived = Math.min(natGateways, firewallEndpoints);
        if (waived > 0) {
            const credit = prices.credits.natGatewayWithNetworkFirewall;
            items.push({
                item: "NAT gateway hours waived with Network Firewall",
                urn: byType(T.nat)[0].urn,
                quantity: waived,
                unit: p.natGatewayHour.unit,
                unitUsd: -p.natGatewayHour.usd,
                monthlyUsd: -waived * p.natGatewayHour.usd * hours,
                source: credit.source,
                asOf: credit.asOf,
                note: credit.note,
            });
        }
        return {
            stack: stack.name,
            accountId: stack.accountId,
            region: stack.region,
            priceRegion,
            items,
            monthlyUsd: round(items.reduce((s, i) => s + i.monthlyUsd, 0)),
            unpriced,
        };
    });
    return {
        currency: prices.currency,
        hoursPerMonth: hours,
        asOf: prices.asOf,
        excludes: prices.excludes,
        stacks: estimates,
        monthlyUsd: round(estimates.reduce((s, e) => s + e.monthlyUsd, 0)),
    };
}

/** Cents. */
function round(usd: number): number {
    return Math.round(usd * 100) / 100;
}

/** Monthly cost per item label across a stack's items (for tables). */
export function byItem(items: readonly CostItem[]): { item: string; quantity: number; monthlyUsd: number }[] {
    const groups = new Map<string, { item: string; quantity: number; monthlyUsd: number }>();
    for (const i of items) {
        const g = groups.get(i.item) ?? { item: i.item, quantity: 0, monthlyUsd: 0 };
        g.quantity += i.quantity;
        g.monthlyUsd += i.monthlyUsd;
        groups.set(i.item, g);
    }
    return [...groups.values()].map((g) => ({ ...g, monthlyUsd: round(g.monthlyUsd) }));
}
