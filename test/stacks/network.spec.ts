import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { StackRunError } from "../../cli/mock-cloud/run";
import { ConfigError } from "../../stacks/schema/errors";
import { copyProject, isUnknown, runFixtureStack, type Recorded } from "../harness";

/** Types that carry no tags in AWS (or are Pulumi-only). */
const UNTAGGABLE = new Set([
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/route:Route",
    "aws:ec2transitgateway/route:Route",
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:kms/alias:Alias",
    "aws:ram/resourceAssociation:ResourceAssociation",
    "aws:ram/principalAssociation:PrincipalAssociation",
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation",
    "aws:route53/zoneAssociation:ZoneAssociation",
    "aws:ec2/tag:Tag",
]);

const COMMON_COUNTS = {
    "aws:ec2transitgateway/transitGateway:TransitGateway": 1,
    // spokes, inspection and the VPN's own
    "aws:ec2transitgateway/routeTable:RouteTable": 3,
    // inspection and shared services
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 2,
    // inspection, shared services and the VPN
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": 3,
    // shared services and the VPN
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": 2,
    "aws:ec2/customerGateway:CustomerGateway": 1,
    "aws:ec2/vpnConnection:VpnConnection": 1,
    // spokes: 0.0.0.0/0 and the supernet; the VPN's table: its region's shared services and spoke half
    "aws:ec2transitgateway/route:Route": 4,
    // the Transit Gateway's share and the resolver rules' share
    "aws:ram/resourceShare:ResourceShare": 2,
    "aws:ram/resourceAssociation:ResourceAssociation": 3,
    // inspection, shared services and the onboarding registrar's zone-vetting VPC
    "aws:ec2/vpc:Vpc": 3,
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 3,
    "aws:ec2/internetGateway:InternetGateway": 1,
    "aws:networkfirewall/firewall:Firewall": 1,
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": 1,
    // the environment's six and the onboarding registrar's egress allow-list
    "aws:networkfirewall/ruleGroup:RuleGroup": 7,
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration": 1,
    "aws:kms/key:Key": 1,
    // the Resolver endpoints' and the onboarding registrar's
    "aws:ec2/securityGroup:SecurityGroup": 3,
    "aws:lambda/function:Function": 1,
    "aws:route53/resolverEndpoint:ResolverEndpoint": 2,
    // one on-premises domain and the corporate domain
    "aws:route53/resolverRule:ResolverRule": 2,
    // the on-premises rule in the shared-services and inspection VPCs (never the corporate rule)
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation": 2,
    // TCP and UDP 53 from one on-premises CIDR and the supernet
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 4,
};

/** What the prod hub builds in each of its regions. */
const PROD_REGION_COUNTS = {
    ...COMMON_COUNTS,
    "aws:ec2/subnet:Subnet": 15,
    "aws:ec2/routeTable:RouteTable": 15,
    // 7 per AZ: the on-premises range is one of them
    "aws:ec2/route:Route": 24,
    "aws:ec2/natGateway:NatGateway": 3,
    "aws:ec2/eip:Eip": 3,
    "aws:ram/principalAssociation:PrincipalAssociation": 2,
    // the Transit Gateway, the inspection, shared-services and zone-vetting VPCs
    "aws:ec2/flowLog:FlowLog": 4,
    // and the onboarding registrar's function
    "aws:cloudwatch/logGroup:LogGroup": 8,
    "aws:s3/bucket:Bucket": 1,
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": 1,
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": 1,
    // TCP and UDP 53 to two on-premises servers and three inbound addresses
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 10,
};

function expectCounts(run: Recorded, expected: Record<string, number>): void {
    const counts = run.counts();
    for (const [type, count] of Object.entries(expected)) {
        expect(counts[type] ?? 0, type).to.equal(count);
    }
}

describe("network stack", () => {
    let dev: Recorded;
    let prod: Recorded;
    let dr: Recorded;
    before(async () => {
        dev = await runFixtureStack("network-dev");
        prod = await runFixtureStack("network-prod");
        dr = await runFixtureStack("network-prod-dr", { stackOutputs: { "network-prod": prod.outputs } });
    });

    it("builds network-dev from its config: 2 AZs, NAT per AZ, rules shared with the listed accounts", () => {
        expectCounts(dev, {
            ...COMMON_COUNTS,
            "aws:ec2/subnet:Subnet": 10,
            "aws:ec2/routeTable:RouteTable": 10,
            "aws:ec2/route:Route": 16,
            "aws:ec2/natGateway:NatGateway": 2,
            "aws:ec2/eip:Eip": 2,
            "aws:ram/principalAssociation:PrincipalAssociation": 6,
            "aws:ec2/flowLog:FlowLog": 3,
            "aws:cloudwatch/logGroup:LogGroup": 7,
            "aws:s3/bucket:Bucket": 0,
            "aws:route53/zone:Zone": 1,
            "aws:route53/zoneAssociation:ZoneAssociation": 0,
            "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": 0,
            // TCP and UDP 53 to two on-premises servers and two inbound addresses
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 8,
        });
        const principals = dev
            .all("aws:ram/principalAssociation:PrincipalAssociation")
            .map((p) => p.inputs.principal);
        // each spoke account twice: the Transit Gateway share and the resolver rules' share
        expect(principals).to.have.members([
            ...["333333333333", "444444444444", "555555555555"],
            ...["333333333333", "444444444444", "555555555555"],
        ]);
    });

    it("builds network-prod from its config: 3 AZs, NAT per AZ, TGW flow logs, firewall flow logs to S3", () => {
        expectCounts(prod, {
            ...PROD_REGION_COUNTS,
            "aws:route53/zone:Zone": 1,
            "aws:route53/zoneAssociation:ZoneAssociation": 0,
        });
        const principal = prod.find(
            "aws:ram/principalAssociation:PrincipalAssociation",
            "hub-share-organization",
        );
        expect(principal.inputs.principal).to.equal(
            "arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5",
        );
        const logging = prod.all("aws:networkfirewall/loggingConfiguration:LoggingConfiguration")[0];
        const configs = (
            logging.inputs.loggingConfiguration as { logDestinationConfigs: Record<string, unknown>[] }
        ).logDestinationConfigs;
        expect(configs.map((c) => [c.logType, c.logDestinationType])).to.deep.equal([
            ["ALERT", "CloudWatchLogs"],
            ["FLOW", "S3"],
        ]);
    });

    it("makes the firewall's S3 logging wait for the log bucket's policy, encryption and ownership", () => {
        const logging = prod.all("aws:networkfirewall/loggingConfiguration:LoggingConfiguration")[0];
        const ready = [
            prod.all("aws:s3/bucketPolicy:BucketPolicy")[0].urn,
            prod.all(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            )[0].urn,
            prod.all("aws:s3/bucketOwnershipControls:BucketOwnershipControls")[0].urn,
        ];
        expect(logging.dependencies).to.include.members(ready);
        expect(logging.propertyDependencies.loggingConfiguration).to.include.members(ready);
    });

    describe("protection of the hub's stateful parts", () => {
        /** The resources of the hub whose replacement or deletion cuts traffic, by type and name. */
        const critical = (run: Recorded) =>
            run.resources.filter(
                (r) =>
                    [
                        "aws:ec2transitgateway/transitGateway:TransitGateway",
                        "aws:ec2transitgateway/routeTable:RouteTable",
                        "aws:networkfirewall/firewall:Firewall",
                        "aws:route53/resolverEndpoint:ResolverEndpoint",
                        "aws:route53/resolverRule:ResolverRule",
                        "aws:ec2/eip:Eip",
                        "aws:ec2/customerGateway:CustomerGateway",
                        "aws:ec2/vpnConnection:VpnConnection",
                    ].includes(r.type) ||
                    (r.type === "aws:ec2/vpc:Vpc" &&
                        ["inspection-vpc", "shared-services-vpc"].includes(r.name)) ||
                    (r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name.startsWith("resolver-")),
            );

        it("protects the TGW, its tables, the hub VPCs, firewall, Resolver endpoints and rules, NAT EIPs and VPN in prod", () => {
            const resources = critical(prod);
            const types = new Set(resources.map((r) => r.type.split(":").pop()));
            expect([...types].sort()).to.deep.equal([
                "CustomerGateway",
                "Eip",
                "Firewall",
                "ResolverEndpoint",
                "ResolverRule",
                "RouteTable",
                "SecurityGroup",
                "TransitGateway",
                "Vpc",
                "VpnConnection",
            ]);
            expect(resources.filter((r) => !r.protect).map((r) => r.name)).to.deep.equal([]);
            expect(prod.all("aws:ec2/vpc:Vpc").filter((v) => v.protect)).to.have.length(2);
        });

        it("leaves a development hub replaceable", () => {
            expect(
                critical(dev)
                    .filter((r) => r.protect)
                    .map((r) => r.name),
            ).to.deep.equal([]);
        });

        it("never deletes the inbound endpoint before replacing it, and never replaces it for a description", () => {
            for (const run of [dev, prod]) {
                const inbound = run.find("aws:route53/resolverEndpoint:ResolverEndpoint", "resolver-inbound");
                expect(inbound.deleteBeforeReplace).to.equal(false);
                // security_group_ids is ForceNew: a replaced group would replace the endpoint; EC2
                // cannot change a group's description in place, so it is never diffed.
                for (const sg of run
                    .all("aws:ec2/securityGroup:SecurityGroup")
                    .filter((g) => g.name.startsWith("resolver-"))) {
                    expect(sg.ignoreChanges, sg.name).to.deep.equal(["description"]);
                }
                expect(inbound.inputs.securityGroupIds).to.deep.equal([
                    run.find("aws:ec2/securityGroup:SecurityGroup", "resolver-inbound").id,
                ]);
            }
        });
    });

    it("turns firewall protections on in prod and off in dev", () => {
        const protections = (run: Recorded) => {
            const fw = run.all("aws:networkfirewall/firewall:Firewall")[0].inputs;
            return [fw.deleteProtection, fw.subnetChangeProtection, fw.firewallPolicyChangeProtection];
        };
        expect(protections(prod)).to.deep.equal([true, true, true]);
        expect(protections(dev)).to.deep.equal([false, false, false]);
    });

    it("exports what the cross-stack contract lists, matching the declared resources", () => {
        const tgw = dev.all("aws:ec2transitgateway/transitGateway:TransitGateway")[0];
        expect(dev.outputs.transitGatewayId)
            .to.equal(tgw.id)
            .and.to.match(/^tgw-[0-9a-f]{17}$/);
        expect(dev.outputs.transitGatewayArn).to.equal(tgw.outputs.arn);
        expect(dev.outputs.spokeRouteTableId).to.equal(
            dev.find("aws:ec2transitgateway/routeTable:RouteTable", "hub-spokes").id,
        );
        expect(dev.outputs.inspectionRouteTableId).to.equal(
            dev.find("aws:ec2transitgateway/routeTable:RouteTable", "hub-inspection").id,
        );
        expect(dev.outputs.inspectionVpcId).to.equal(dev.find("aws:ec2/vpc:Vpc", "inspection-vpc").id);
        expect(dev.outputs.inspectionAttachmentId).to.match(/^tgw-attach-/);
        expect(dev.outputs.region).to.equal("eu-west-1");
        // The AZs by ID, each under the name the network account gives it (the mock maps names per account).
        const ids = dev.outputs.availabilityZoneIds as string[];
        const subnets = dev
            .all("aws:ec2/subnet:Subnet")
            .filter((sub) => sub.name.startsWith("inspection-tgw-"));
        expect(
            subnets.map((sub) => [sub.inputs.availabilityZone, sub.outputs.availabilityZoneId]),
        ).to.deep.equal((dev.outputs.availabilityZones as string[]).map((az, i) => [az, ids[i]]));
        expect(Object.keys(dev.outputs.firewallEndpointIds as object)).to.deep.equal(
            dev.outputs.availabilityZones,
        );
    });

    it("connects on premises by a VPN in each region, inspected both ways, and exports its tunnels", () => {
        for (const run of [dev, prod, dr]) {
            const cgw = run.find("aws:ec2/customerGateway:CustomerGateway", "on-premises-vpn-cgw");
            expect(cgw.inputs).to.include({ ipAddress: "203.0.113.10", bgpAsn: "65010" });
            const vpn = run.find("aws:ec2/vpnConnection:VpnConnection", "on-premises-vpn-connection");
            expect(vpn.inputs.transitGatewayId).to.equal(run.outputs.transitGatewayId);
            expect(run.outputs.vpnConnectionId).to.equal(vpn.id);
            expect(run.outputs.vpnAttachmentId).to.equal(vpn.outputs.transitGatewayAttachmentId);
            expect(run.outputs.vpnTunnelAddresses).to.deep.equal([
                vpn.outputs.tunnel1Address,
                vpn.outputs.tunnel2Address,
            ]);
            const association = run.find(
                "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
                "on-premises-vpn-association",
            );
            expect(association.inputs.transitGatewayRouteTableId).to.equal(
                run.find("aws:ec2transitgateway/routeTable:RouteTable", "on-premises-vpn-routes").id,
            );
            const propagation = run.find(
                "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
                "on-premises-vpn-inspection-propagation",
            );
            expect(propagation.inputs.transitGatewayRouteTableId).to.equal(
                run.outputs.inspectionRouteTableId,
            );
            // The firewall subnets send on-premises traffic back to the TGW (and so to the VPN), not to
            // the NAT.
            const onPremises = run
                .all("aws:ec2/route:Route")
                .filter((r) => r.inputs.destinationCidrBlock === "172.16.0.0/16");
            expect(onPremises.map((r) => r.name)).to.deep.equal(
                (run.outputs.availabilityZones as string[]).map(
                    (az) => `inspection-firewall-${az}-on-premises-172-16-0-0-16`,
                ),
            );
            expect(
                onPremises.every((r) => r.inputs.transitGatewayId === run.outputs.transitGatewayId),
            ).to.equal(true);
            const logs = run.find("aws:cloudwatch/logGroup:LogGroup", "on-premises-vpn-tunnel-logs");
            expect(logs.inputs.kmsKeyId).to.equal(run.outputs.logKeyArn);
        }
    });

    it("builds no VPN, and exports none, where the environment has none", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": (doc) => doc.deleteIn(["onPremises", "vpn"]),
        });
        const run = await runFixtureStack("network-dev", { root });
        expect(run.all("aws:ec2/vpnConnection:VpnConnection")).to.deep.equal([]);
        expect(run.all("aws:ec2/customerGateway:CustomerGateway")).to.deep.equal([]);
        expect(run.outputs).not.to.have.any.keys("vpnConnectionId", "vpnAttachmentId", "vpnTunnelAddresses");
        // The on-premises range still goes back to the TGW, where nothing routes it: dropped in AWS.
        expect(
            run.all("aws:ec2/route:Route").filter((r) => r.inputs.destinationCidrBlock === "172.16.0.0/16"),
        ).to.have.length(2);
    });

    it("calls at most 4 invokes per run (one: the AZ lookup)", () => {
        for (const run of [dev, prod, dr]) {
            expect(run.invokes.map((i) => i.token)).to.deep.equal([
                "aws:index/getAvailabilityZones:getAvailabilityZones",
            ]);
        }
    });

    it("tags every taggable resource with the environment and stack role", () => {
        for (const [run, env] of [
            [dev, "dev"],
            [prod, "prod"],
            [dr, "prod"],
        ] as const) {
            const taggable = run.resources.filter(
                (r) => r.custom && r.type.startsWith("aws:") && !UNTAGGABLE.has(r.type),
            );
            expect(taggable.length).to.be.greaterThan(30);
            for (const r of taggable) {
                const tags = (r.inputs.tags ?? {}) as Record<string, string>;
                expect(tags["hub-network:environment"], `${r.type} ${r.name}`).to.equal(env);
                expect(tags["hub-network:stack-role"], `${r.type} ${r.name}`).to.equal("network");
                expect(tags["cost-center"], `${r.type} ${r.name}`).to.equal("platform-network");
            }
        }
        expect(
            (dev.find("aws:ec2/vpc:Vpc", "inspection-vpc").inputs.tags as Record<string, string>)[
                "hub-network:vpc-role"
            ],
        ).to.equal("inspection");
    });

    it("protects the log encryption key from deletion", () => {
        for (const run of [dev, prod]) {
            expect(run.all("aws:kms/key:Key").every((k) => k.protect)).to.equal(true);
        }
        expect(prod.all("aws:s3/bucket:Bucket")[0].protect).to.equal(true);
    });

    describe("DNS hub", () => {
        const RULE = "aws:route53/resolverRule:ResolverRule";
        const RULE_ASSOC = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";
        const ENDPOINT = "aws:route53/resolverEndpoint:ResolverEndpoint";
        const sharedServicesVpc = (run: Recorded) =>
            run
                .all("aws:ec2/vpc:Vpc")
                .find(
                    (v) =>
                        (v.inputs.tags as Record<string, string>)["hub-network:vpc-role"] ===
                        "shared-services",
                )!;

        it("exports the shared-services VPC, rule IDs by domain, inbound addresses and parent zone", () => {
            for (const run of [dev, prod]) {
                expect(run.outputs.sharedServicesVpcId).to.equal(sharedServicesVpc(run).id);
                const rules = run.outputs.resolverRuleIds as Record<string, string>;
                expect(Object.keys(rules).sort()).to.deep.equal([
                    "aws.example.internal",
                    "corp.example.internal",
                ]);
                for (const [domain, id] of Object.entries(rules)) {
                    expect(id).to.match(/^rslvr-rr-[0-9a-f]{17}$/);
                    expect(run.all(RULE).find((r) => r.id === id)?.inputs.domainName).to.equal(domain);
                }
                expect(run.outputs.parentZoneId)
                    .to.equal(run.all("aws:route53/zone:Zone")[0].id)
                    .and.to.match(/^Z[0-9A-Z]{13}$/);
            }
            expect(dev.outputs.inboundResolverIps).to.deep.equal(["10.64.1.36", "10.64.1.52"]);
            expect(prod.outputs.inboundResolverIps).to.deep.equal([
                "10.128.1.52",
                "10.128.1.68",
                "10.128.1.84",
            ]);
        });

        it("places the inbound endpoint at the exported addresses in every AZ", () => {
            for (const run of [dev, prod, dr]) {
                const inbound = run.all(ENDPOINT).find((e) => e.inputs.direction === "INBOUND")!;
                const addresses = inbound.inputs.ipAddresses as { ip: string; subnetId: string }[];
                expect(addresses.map((a) => a.ip)).to.deep.equal(run.outputs.inboundResolverIps);
                const zones = addresses.map(
                    (a) =>
                        run.all("aws:ec2/subnet:Subnet").find((s) => s.id === a.subnetId)?.inputs
                            .availabilityZone,
                );
                expect(new Set(zones).size).to.equal(addresses.length);
                expect(zones).to.deep.equal(run.outputs.availabilityZones);
            }
        });

        it("never associates the corporate-domain rule with a VPC of the hub", () => {
            for (const run of [dev, prod, dr]) {
                const corporate = run.all(RULE).find((r) => r.inputs.domainName === "aws.example.internal")!;
                const associated = run.all(RULE_ASSOC).map((a) => a.inputs.resolverRuleId);
                expect(associated).to.not.include(corporate.id);
                expect(run.all(RULE_ASSOC).map((a) => a.inputs.vpcId)).to.include(
                    run.outputs.sharedServicesVpcId,
                );
            }
        });

        it("protects the parent zone and associates it with the shared-services VPC", () => {
            const zone = prod.all("aws:route53/zone:Zone")[0];
            expect(zone.protect).to.equal(true);
            expect(zone.inputs.name).to.equal("aws.example.internal");
            expect(zone.inputs.vpcs).to.deep.equal([
                { vpcId: prod.outputs.sharedServicesVpcId, vpcRegion: "eu-west-1" },
            ]);
        });
    });

    describe("network-prod-dr", () => {
        it("repeats the hub in the DR region, with the resolver and its rules but without a second parent zone", () => {
            expectCounts(dr, {
                ...PROD_REGION_COUNTS,
                "aws:route53/zone:Zone": 0,
                "aws:route53/zoneAssociation:ZoneAssociation": 1,
            });
            expect(dr.outputs.region).to.equal("eu-central-1");
            expect(dr.outputs.availabilityZones).to.deep.equal([
                "eu-central-1a",
                "eu-central-1b",
                "eu-central-1c",
            ]);
            expect(dr.outputs.inboundResolverIps).to.deep.equal([
                "10.128.5.52",
                "10.128.5.68",
                "10.128.5.84",
            ]);
            expect(dr.outputs.transitGatewayId).to.not.equal(prod.outputs.transitGatewayId);
            const drRules = dr.outputs.resolverRuleIds as Record<string, string>;
            const primaryRules = prod.outputs.resolverRuleIds as Record<string, string>;
            expect(Object.keys(drRules).sort()).to.deep.equal(Object.keys(primaryRules).sort());
            expect(Object.values(drRules)).to.not.include.members(Object.values(primaryRules));
        });

        it("forwards the DR rules through the DR outbound endpoint, the corporate rule to the DR inbound addresses", () => {
            const outbound = dr
                .all("aws:route53/resolverEndpoint:ResolverEndpoint")
                .find((e) => e.inputs.direction === "OUTBOUND")!;
            for (const rule of dr.all("aws:route53/resolverRule:ResolverRule")) {
                expect(rule.inputs.resolverEndpointId).to.equal(outbound.id);
            }
            const corporate = dr
                .all("aws:route53/resolverRule:ResolverRule")
                .find((r) => r.inputs.domainName === "aws.example.internal")!;
            expect((corporate.inputs.targetIps as { ip: string }[]).map((t) => t.ip)).to.deep.equal(
                dr.outputs.inboundResolverIps,
            );
        });

        it("associates the DR shared-services VPC with the primary stack's parent zone", () => {
            const association = dr.find("aws:route53/zoneAssociation:ZoneAssociation", "parent-zone-dr");
            expect(association.inputs).to.deep.include({
                zoneId: prod.outputs.parentZoneId,
                vpcId: dr.outputs.sharedServicesVpcId,
                vpcRegion: "eu-central-1",
            });
            expect(dr.outputs.parentZoneId).to.equal(prod.outputs.parentZoneId);
        });
    });

    describe("in preview", () => {
        let preview: Recorded;
        before(async () => {
            preview = await runFixtureStack("network-prod", { preview: true });
        });

        it("declares exactly the resources an update declares (nothing is created inside apply)", () => {
            expect(preview.resources.map((r) => r.urn).sort()).to.deep.equal(
                prod.resources.map((r) => r.urn).sort(),
            );
        });

        it("leaves IDs unknown and keeps the known exports", () => {
            expect(isUnknown(preview.outputs.transitGatewayId)).to.equal(true);
            expect(preview.outputs.region).to.equal("eu-west-1");
            const route = preview.find("aws:ec2/route:Route", "inspection-tgw-eu-west-1a-default");
            expect(isUnknown(route.inputs.vpcEndpointId)).to.equal(true);
            expect(route.propertyDependencies.vpcEndpointId).to.include(
                preview.all("aws:networkfirewall/firewall:Firewall")[0].urn,
            );
        });
    });

    describe("bad config", () => {
        async function failure(overrides: Record<string, string>): Promise<StackRunError> {
            try {
                await runFixtureStack("network-dev", { overrides });
            } catch (error) {
                expect(error).to.be.instanceOf(StackRunError);
                return error as StackRunError;
            }
            throw new Error("expected the stack to fail");
        }

        it("fails before declaring any resource, without a stack trace, naming the file and field", async () => {
            const error = await failure({ "aws:region": "eu-west-2" });
            expect(error.cause).to.be.instanceOf(ConfigError);
            expect(pulumi.RunError.isInstance(error.cause)).to.equal(true);
            expect((error.cause as Error).message).to.contain(
                "stacks/config/Pulumi.network-dev.yaml:3: aws:region 'eu-west-2' differs from stacks/environments/dev.yaml regions.primary.name 'eu-west-1'",
            );
            expect(error.resources.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
        });

        it("refuses a role it does not know", async () => {
            const error = await failure({ "hub-network:role": "firewall" });
            expect((error.cause as Error).message).to.contain(
                "hub-network:role 'firewall' is not a stack role; expected one of network, security, spoke",
            );
        });
    });
});
