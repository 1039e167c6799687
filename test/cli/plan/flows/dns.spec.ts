import { expect } from "chai";
import { PrivateDns } from "../../../../cli/plan/flows/dns";
import { dnsChecks } from "../../../../cli/plan/flows/dns-checks";
import { Inventory, TYPES, type RecordedLike } from "../../../../cli/plan/inventory";
import { NetworkModel } from "../../../../cli/plan/network-model";
import { rec } from "../topologies";

interface DnsOptions {
    /** The spoke zone is associated with the DR shared-services VPC too (default). */
    readonly zoneInDr?: boolean;
    /** The corporate-domain rule is associated with the shared-services VPC (a loop). */
    readonly ruleOnHub?: boolean;
    /** More resources of the spoke's stack, after its own (given the spoke's VPC). */
    readonly spokeExtra?: (vpc: RecordedLike) => RecordedLike[];
}

/** Two regions' shared-services VPCs with the parent zone and inbound endpoints, and one spoke. */
function environment(options: DnsOptions = {}): Inventory {
    const net: RecordedLike[] = [];
    const dr: RecordedLike[] = [];
    const spoke: RecordedLike[] = [];
    const hub = (out: RecordedLike[], stack: string, region: string, octet: number) => {
        const vpc = rec(
            stack,
            TYPES.vpc,
            "shared-services-vpc",
            {
                cidrBlock: `10.${octet}.1.0/24`,
                tags: { Name: "shared-services", "hub-network:vpc-role": "shared-services" },
            },
            { id: `vpc-ss-${region}` },
        );
        const subnet = rec(
            stack,
            TYPES.subnet,
            "resolver-a",
            { cidrBlock: `10.${octet}.1.32/28`, availabilityZone: `${region}a`, vpcId: `vpc-ss-${region}` },
            { id: `subnet-ss-${region}` },
        );
        const inbound = rec(
            stack,
            TYPES.resolverEndpoint,
            "resolver-inbound",
            {
                direction: "INBOUND",
                ipAddresses: [{ ip: `10.${octet}.1.36`, subnetId: `subnet-ss-${region}` }],
            },
            { id: `rslvr-in-${region}` },
        );
        const outbound = rec(
            stack,
            TYPES.resolverEndpoint,
            "resolver-outbound",
            { direction: "OUTBOUND", ipAddresses: [{ subnetId: `subnet-ss-${region}` }] },
            { id: `rslvr-out-${region}` },
        );
        const rule = rec(
            stack,
            TYPES.resolverRule,
            "rule-aws",
            {
                domainName: "aws.example.internal",
                ruleType: "FORWARD",
                resolverEndpointId: `rslvr-out-${region}`,
                targetIps: [{ ip: `10.${octet}.1.36` }],
            },
            { id: `rslvr-rr-${region}` },
        );
        const parent = rec(
            stack,
            TYPES.zone,
            "parent-zone",
            { name: "aws.example.internal", vpcs: [{ vpcId: `vpc-ss-${region}` }] },
            { id: `Z-parent-${region}` },
        );
        out.push(vpc, subnet, inbound, outbound, rule, parent);
        if (options.ruleOnHub)
            out.push(
                rec(
                    stack,
                    TYPES.resolverRuleAssociation,
                    "rule-on-hub",
                    { resolverRuleId: `rslvr-rr-${region}`, vpcId: `vpc-ss-${region}` },
                    { id: `rslvr-assoc-hub-${region}` },
                ),
            );
    };
    hub(net, "network-prod", "eu-west-1", 64);
    hub(dr, "network-prod-dr", "eu-central-1", 80);
    const vpc = rec("spoke-orders-prod", TYPES.vpc, "orders-vpc", {
        cidrBlock: "10.72.16.0/20",
        tags: { "hub-network:vpc-role": "spoke", "hub-network:spoke": "orders" },
    });
    const zone = rec(
        "spoke-orders-prod",
        TYPES.zone,
        "zone",
        { name: "orders.aws.example.internal", tags: { "hub-network:spoke": "orders" }, vpcs: [{}] },
        { refs: { vpcs: [vpc] } },
    );
    spoke.push(vpc, zone);
    spoke.push(
        rec(
            "spoke-orders-prod",
            "aws:route53/zoneAssociation:ZoneAssociation",
            "zone-hub-primary",
            { vpcId: "vpc-ss-eu-west-1" },
            { refs: { zoneId: [zone] } },
        ),
    );
    if (options.zoneInDr !== false)
        spoke.push(
            rec(
                "spoke-orders-prod",
                "aws:route53/zoneAssociation:ZoneAssociation",
                "zone-hub-dr",
                { vpcId: "vpc-ss-eu-central-1" },
                { refs: { zoneId: [zone] } },
            ),
        );
    spoke.push(
        rec(
            "spoke-orders-prod",
            TYPES.resolverRuleAssociation,
            "dns-aws",
            { resolverRuleId: "rslvr-rr-eu-west-1" },
            { refs: { vpcId: [vpc] } },
        ),
    );
    spoke.push(...(options.spokeExtra?.(vpc) ?? []));
    return new Inventory([
        { name: "network-prod", accountId: "111111111111", region: "eu-west-1", resources: net },
        { name: "network-prod-dr", accountId: "111111111111", region: "eu-central-1", resources: dr },
        { name: "spoke-orders-prod", accountId: "444444444444", region: "eu-west-1", resources: spoke },
    ]);
}

function vpcNamed(inventory: Inventory, stack: string): ReturnType<Inventory["get"]> {
    return inventory.ofType(TYPES.vpc).find((v) => v.stack === stack);
}

describe("flows: DNS", () => {
    it("answers a spoke's own name from its zone, the most specific", () => {
        const inventory = environment();
        const dns = new PrivateDns(inventory, new NetworkModel(inventory));
        const r = dns.resolve("orders.aws.example.internal", vpcNamed(inventory, "spoke-orders-prod")!);
        expect(r).to.include({
            verdict: "resolved",
            text: "orders: private zone orders.aws.example.internal answers",
        });
    });

    it("answers NXDOMAIN from a hub that holds the parent zone but not the spoke's zone", () => {
        const inventory = environment({ zoneInDr: false });
        const dns = new PrivateDns(inventory, new NetworkModel(inventory));
        const r = dns.resolve("orders.aws.example.internal", vpcNamed(inventory, "network-prod-dr")!);
        expect(r.verdict).to.equal("nxdomain");
        expect(r.text).to.equal(
            "shared-services: private zone aws.example.internal answers NXDOMAIN for orders.aws.example.internal: zone orders.aws.example.internal is not associated with this VPC (a private zone holds no delegation)",
        );
    });

    it("flags the region whose inbound endpoint answers NXDOMAIN to on-premises forwarders", () => {
        const inventory = environment({ zoneInDr: false });
        const { flows, findings } = dnsChecks(inventory, new NetworkModel(inventory), () => ({
            ok: true,
            text: "",
        }));
        expect(
            flows.filter((f) => f.source.startsWith("on premises")).map((f) => `${f.source}: ${f.verdict}`),
        ).to.deep.equal([
            "on premises via inbound endpoint 10.64.1.36 (eu-west-1): allowed",
            "on premises via inbound endpoint 10.80.1.36 (eu-central-1): dropped",
        ]);
        // An allowed verdict names the zone that answers, as every verdict names what decided it.
        expect(flows.find((f) => f.source.includes("10.64.1.36"))?.decidedBy).to.equal(
            "shared-services: private zone orders.aws.example.internal answers",
        );
        expect(findings.map((f) => f.message)).to.deep.equal([
            "inbound endpoint 10.80.1.36 in eu-central-1 answers 1 spoke zone(s) wrongly (orders.aws.example.internal: NXDOMAIN: shared-services: private zone aws.example.internal answers NXDOMAIN for orders.aws.example.internal: zone orders.aws.example.internal is not associated with this VPC (a private zone holds no delegation)): associate every spoke zone with the shared-services VPC of every region",
        ]);
        const fixed = environment();
        expect(
            dnsChecks(fixed, new NetworkModel(fixed), () => ({ ok: true, text: "" })).findings,
        ).to.deep.equal([]);
    });

    it("reports a loop when the corporate-domain rule is associated with the hub it forwards to", () => {
        const inventory = environment({ ruleOnHub: true });
        const dns = new PrivateDns(inventory, new NetworkModel(inventory));
        const r = dns.resolve("payments.aws.example.internal", vpcNamed(inventory, "spoke-orders-prod")!);
        expect(r.verdict).to.equal("loop");
        expect(r.text).to.contain(
            "sends payments.aws.example.internal back to an inbound endpoint it came through (a loop)",
        );
    });

    describe("picks the zone and rule of a name's own domains among overlapping ones", () => {
        const zone = (name: string, id: string, vpc?: RecordedLike) =>
            rec(
                "spoke-orders-prod",
                TYPES.zone,
                id,
                { name, vpcs: vpc ? [{}] : [] },
                { id, ...(vpc ? { refs: { vpcs: [vpc] } } : {}) },
            );
        // Listed before the spoke's zone's children: `ers.` ends the spoke's name but is not its domain;
        // the forwarding rule is spelled with capitals and a final dot; the last zone is associated nowhere.
        const inventory = environment({
            zoneInDr: false,
            spokeExtra: (vpc) => [
                zone("ers.aws.example.internal", "Z-ers", vpc),
                zone("example.internal", "Z-example", vpc),
                rec(
                    "spoke-orders-prod",
                    TYPES.resolverRule,
                    "rule-pay",
                    {
                        domainName: "Pay.AWS.example.internal.",
                        ruleType: "FORWARD",
                        targetIps: [{ ip: "192.0.2.10" }],
                    },
                    { id: "rslvr-rr-pay" },
                ),
                rec(
                    "spoke-orders-prod",
                    TYPES.resolverRuleAssociation,
                    "dns-pay",
                    { resolverRuleId: "rslvr-rr-pay" },
                    { refs: { vpcId: [vpc] } },
                ),
                zone("api.orders.aws.example.internal", "Z-api"),
            ],
        });
        const dns = new PrivateDns(inventory, new NetworkModel(inventory));
        const spoke = vpcNamed(inventory, "spoke-orders-prod")!;

        it("answers from the zone of the longest domain, not one whose name only ends the query", () => {
            expect(dns.resolve("web.orders.aws.example.internal", spoke)).to.include({
                verdict: "resolved",
                text: "orders: private zone orders.aws.example.internal answers for web.orders.aws.example.internal (a record there, or NXDOMAIN if it has none)",
            });
            expect(dns.resolve("ERS.aws.example.internal.", spoke)).to.include({
                verdict: "resolved",
                text: "orders: private zone ers.aws.example.internal answers",
            });
            // Under no zone of the VPC but `example.internal`, yet under the corporate-domain rule (longer).
            expect(dns.resolve("other.aws.example.internal", spoke).text).to.match(
                /^orders: forwarding rule aws\.example\.internal to inbound endpoint 10\.64\.1\.36 → /,
            );
            expect(dns.resolve("mail.example.internal", spoke)).to.include({
                verdict: "resolved",
                text: "orders: private zone example.internal answers for mail.example.internal (a record there, or NXDOMAIN if it has none)",
            });
        });

        it("forwards by the most specific rule, its domain read without case or final dot", () => {
            expect(dns.resolve("x.pay.aws.example.internal", spoke)).to.include({
                verdict: "forwarded",
                text: "orders: forwarding rule pay.aws.example.internal to 192.0.2.10",
            });
            expect(dns.resolve("xpay.aws.example.internal", spoke).text).to.match(
                /^orders: forwarding rule aws\.example\.internal to inbound endpoint/,
            );
        });

        it("names the first child zone in the inventory's order that holds the name, not the longest", () => {
            const r = dns.resolve(
                "web.api.orders.aws.example.internal",
                vpcNamed(inventory, "network-prod-dr")!,
            );
            expect(r.verdict).to.equal("nxdomain");
            expect(r.text).to.equal(
                "shared-services: private zone aws.example.internal answers NXDOMAIN for web.api.orders.aws.example.internal: zone orders.aws.example.internal is not associated with this VPC (a private zone holds no delegation)",
            );
            expect(
                dns.resolve("api.orders.aws.example.internal", vpcNamed(inventory, "network-prod")!).text,
            ).to.equal(
                "shared-services: private zone orders.aws.example.internal answers NXDOMAIN for api.orders.aws.example.internal: zone api.orders.aws.example.internal is not associated with this VPC (a private zone holds no delegation)",
            );
        });
    });

    it("judges every VPC's spoke names by its own zones before the corporate-domain rule it shares", () => {
        // A second spoke whose zone the hub does not hold: forwarded there, its name is NXDOMAIN.
        const inventory = environment({
            spokeExtra: () => {
                const vpc = rec("spoke-orders-prod", TYPES.vpc, "payments-vpc", {
                    cidrBlock: "10.72.32.0/20",
                    tags: { "hub-network:vpc-role": "spoke", "hub-network:spoke": "payments" },
                });
                return [
                    vpc,
                    rec(
                        "spoke-orders-prod",
                        TYPES.zone,
                        "payments-zone",
                        {
                            name: "payments.aws.example.internal",
                            tags: { "hub-network:spoke": "payments" },
                            vpcs: [{}],
                        },
                        { refs: { vpcs: [vpc] } },
                    ),
                    rec(
                        "spoke-orders-prod",
                        TYPES.resolverRuleAssociation,
                        "payments-dns-aws",
                        { resolverRuleId: "rslvr-rr-eu-west-1" },
                        { refs: { vpcId: [vpc] } },
                    ),
                ];
            },
        });
        const { flows } = dnsChecks(inventory, new NetworkModel(inventory), () => ({ ok: true, text: "" }));
        const spokes = flows.filter(
            (f) => f.destination === "2 spoke zone(s)" && f.stack === "spoke-orders-prod",
        );
        const nxdomain = (from: string) =>
            `payments.aws.example.internal: NXDOMAIN: ${from}: forwarding rule aws.example.internal to inbound endpoint 10.64.1.36 → shared-services: private zone aws.example.internal answers NXDOMAIN for payments.aws.example.internal: zone payments.aws.example.internal is not associated with this VPC (a private zone holds no delegation)`;
        const fromPayments = [
            "payments: forwarding rule aws.example.internal to inbound endpoint 10.64.1.36 → shared-services: private zone orders.aws.example.internal answers",
            "payments: private zone payments.aws.example.internal answers",
        ];
        expect(spokes.map((f) => [f.source, f.verdict, f.decidedBy])).to.deep.equal([
            ["orders VPC", "dropped", nxdomain("orders")],
            ["payments VPC", "allowed", fromPayments.join("; ")],
        ]);
        expect(spokes.map((f) => f.steps.map((s) => s.text))).to.deep.equal([
            ["orders: private zone orders.aws.example.internal answers"],
            fromPayments,
        ]);
    });
});
