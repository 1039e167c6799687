import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { byItem, estimateCost, PRICES, T, type CostResource, type CostStack } from "../../../cli/plan/cost";

function res(
    type: string,
    name: string,
    inputs: Record<string, unknown> = {},
    propertyDependencies: Record<string, string[]> = {},
): CostResource {
    return {
        urn: `urn:pulumi:dev::hub-network::${type}::${name}`,
        type,
        name,
        inputs,
        outputs: {},
        propertyDependencies,
    };
}

function stack(
    resources: CostResource[],
    region = "eu-west-1",
    accountId = "111111111111",
    name = "network-dev",
): CostStack {
    return { name, accountId, region, resources };
}

const monthlyOf = (s: CostStack) => estimateCost([s]).stacks[0];
const usd = (n: number) => Math.round(n * 100) / 100;

describe("cost estimate", () => {
    it("prices an inspection VPC: per-AZ firewall endpoints, NAT hours waived against them, EIPs, attachments", () => {
        const azs = ["a", "b", "c"];
        const cost = monthlyOf(
            stack([
                res(T.firewall, "fw", {
                    subnetMappings: azs.map((az) => ({ subnetId: pulumi.unknown, az })),
                }),
                ...azs.map((az) => res(T.nat, `nat-${az}`, { subnetId: pulumi.unknown })),
                ...azs.map((az) => res(T.eip, `eip-${az}`, { domain: "vpc" })),
                res(T.tgwAttachment, "inspection"),
                res(T.tgwAttachment, "shared-services"),
                res("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw"),
                res("aws:ec2/subnet:Subnet", "a"),
            ]),
        );
        expect(byItem(cost.items)).to.deep.equal([
            { item: "Network Firewall endpoint", quantity: 3, monthlyUsd: usd(3 * 0.395 * 730) },
            { item: "NAT gateway", quantity: 3, monthlyUsd: usd(3 * 0.048 * 730) },
            { item: "Public IPv4 address", quantity: 3, monthlyUsd: usd(3 * 0.005 * 730) },
            { item: "Transit Gateway attachment", quantity: 2, monthlyUsd: usd(2 * 0.05 * 730) },
            {
                item: "NAT gateway hours waived with Network Firewall",
                quantity: 3,
                monthlyUsd: -usd(3 * 0.048 * 730),
            },
        ]);
        expect(cost.monthlyUsd).to.equal(usd(3 * 0.395 * 730 + 3 * 0.005 * 730 + 2 * 0.05 * 730));
        expect(cost.priceRegion).to.equal("eu-west-1");
        const firewall = cost.items.find((i) => i.item === "Network Firewall endpoint")!;
        expect(firewall).to.include({
            unitUsd: 0.395,
            unit: "firewall endpoint-hour",
            source: "https://aws.amazon.com/network-firewall/pricing/",
            asOf: "2025-01",
        });
        expect(firewall.urn).to.match(/::fw$/);
    });

    it("waives no more NAT hours than there are firewall endpoints", () => {
        const cost = monthlyOf(
            stack(
                [res(T.firewall, "fw", { subnetMappings: [{}] }), res(T.nat, "a"), res(T.nat, "b")],
                "us-east-1",
            ),
        );
        expect(byItem(cost.items).map((i) => [i.item, i.quantity, i.monthlyUsd])).to.deep.equal([
            ["Network Firewall endpoint", 1, usd(0.395 * 730)],
            ["NAT gateway", 2, usd(2 * 0.045 * 730)],
            ["NAT gateway hours waived with Network Firewall", 1, -usd(0.045 * 730)],
        ]);
    });

    it("prices Resolver endpoints per ENI and hosted zones in per-account tiers across stacks", () => {
        const zones = (n: number, prefix: string) =>
            Array.from({ length: n }, (_, i) => res(T.zone, `${prefix}-${i}`));
        const estimate = estimateCost([
            stack([
                res(T.resolverEndpoint, "inbound", {
                    ipAddresses: [{ ip: "10.0.0.10" }, { ip: "10.0.1.10" }],
                }),
                ...zones(20, "a"),
            ]),
            stack(zones(6, "b"), "eu-west-1", "111111111111", "spoke-a"),
            stack(zones(1, "c"), "eu-west-1", "222222222222", "spoke-b"),
        ]);
        const [hub, spokeA, spokeB] = estimate.stacks;
        expect(byItem(hub.items)).to.deep.equal([
            { item: "Resolver endpoint ENI", quantity: 2, monthlyUsd: usd(2 * 0.125 * 730) },
            { item: "Route 53 hosted zone", quantity: 20, monthlyUsd: 10 },
        ]);
        // The 26th zone of account 1111 is past the first 25; account 2222 starts its own tier.
        expect(spokeA.monthlyUsd).to.equal(usd(5 * 0.5 + 0.1));
        expect(spokeB.monthlyUsd).to.equal(0.5);
        expect(estimate.monthlyUsd).to.equal(usd(hub.monthlyUsd + spokeA.monthlyUsd + spokeB.monthlyUsd));
    });

    it("prices load balancers by type, public IPv4 of internet-facing ones, and endpoints by kind", () => {
        const cost = monthlyOf(
            stack([
                res(T.lb, "gwlb", { loadBalancerType: "gateway", subnets: ["s1", "s2"] }),
                res(T.lb, "public-alb", { subnets: ["s1", "s2", "s3"] }),
                res(T.lb, "internal-nlb", { loadBalancerType: "network", internal: true, subnets: ["s1"] }),
                res(T.vpcEndpoint, "ssm", {
                    vpcEndpointType: "Interface",
                    serviceName: "com.amazonaws.eu-west-1.ssm",
                    subnetIds: ["s1", "s2", "s3"],
                }),
                res(T.vpcEndpoint, "gwlbe-a", { vpcEndpointType: "GatewayLoadBalancer", subnetIds: ["s1"] }),
                res(T.vpcEndpoint, "s3", {
                    vpcEndpointType: "Gateway",
                    serviceName: "com.amazonaws.eu-west-1.s3",
                }),
                res(T.vpcEndpoint, "dynamodb", {}),
            ]),
        );
        expect(byItem(cost.items)).to.deep.equal([
            { item: "Gateway Load Balancer", quantity: 1, monthlyUsd: usd(0.014 * 730) },
            { item: "Application Load Balancer", quantity: 1, monthlyUsd: usd(0.0252 * 730) },
            { item: "Public IPv4 address", quantity: 3, monthlyUsd: usd(3 * 0.005 * 730) },
            { item: "Network Load Balancer", quantity: 1, monthlyUsd: usd(0.0252 * 730) },
            { item: "Interface VPC endpoint", quantity: 3, monthlyUsd: usd(3 * 0.011 * 730) },
            { item: "GWLB endpoint", quantity: 1, monthlyUsd: usd(0.011 * 730) },
        ]);
        expect(cost.items.find((i) => i.item === "Interface VPC endpoint")?.note).to.equal(
            "com.amazonaws.eu-west-1.ssm: one per AZ",
        );
    });

    it("prices monthly items: WAF web ACL and rules, KMS keys, health checks, alarms, secrets", () => {
        const cost = monthlyOf(
            stack([
                res(T.webAcl, "api", { rules: [{ name: "a" }, { name: "b" }, { name: "managed" }] }),
                res(T.kmsKey, "logs"),
                res(T.healthCheck, "alarm-check", { type: "CLOUDWATCH_METRIC" }),
                res(T.healthCheck, "https-check", { type: "HTTPS", fqdn: "example.com" }),
                res(T.alarm, "errors", { period: 60 }),
                res(T.alarm, "fast", { period: 10 }),
                res(T.alarm, "math", {
                    metricQueries: [{ metric: {} }, { metric: {} }, { expression: "m1+m2" }],
                }),
                res(T.secret, "token"),
            ]),
        );
        expect(byItem(cost.items)).to.deep.equal([
            { item: "WAF web ACL", quantity: 1, monthlyUsd: 5 },
            { item: "WAF rule", quantity: 3, monthlyUsd: 3 },
            { item: "KMS key", quantity: 1, monthlyUsd: 1 },
            { item: "Route 53 health check", quantity: 2, monthlyUsd: 1.25 },
            { item: "CloudWatch alarm", quantity: 4, monthlyUsd: 0.6 },
            { item: "Secrets Manager secret", quantity: 1, monthlyUsd: 0.4 },
        ]);
    });

    it("prices instances of an Auto Scaling group from its launch template, found in a preview by dependency", () => {
        const template = res(T.launchTemplate, "appliance", { instanceType: "t3.small" });
        const group = res(
            T.asg,
            "appliances",
            { desiredCapacity: 2, minSize: 1, launchTemplate: { id: pulumi.unknown, version: "$Latest" } },
            { launchTemplate: [template.urn] },
        );
        const cost = monthlyOf(stack([template, group]));
        expect(cost.items.map((i) => [i.item, i.quantity, i.unit, usd(i.monthlyUsd)])).to.deep.equal([
            [
                "EC2 instances (Auto Scaling group)",
                2,
                "t3.small instance-hour (Linux, on-demand)",
                usd(2 * 0.0228 * 730),
            ],
        ]);
        // An instance type the table lacks is reported, not priced at zero silently.
        const odd = res(T.launchTemplate, "odd", { instanceType: "x9.huge" });
        const unpriced = monthlyOf(
            stack([
                odd,
                res(
                    T.asg,
                    "odd",
                    { desiredCapacity: 1, launchTemplate: { id: "lt-1" } },
                    { launchTemplate: [odd.urn] },
                ),
            ]),
        );
        expect(unpriced.items).to.deep.equal([]);
        expect(unpriced.unpriced).to.deep.equal([
            "urn:pulumi:dev::hub-network::aws:autoscaling/group:Group::odd: instance type x9.huge is not in the price table",
        ]);
    });

    it("prices Fargate tasks from their task definition, and provisioned DynamoDB capacity", () => {
        const task = res(T.taskDefinition, "api", {
            cpu: "512",
            memory: "2048",
            runtimePlatform: { cpuArchitecture: "ARM64" },
        });
        const cost = monthlyOf(
            stack(
                [
                    task,
                    res(
                        T.ecsService,
                        "api",
                        { launchType: "FARGATE", desiredCount: 2, taskDefinition: pulumi.unknown },
                        { taskDefinition: [task.urn] },
                    ),
                    res(T.dynamodbTable, "items", {
                        billingMode: "PROVISIONED",
                        readCapacity: 10,
                        writeCapacity: 5,
                    }),
                    res(T.dynamodbTable, "on-demand", { billingMode: "PAY_PER_REQUEST" }),
                ],
                "us-east-1",
            ),
        );
        expect(byItem(cost.items)).to.deep.equal([
            { item: "Fargate vCPU", quantity: 1, monthlyUsd: usd(0.03238 * 730) },
            { item: "Fargate memory (GB)", quantity: 4, monthlyUsd: usd(4 * 0.00356 * 730) },
            { item: "DynamoDB provisioned WCU", quantity: 5, monthlyUsd: usd(5 * 0.00065 * 730) },
            { item: "DynamoDB provisioned RCU", quantity: 10, monthlyUsd: usd(10 * 0.00013 * 730) },
        ]);
    });

    it("uses the default region's prices for a region the table lacks, and says so", () => {
        const cost = monthlyOf(stack([res(T.nat, "a")], "eu-central-1"));
        expect(cost.priceRegion).to.equal("us-east-1");
        expect(cost.monthlyUsd).to.equal(usd(0.045 * 730));
    });

    it("keeps every figure of the table with its source page and date, for 730 hours a month", () => {
        expect(PRICES.hoursPerMonth).to.equal(730);
        expect(PRICES.excludes).to.match(/traffic-dependent charge/);
        const figures = [
            ...Object.values(PRICES.regions).flatMap((r) => Object.values(r)),
            ...Object.values(PRICES.monthly),
        ] as { source: string; asOf: string; usd: unknown }[];
        expect(figures.length).to.be.greaterThan(40);
        for (const f of figures) {
            expect(f.source).to.match(/^https:\/\/aws\.amazon\.com\/[a-z0-9-/]+\/$/);
            expect(f.asOf).to.match(/^\d{4}-\d{2}$/);
        }
        expect(Object.keys(PRICES.regions)).to.include.members(["us-east-1", "eu-west-1"]);
        expect(Object.keys(PRICES.regions["eu-west-1"])).to.deep.equal(
            Object.keys(PRICES.regions["us-east-1"]),
        );
    });
});
