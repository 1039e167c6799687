/**
 * An estimated monthly list-price cost of the fixed parts of an environment, from the resources its
 * stacks register and a price table kept as data (prices.json: every figure with its source page and
 * the date it was taken). Fixed parts are the hourly and monthly charges that run whether or not
 * traffic flows: firewall endpoints, NAT gateways, Transit Gateway attachments, Resolver endpoint
 * ENIs, load balancers and endpoints, public IPv4 addresses, hosted zones, health checks, WAF web ACLs
 * and rules, KMS keys, alarms, instances and tasks (each type priced in `cost-pricers`). Every
 * traffic-dependent charge is excluded. Pure: no I/O besides the price table import.
 */
import { PRICERS, propsOf, StackBill, T } from "./cost-pricers";
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

export { T } from "./cost-pricers";

/** Prices the stacks of an environment. Hosted zones are tiered per account across stacks. */
export function estimateCost(stacks: readonly CostStack[], prices: PriceTable = PRICES): CostEstimate {
    const zonesPerAccount = new Map<string, number>();
    const estimates = stacks.map((stack): StackCost => {
        const priceRegion = prices.regions[stack.region] ? stack.region : prices.defaultRegion;
        const p = prices.regions[priceRegion];
        const bill = new StackBill(stack, p, prices, zonesPerAccount);
        for (const r of stack.resources) PRICERS[r.type]?.(r, propsOf(r), bill);
        const waived = Math.min(bill.natGateways, bill.firewallEndpoints);
        if (waived > 0) {
            const credit = prices.credits.natGatewayWithNetworkFirewall;
            bill.items.push({
                item: "NAT gateway hours waived with Network Firewall",
                urn: bill.ofType(T.nat)[0].urn,
                quantity: waived,
                unit: p.natGatewayHour.unit,
                unitUsd: -p.natGatewayHour.usd,
                monthlyUsd: -waived * p.natGatewayHour.usd * prices.hoursPerMonth,
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
            items: bill.items,
            monthlyUsd: round(bill.items.reduce((s, i) => s + i.monthlyUsd, 0)),
            unpriced: bill.unpriced,
        };
    });
    return {
        currency: prices.currency,
        hoursPerMonth: prices.hoursPerMonth,
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
