import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ResolverHub, type ResolverHubArgs } from "../../../components/dns/resolver-hub";
import { SharedServicesVpc } from "../../../components/network/shared-services-vpc";
import { runProgram, type Recorded } from "../../harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const ENDPOINT = "aws:route53/resolverEndpoint:ResolverEndpoint";
const RULE = "aws:route53/resolverRule:ResolverRule";
const RULE_ASSOC = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";
const SHARE = "aws:ram/resourceShare:ResourceShare";
const SHARE_RESOURCE = "aws:ram/resourceAssociation:ResourceAssociation";
const SHARE_PRINCIPAL = "aws:ram/principalAssociation:PrincipalAssociation";
const SUBNET = "aws:ec2/subnet:Subnet";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const QUERY_LOG = "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig";
const QUERY_LOG_ASSOC = "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const ORG_ARN = "arn:aws:organizations::999999999999:organization/o-abc123def4";
const ON_PREM_SERVERS = ["172.16.0.10", "172.16.1.10"];
const TAGS = { owner: "network-team" };

type HubOverrides = Partial<Omit<ResolverHubArgs, "vpcId" | "placements">> & { inboundIps?: string[] };

/** Runs a SharedServicesVpc (10.64.1.0/24 over three AZs) and a ResolverHub in it. */
function runHub(overrides: HubOverrides = {}, preview = false): Promise<Recorded> {
    const { inboundIps, ...hubArgs } = overrides;
    return runProgram(
        () => {
            const provider = new aws.Provider("network", { region: REGION });
            const vpc = new SharedServicesVpc(
                "shared-services",
                {
                    accountId: ACCOUNT,
                    region: REGION,
                    cidrBlock: "10.64.1.0/24",
                    availabilityZones: AZS,
                    transitGatewayId: "tgw-0123456789abcdef0",
                    spokeRouteTableId: "tgw-rtb-0000000000000spoke",
                    inspectionRouteTableId: "tgw-rtb-00000000000inspect",
                    flowLogs: { kmsKeyArn: KMS_KEY, retentionDays: 30, logGroupPrefix: "/test/flow-logs" },
                    tags: TAGS,
                },
                { provider },
            );
            const hub = new ResolverHub(
                "resolver",
                {
                    accountId: ACCOUNT,
                    region: REGION,
                    vpcId: vpc.vpcId,
                    placements: vpc.resolverPlacements(inboundIps),
                    onPremisesCidrs: ["172.16.0.0/16", "192.168.0.0/20"],
                    supernet: "10.64.0.0/12",
                    onPremisesDnsServers: ON_PREM_SERVERS,
                    onPremisesDomains: ["corp.example.internal", "legacy.example.com"],
                    corporateDomain: "aws.example.internal",
                    shareWith: { accountIds: ["333333333333", "444444444444"] },
                    onPremisesRuleVpcs: { "shared-services": vpc.vpcId, inspection: "vpc-0inspection000000" },
                    tags: TAGS,
                    ...hubArgs,
                },
                { provider },
            );
            return { vpcId: vpc.vpcId, inboundIps: hub.inboundIps, ruleIds: hub.ruleIds };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

/** `protocol port-port cidr` of every rule of `type` on the group named `group`. */
function rulesOf(run: Recorded, type: string, group: string): string[] {
    const sg = run.find(SG, group);
    return run
        .all(type)
        .filter((r) => r.inputs.securityGroupId === sg.id)
        .map(
            (r) =>
                `${String(r.inputs.ipProtocol)} ${String(r.inputs.fromPort)}-${String(r.inputs.toPort)} ${String(r.inputs.cidrIpv4)}`,
        )
        .sort();
}

describe("ResolverHub", () => {
    let hub: Recorded;
    let organization: Recorded;
    let preview: Recorded;

    before(async () => {
        hub = await runHub();
        organization = await runHub({
            shareWith: { organizationArn: ORG_ARN },
            inboundIps: ["10.64.1.60", "10.64.1.70"],
            queryLogging: {
                kmsKeyArn: KMS_KEY,
                retentionDays: 365,
                logGroupName: "/test/resolver-query-logs",
            },
        });
        preview = await runHub({}, true);
    });

    describe("endpoints", () => {
        it("puts the inbound endpoint at the plan's fixed address in each of three distinct AZs", () => {
            const inbound = hub.find(ENDPOINT, "resolver-inbound");
            expect(inbound.inputs.direction).to.equal("INBOUND");
            expect(inbound.id).to.match(/^rslvr-in-[0-9a-f]{17}$/);
            const addresses = inbound.inputs.ipAddresses as { ip: string; subnetId: string }[];
            // resolver tier after the tgw tier (3 x /28): .48/28, .64/28, .80/28; offset 4 in each
            expect(addresses.map((a) => a.ip)).to.deep.equal(["10.64.1.52", "10.64.1.68", "10.64.1.84"]);
            const subnets = addresses.map((a) => hub.all(SUBNET).find((s) => s.id === a.subnetId)!);
            expect(subnets.map((s) => s.inputs.availabilityZone)).to.deep.equal(AZS);
            expect(subnets.map((s) => s.inputs.cidrBlock)).to.deep.equal([
                "10.64.1.48/28",
                "10.64.1.64/28",
                "10.64.1.80/28",
            ]);
            expect(hub.outputs.inboundIps).to.deep.equal(["10.64.1.52", "10.64.1.68", "10.64.1.84"]);
        });

        it("keeps the addresses in a preview and across runs, and never deletes the endpoint before a replacement", async () => {
            const inbound = preview.find(ENDPOINT, "resolver-inbound");
            expect((inbound.inputs.ipAddresses as { ip: string }[]).map((a) => a.ip)).to.deep.equal(
                hub.outputs.inboundIps,
            );
            // On-premises forwarders point at these addresses: a replacement must fail (the new endpoint
            // cannot take addresses the old one holds), never take DNS down first.
            expect(inbound.deleteBeforeReplace).to.equal(false);
            const again = await runHub();
            expect(again.outputs.inboundIps).to.deep.equal(hub.outputs.inboundIps);
        });

        it("protects the endpoints, their security groups and the rules when asked, and only then", async () => {
            const protectedHub = await runHub({ protect: true });
            const critical = (run: Recorded) =>
                run.resources
                    .filter((r) =>
                        [
                            ENDPOINT,
                            "aws:route53/resolverRule:ResolverRule",
                            "aws:ec2/securityGroup:SecurityGroup",
                        ].includes(r.type),
                    )
                    .filter(
                        (r) =>
                            r.type !== "aws:ec2/securityGroup:SecurityGroup" ||
                            r.name.startsWith("resolver-"),
                    );
            expect(
                critical(protectedHub)
                    .map((r) => [r.name, r.protect])
                    .filter(([, p]) => !p),
            ).to.deep.equal([]);
            expect(critical(protectedHub)).to.have.length.greaterThan(5);
            expect(critical(hub).filter((r) => r.protect)).to.deep.equal([]);
        });

        it("takes overridden addresses for the first AZs only", () => {
            const inbound = organization.find(ENDPOINT, "resolver-inbound");
            expect((inbound.inputs.ipAddresses as { ip: string }[]).map((a) => a.ip)).to.deep.equal([
                "10.64.1.60",
                "10.64.1.70",
            ]);
            const outbound = organization.find(ENDPOINT, "resolver-outbound");
            expect(outbound.inputs.ipAddresses).to.have.length(2);
        });

        it("puts the outbound endpoint in the same subnets with automatic addresses, after the inbound one", () => {
            const inbound = hub.find(ENDPOINT, "resolver-inbound");
            const outbound = hub.find(ENDPOINT, "resolver-outbound");
            expect(outbound.inputs.direction).to.equal("OUTBOUND");
            expect(outbound.id).to.match(/^rslvr-out-[0-9a-f]{17}$/);
            const addresses = outbound.inputs.ipAddresses as { ip?: string; subnetId: string }[];
            expect(addresses.map((a) => a.subnetId)).to.deep.equal(
                (inbound.inputs.ipAddresses as { subnetId: string }[]).map((a) => a.subnetId),
            );
            expect(addresses.every((a) => a.ip === undefined)).to.equal(true);
            expect(outbound.dependencies).to.include(inbound.urn);
        });

        it("refuses fewer than two AZs and an address outside its AZ's resolver subnet", async () => {
            for (const [ips, says] of [
                [["10.64.1.52"], "1 inbound address(es) given; expected one per AZ for 2 to 3 AZs"],
                [["10.64.1.52", "10.64.1.20"], "10.64.1.20 is outside the resolver subnet 10.64.1.64/28"],
            ] as const) {
                let failure: unknown;
                try {
                    await runHub({ inboundIps: [...ips] });
                } catch (error) {
                    failure = error;
                }
                expect(String(failure)).to.contain(says);
            }
        });
    });

    describe("security groups", () => {
        it("lets only on-premises and the spoke supernet query the inbound endpoint, TCP and UDP 53", () => {
            expect(rulesOf(hub, INGRESS, "resolver-inbound")).to.deep.equal([
                "tcp 53-53 10.64.0.0/12",
                "tcp 53-53 172.16.0.0/16",
                "tcp 53-53 192.168.0.0/20",
                "udp 53-53 10.64.0.0/12",
                "udp 53-53 172.16.0.0/16",
                "udp 53-53 192.168.0.0/20",
            ]);
            expect(rulesOf(hub, EGRESS, "resolver-inbound")).to.deep.equal([]);
        });

        it("lets the outbound endpoint reach only the on-premises servers and the inbound addresses (/32)", () => {
            expect(rulesOf(hub, EGRESS, "resolver-outbound")).to.deep.equal(
                ["10.64.1.52", "10.64.1.68", "10.64.1.84", ...ON_PREM_SERVERS]
                    .flatMap((ip) => [`tcp 53-53 ${ip}/32`, `udp 53-53 ${ip}/32`])
                    .sort(),
            );
            expect(rulesOf(hub, INGRESS, "resolver-outbound")).to.deep.equal([]);
        });

        it("describes every rule, keeps no inline rules, and uses the groups on their endpoints", () => {
            for (const rule of [...hub.all(INGRESS), ...hub.all(EGRESS)]) {
                expect(rule.inputs.description, rule.name).to.match(/^DNS \((TCP|UDP) 53\) (from|to) .+/);
            }
            for (const sg of hub.all(SG)) {
                expect(sg.inputs.ingress ?? []).to.deep.equal([]);
                expect(sg.inputs.egress ?? []).to.deep.equal([]);
            }
            for (const direction of ["inbound", "outbound"]) {
                expect(hub.find(ENDPOINT, `resolver-${direction}`).inputs.securityGroupIds).to.deep.equal([
                    hub.find(SG, `resolver-${direction}`).id,
                ]);
            }
        });
    });

    describe("forwarding rules", () => {
        it("forwards each on-premises domain to the on-premises servers through the outbound endpoint", () => {
            const outbound = hub.find(ENDPOINT, "resolver-outbound");
            for (const domain of ["corp.example.internal", "legacy.example.com"]) {
                const rule = hub.all(RULE).find((r) => r.inputs.domainName === domain)!;
                expect(rule.inputs).to.deep.include({ ruleType: "FORWARD", resolverEndpointId: outbound.id });
                expect(rule.inputs.targetIps).to.deep.equal(ON_PREM_SERVERS.map((ip) => ({ ip, port: 53 })));
            }
        });

        it("forwards the corporate domain to the inbound endpoint addresses", () => {
            const rule = hub.all(RULE).find((r) => r.inputs.domainName === "aws.example.internal")!;
            expect(rule.inputs).to.deep.include({
                ruleType: "FORWARD",
                resolverEndpointId: hub.find(ENDPOINT, "resolver-outbound").id,
            });
            expect(rule.inputs.targetIps).to.deep.equal(
                ["10.64.1.52", "10.64.1.68", "10.64.1.84"].map((ip) => ({ ip, port: 53 })),
            );
            expect(hub.all(RULE)).to.have.length(3);
        });

        it("exports the rule IDs by domain", () => {
            const ids = hub.outputs.ruleIds as Record<string, string>;
            expect(Object.keys(ids).sort()).to.deep.equal([
                "aws.example.internal",
                "corp.example.internal",
                "legacy.example.com",
            ]);
            for (const [domain, id] of Object.entries(ids)) {
                expect(hub.all(RULE).find((r) => r.id === id)?.inputs.domainName).to.equal(domain);
            }
        });

        it("associates the on-premises rules with the hub VPCs and the corporate rule with none", () => {
            const vpcId = hub.outputs.vpcId as string;
            const corporate = hub.all(RULE).find((r) => r.inputs.domainName === "aws.example.internal")!;
            const pairs = hub
                .all(RULE_ASSOC)
                .map((a) => [
                    hub.all(RULE).find((r) => r.id === a.inputs.resolverRuleId)?.inputs.domainName,
                    a.inputs.vpcId,
                ]);
            expect(pairs).to.have.deep.members([
                ["corp.example.internal", vpcId],
                ["legacy.example.com", vpcId],
                ["corp.example.internal", "vpc-0inspection000000"],
                ["legacy.example.com", "vpc-0inspection000000"],
            ]);
            expect(hub.all(RULE_ASSOC).map((a) => a.inputs.resolverRuleId)).to.not.include(corporate.id);
        });
    });

    describe("sharing", () => {
        it("shares every rule with the listed accounts only, never outside the organization", () => {
            const share = hub.find(SHARE, "resolver-share");
            expect(share.inputs.allowExternalPrincipals).to.equal(false);
            const shared = hub.all(SHARE_RESOURCE).map((a) => a.inputs.resourceArn);
            expect(shared).to.have.members(hub.all(RULE).map((r) => r.outputs.arn));
            expect(
                shared.every((arn) =>
                    /^arn:aws:route53resolver:eu-west-1:111111111111:resolver-rule\/rslvr-rr-/.test(
                        String(arn),
                    ),
                ),
            ).to.equal(true);
            expect(hub.all(SHARE_PRINCIPAL).map((p) => p.inputs.principal)).to.have.members([
                "333333333333",
                "444444444444",
            ]);
            for (const a of [...hub.all(SHARE_RESOURCE), ...hub.all(SHARE_PRINCIPAL)]) {
                expect(a.inputs.resourceShareArn).to.equal(share.id);
            }
        });

        it("shares with the organization when told to", () => {
            expect(organization.all(SHARE_PRINCIPAL).map((p) => p.inputs.principal)).to.deep.equal([ORG_ARN]);
            expect(organization.find(SHARE, "resolver-share").inputs.allowExternalPrincipals).to.equal(false);
        });
    });

    describe("query logging", () => {
        it("logs queries of the shared-services VPC to a KMS-encrypted log group when asked", () => {
            const group = organization.find(LOG_GROUP, "resolver-query-logs");
            expect(group.inputs).to.deep.include({
                name: "/test/resolver-query-logs",
                kmsKeyId: KMS_KEY,
                retentionInDays: 365,
            });
            const config = organization.find(QUERY_LOG, "resolver-query-logs");
            expect(config.inputs.destinationArn).to.equal(group.outputs.arn);
            const association = organization.find(QUERY_LOG_ASSOC, "resolver-query-logs");
            expect(association.inputs).to.deep.include({
                resolverQueryLogConfigId: config.id,
                resourceId: organization.outputs.vpcId,
            });
        });

        it("logs nothing by default", () => {
            expect(hub.all(QUERY_LOG)).to.have.length(0);
            expect(hub.all(QUERY_LOG_ASSOC)).to.have.length(0);
        });
    });

    it("passes its provider to every child", () => {
        const provider = hub.resources.find((r) => r.type === "pulumi:providers:aws")!;
        const children = hub.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        expect(children.length).to.be.greaterThan(30);
        for (const child of children) {
            expect(child.provider, `${child.type} ${child.name}`).to.match(
                new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`),
            );
        }
    });
});
