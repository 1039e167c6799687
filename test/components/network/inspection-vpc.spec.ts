import { expect } from "chai";
import { InspectionVpc, type InspectionVpcArgs } from "../../../components/network/inspection-vpc";
import { LogBucket } from "../../../components/shared/log-bucket";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const SUPERNET = "10.64.0.0/12";
const TGW_ID = "tgw-0123456789abcdef0";
const INSPECTION_RT = "tgw-rtb-0aaaaaaaaaaaaaaa1";
const SPOKE_RT = "tgw-rtb-0bbbbbbbbbbbbbbb2";
const POLICY_ARN = `arn:aws:network-firewall:${REGION}:${ACCOUNT}:firewall-policy/inspection`;
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const FIREWALL_LOG_PREFIX = "/hub-network/test/network-firewall";
const FLOW_LOG_PREFIX = "/hub-network/test/flow-logs";

/** The subnet plan of 10.64.0.0/24 with three /28 tiers over three AZs, tier by tier, AZ by AZ. */
const CIDRS: Record<string, readonly string[]> = {
    tgw: ["10.64.0.0/28", "10.64.0.16/28", "10.64.0.32/28"],
    firewall: ["10.64.0.48/28", "10.64.0.64/28", "10.64.0.80/28"],
    public: ["10.64.0.96/28", "10.64.0.112/28", "10.64.0.128/28"],
};
const TIERS = ["tgw", "firewall", "public"] as const;

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    route: "aws:ec2/route:Route",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    firewall: "aws:networkfirewall/firewall:Firewall",
    logging: "aws:networkfirewall/loggingConfiguration:LoggingConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    flowLog: "aws:ec2/flowLog:FlowLog",
    attachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucket: "aws:s3/bucket:Bucket",
} as const;

type FirewallLogs = InspectionVpcArgs["firewallLogs"];
type Overrides = Partial<Omit<InspectionVpcArgs, "firewallLogs">> & { firewallLogs?: Partial<FirewallLogs> };

function inspectionArgs(overrides: Overrides = {}): InspectionVpcArgs {
    const { firewallLogs, ...rest } = overrides;
    return {
        accountId: ACCOUNT,
        region: REGION,
        cidrBlock: "10.64.0.0/24",
        availabilityZones: AZS,
        supernet: SUPERNET,
        transitGatewayId: TGW_ID,
        inspectionRouteTableId: INSPECTION_RT,
        spokeRouteTableId: SPOKE_RT,
        firewallPolicyArn: POLICY_ARN,
        firewallLogs: {
            kmsKeyArn: KMS_KEY_ARN,
            retentionDays: 30,
            logGroupPrefix: FIREWALL_LOG_PREFIX,
            ...firewallLogs,
        },
        flowLogs: { kmsKeyArn: KMS_KEY_ARN, retentionDays: 30, logGroupPrefix: FLOW_LOG_PREFIX },
        ...rest,
    };
}

function deploy(overrides: Overrides = {}, preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            new InspectionVpc("inspection", inspectionArgs(overrides));
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

const subnetOf = (rec: Recorded, tier: string, az: string) => rec.find(T.subnet, `inspection-${tier}-${az}`);
const routeTableOf = (rec: Recorded, tier: string, az: string) =>
    rec.find(T.routeTable, `inspection-${tier}-${az}-rt`);
const natIn = (rec: Recorded, az: string) => rec.find(T.nat, `inspection-nat-${az}`);

/** The routes of a route table: destination -> target inputs (everything but table and destination). */
function routesOf(rec: Recorded, routeTable: RecordedResource): Record<string, Record<string, unknown>> {
    const routes: Record<string, Record<string, unknown>> = {};
    for (const route of rec.all(T.route).filter((r) => r.inputs.routeTableId === routeTable.id)) {
        const target = { ...route.inputs };
        const destination = String(target.destinationCidrBlock);
        delete target.routeTableId;
        delete target.destinationCidrBlock;
        expect(routes, `two routes to ${destination}`).not.to.have.property(destination);
        routes[destination] = target;
    }
    return routes;
}

interface SyncState {
    availabilityZone: string;
    attachments: { endpointId: string; subnetId: string }[];
}

/** The firewall endpoint in `az`, read from the firewall's recorded `firewallStatuses`. */
function recordedEndpoint(rec: Recorded, az: string): { endpointId: string; subnetId: string } {
    const statuses = rec.find(T.firewall, "inspection-firewall").outputs.firewallStatuses as {
        syncStates: SyncState[];
    }[];
    const states = statuses.flatMap((s) => s.syncStates).filter((s) => s.availabilityZone === az);
    expect(states, `sync states in ${az}`).to.have.length(1);
    return states[0].attachments[0];
}

function logGroupNamed(rec: Recorded, name: string): RecordedResource {
    const found = rec.all(T.logGroup).filter((g) => g.inputs.name === name);
    expect(found, `log group ${name}`).to.have.length(1);
    return found[0];
}

describe("InspectionVpc", () => {
    describe("with three AZs and the defaults (per-AZ NAT, protection, CloudWatch logs)", () => {
        let rec: Recorded;
        let vpc: RecordedResource;
        before(async () => {
            rec = await deploy();
            vpc = rec.find(T.vpc, "inspection-vpc");
        });

        it("tags the VPC with the inspection role and gives it the CIDR", () => {
            expect(vpc.inputs.cidrBlock).to.equal("10.64.0.0/24");
            expect(vpc.inputs.tags).to.deep.include({
                "hub-network:vpc-role": "inspection",
                Name: "inspection",
            });
        });

        it("declares tgw, firewall and public /28 subnets per AZ with the planned CIDRs, none mapping public IPs", () => {
            expect(rec.all(T.subnet)).to.have.length(9);
            for (const tier of TIERS) {
                AZS.forEach((az, i) => {
                    const subnet = subnetOf(rec, tier, az);
                    expect(subnet.inputs.cidrBlock, `${tier} ${az}`).to.equal(CIDRS[tier][i]);
                    expect(subnet.inputs.availabilityZone).to.equal(az);
                    expect(subnet.inputs.vpcId).to.equal(vpc.id);
                    expect(subnet.inputs.mapPublicIpOnLaunch).to.equal(false);
                    expect(
                        (subnet.inputs.tags as Record<string, string>)["hub-network:subnet-tier"],
                    ).to.equal(tier);
                });
            }
            for (const subnet of rec.all(T.subnet)) expect(subnet.inputs.mapPublicIpOnLaunch).to.equal(false);
        });

        it("strips every rule from the VPC's default security group", () => {
            const sg = rec.find(T.defaultSg, "inspection-default-sg");
            expect(sg.inputs.vpcId).to.equal(vpc.id);
            expect(sg.inputs.ingress).to.deep.equal([]);
            expect(sg.inputs.egress).to.deep.equal([]);
        });

        it("attaches an internet gateway and puts a NAT gateway with its own EIP in every AZ's public subnet", () => {
            const igw = rec.find(T.igw, "inspection-igw");
            expect(igw.inputs.vpcId).to.equal(vpc.id);
            expect(rec.all(T.nat)).to.have.length(3);
            expect(rec.all(T.eip)).to.have.length(3);
            for (const az of AZS) {
                const nat = natIn(rec, az);
                const eip = rec.find(T.eip, `inspection-nat-${az}`);
                expect(nat.inputs.subnetId, az).to.equal(subnetOf(rec, "public", az).id);
                expect(nat.inputs.allocationId).to.equal(eip.id);
                expect(nat.inputs.connectivityType).to.equal("public");
                expect(eip.inputs.domain).to.equal("vpc");
                expect(nat.dependencies).to.include(igw.urn);
            }
        });

        it("maps the firewall to exactly the firewall subnets with every protection on", () => {
            const firewall = rec.find(T.firewall, "inspection-firewall");
            expect(firewall.inputs.vpcId).to.equal(vpc.id);
            expect(firewall.inputs.firewallPolicyArn).to.equal(POLICY_ARN);
            expect(firewall.inputs.subnetMappings).to.deep.equal(
                AZS.map((az) => ({ subnetId: subnetOf(rec, "firewall", az).id })),
            );
            expect(firewall.inputs).to.deep.include({
                deleteProtection: true,
                subnetChangeProtection: true,
                firewallPolicyChangeProtection: true,
            });
        });

        it("gives every subnet its own route table, associated with it", () => {
            expect(rec.all(T.routeTable)).to.have.length(9);
            expect(rec.all(T.rta)).to.have.length(9);
            for (const tier of TIERS) {
                for (const az of AZS) {
                    const rta = rec.find(T.rta, `inspection-${tier}-${az}-rta`);
                    const table = routeTableOf(rec, tier, az);
                    expect(table.inputs.vpcId).to.equal(vpc.id);
                    expect(rta.inputs).to.deep.equal({
                        subnetId: subnetOf(rec, tier, az).id,
                        routeTableId: table.id,
                    });
                }
            }
        });

        it("reads a distinct firewall endpoint per AZ, each in that AZ's firewall subnet", () => {
            const endpoints = AZS.map((az) => recordedEndpoint(rec, az));
            AZS.forEach((az, i) => expect(endpoints[i].subnetId).to.equal(subnetOf(rec, "firewall", az).id));
            expect(new Set(endpoints.map((e) => e.endpointId)).size).to.equal(3);
        });

        it("routes each tgw subnet only to the firewall endpoint of its own AZ", () => {
            for (const az of AZS) {
                expect(routesOf(rec, routeTableOf(rec, "tgw", az)), az).to.deep.equal({
                    "0.0.0.0/0": { vpcEndpointId: recordedEndpoint(rec, az).endpointId },
                });
            }
        });

        it("routes each firewall subnet to its own AZ's NAT gateway and the supernet to the TGW", () => {
            for (const az of AZS) {
                expect(routesOf(rec, routeTableOf(rec, "firewall", az)), az).to.deep.equal({
                    "0.0.0.0/0": { natGatewayId: natIn(rec, az).id },
                    [SUPERNET]: { transitGatewayId: TGW_ID },
                });
            }
        });

        it("routes each public subnet to the IGW and the supernet back through its own AZ's endpoint", () => {
            const igw = rec.find(T.igw, "inspection-igw");
            for (const az of AZS) {
                const endpoint = recordedEndpoint(rec, az).endpointId;
                expect(routesOf(rec, routeTableOf(rec, "public", az)), az).to.deep.equal({
                    "0.0.0.0/0": { gatewayId: igw.id },
                    [SUPERNET]: { vpcEndpointId: endpoint },
                });
                // Symmetric: the return path crosses the same endpoint as the outbound path.
                expect(endpoint).to.equal(
                    routesOf(rec, routeTableOf(rec, "tgw", az))["0.0.0.0/0"].vpcEndpointId,
                );
            }
            expect(rec.all(T.route)).to.have.length(15);
        });

        it("attaches to the TGW from the tgw subnets in appliance mode, without default association or propagation", () => {
            const attachment = rec.find(T.attachment, "inspection-attachment");
            expect(attachment.inputs).to.deep.include({
                transitGatewayId: TGW_ID,
                vpcId: vpc.id,
                applianceModeSupport: "enable",
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
            });
            expect(attachment.inputs.subnetIds).to.deep.equal(AZS.map((az) => subnetOf(rec, "tgw", az).id));
        });

        it("associates the attachment with the inspection table and sends the spokes' default and supernet to it", () => {
            const attachment = rec.find(T.attachment, "inspection-attachment");
            expect(rec.all(T.tgwAssociation)).to.have.length(1);
            expect(rec.find(T.tgwAssociation, "inspection-inspection-association").inputs).to.deep.equal({
                transitGatewayAttachmentId: attachment.id,
                transitGatewayRouteTableId: INSPECTION_RT,
            });
            const tgwRoutes = rec
                .all(T.tgwRoute)
                .map((r) => r.inputs)
                .sort((a, b) => String(a.destinationCidrBlock).localeCompare(String(b.destinationCidrBlock)));
            expect(tgwRoutes).to.deep.equal(
                ["0.0.0.0/0", SUPERNET].map((destinationCidrBlock) => ({
                    destinationCidrBlock,
                    transitGatewayAttachmentId: attachment.id,
                    transitGatewayRouteTableId: SPOKE_RT,
                })),
            );
        });

        it("makes every VPC route to the TGW depend on the attachment", () => {
            const attachment = rec.find(T.attachment, "inspection-attachment");
            const toTgw = rec.all(T.route).filter((r) => r.inputs.transitGatewayId !== undefined);
            expect(toTgw.map((r) => r.name).sort()).to.deep.equal(
                AZS.map((az) => `inspection-firewall-${az}-supernet`),
            );
            for (const route of toTgw) expect(route.dependencies, route.name).to.include(attachment.urn);
        });

        it("sends ALERT and FLOW logs to two KMS-encrypted log groups with the retention", () => {
            const logging = rec.find(T.logging, "inspection-firewall-logging");
            const firewall = rec.find(T.firewall, "inspection-firewall");
            expect(logging.inputs.firewallArn).to.equal(firewall.outputs.arn);
            const alert = logGroupNamed(rec, `${FIREWALL_LOG_PREFIX}/alert`);
            const flow = logGroupNamed(rec, `${FIREWALL_LOG_PREFIX}/flow`);
            for (const group of [alert, flow]) {
                expect(group.inputs.kmsKeyId).to.equal(KMS_KEY_ARN);
                expect(group.inputs.retentionInDays).to.equal(30);
            }
            expect(logging.inputs.loggingConfiguration).to.deep.equal({
                logDestinationConfigs: [
                    {
                        logType: "ALERT",
                        logDestinationType: "CloudWatchLogs",
                        logDestination: { logGroup: alert.outputs.name },
                    },
                    {
                        logType: "FLOW",
                        logDestinationType: "CloudWatchLogs",
                        logDestination: { logGroup: flow.outputs.name },
                    },
                ],
            });
        });

        it("captures ALL traffic of the VPC in flow logs to a KMS-encrypted log group", () => {
            const flowLogs = rec.all(T.flowLog);
            expect(flowLogs).to.have.length(1);
            const group = logGroupNamed(rec, `${FLOW_LOG_PREFIX}/inspection`);
            expect(group.inputs.kmsKeyId).to.equal(KMS_KEY_ARN);
            expect(group.inputs.retentionInDays).to.equal(30);
            expect(flowLogs[0].inputs).to.deep.include({
                vpcId: vpc.id,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: group.outputs.arn,
            });
            expect(rec.all(T.logGroup)).to.have.length(3);
        });
    });

    describe("options", () => {
        it("routes the on-premises ranges from every firewall subnet back to the TGW, each route named by its range", async () => {
            const onPremises = ["172.16.0.0/16", "192.168.10.0/24"];
            const rec = await deploy({ onPremisesCidrs: onPremises });
            const attachment = rec.find(T.attachment, "inspection-attachment");
            for (const az of AZS) {
                const routes = routesOf(rec, routeTableOf(rec, "firewall", az));
                expect(routes, az).to.deep.equal({
                    "0.0.0.0/0": { natGatewayId: natIn(rec, az).id },
                    [SUPERNET]: { transitGatewayId: TGW_ID },
                    "172.16.0.0/16": { transitGatewayId: TGW_ID },
                    "192.168.10.0/24": { transitGatewayId: TGW_ID },
                });
                const route = rec.find(T.route, `inspection-firewall-${az}-on-premises-172-16-0-0-16`);
                expect(route.dependencies).to.include(attachment.urn);
                expect(
                    rec.find(T.route, `inspection-firewall-${az}-on-premises-192-168-10-0-24`).inputs
                        .destinationCidrBlock,
                ).to.equal("192.168.10.0/24");
            }
            // Only the firewall subnets get them.
            expect(rec.all(T.route)).to.have.length(15 + AZS.length * onPremises.length);
        });

        it('uses one NAT gateway, in the first AZ, for every AZ with natGateways: "single"', async () => {
            const rec = await deploy({ natGateways: "single" });
            expect(rec.all(T.nat)).to.have.length(1);
            expect(rec.all(T.eip)).to.have.length(1);
            const nat = natIn(rec, "eu-west-1a");
            expect(nat.inputs.subnetId).to.equal(subnetOf(rec, "public", "eu-west-1a").id);
            for (const az of AZS) {
                expect(routesOf(rec, routeTableOf(rec, "firewall", az))["0.0.0.0/0"], az).to.deep.equal({
                    natGatewayId: nat.id,
                });
            }
        });

        for (const protection of [true, false]) {
            it(`sets all three firewall protections to ${protection} with protection: ${protection}`, async () => {
                const rec = await deploy({ protection });
                expect(rec.find(T.firewall, "inspection-firewall").inputs).to.deep.include({
                    deleteProtection: protection,
                    subnetChangeProtection: protection,
                    firewallPolicyChangeProtection: protection,
                });
            });
        }

        it("sends both log types to the S3 bucket by name and creates no firewall log groups", async () => {
            const rec = await deploy({ firewallLogs: { alert: "s3", flow: "s3", bucketName: "fw-logs" } });
            expect(
                rec.find(T.logging, "inspection-firewall-logging").inputs.loggingConfiguration,
            ).to.deep.equal({
                logDestinationConfigs: ["ALERT", "FLOW"].map((logType) => ({
                    logType,
                    logDestinationType: "S3",
                    logDestination: { bucketName: "fw-logs" },
                })),
            });
            expect(rec.all(T.logGroup).map((g) => g.inputs.name)).to.deep.equal([
                `${FLOW_LOG_PREFIX}/inspection`,
            ]);
        });

        it("mixes destinations: ALERT to CloudWatch Logs and FLOW to S3", async () => {
            const rec = await deploy({
                firewallLogs: { alert: "cloudwatch", flow: "s3", bucketName: "fw-logs" },
            });
            const alert = logGroupNamed(rec, `${FIREWALL_LOG_PREFIX}/alert`);
            expect(
                rec.find(T.logging, "inspection-firewall-logging").inputs.loggingConfiguration,
            ).to.deep.equal({
                logDestinationConfigs: [
                    {
                        logType: "ALERT",
                        logDestinationType: "CloudWatchLogs",
                        logDestination: { logGroup: alert.outputs.name },
                    },
                    { logType: "FLOW", logDestinationType: "S3", logDestination: { bucketName: "fw-logs" } },
                ],
            });
            expect(rec.all(T.logGroup)).to.have.length(2);
        });

        it("rejects S3 logging without a bucketName, naming the log type", async () => {
            await runProgram(() => {
                expect(
                    () => new InspectionVpc("inspection", inspectionArgs({ firewallLogs: { flow: "s3" } })),
                ).to.throw("InspectionVpc inspection: firewallLogs.flow is s3 but no bucketName was given");
            });
        });

        it("delivers S3 logs under the path that a LogBucket lets log delivery write to", async () => {
            // Network Firewall writes <prefix>/AWSLogs/<account>/network-firewall/<type>/<region>/<firewall>/...
            const rec = await runProgram(
                () => {
                    const bucket = new LogBucket("firewall-logs", {
                        accountId: ACCOUNT,
                        region: REGION,
                        kmsKeyArn: KMS_KEY_ARN,
                        retentionDays: 30,
                    });
                    new InspectionVpc(
                        "inspection",
                        inspectionArgs({
                            firewallLogs: { alert: "s3", flow: "s3", bucketName: bucket.bucketName },
                        }),
                    );
                },
                { accountId: ACCOUNT, region: REGION },
            );
            const bucket = rec.find(T.bucket, "firewall-logs-bucket");
            const policy = JSON.parse(
                String(rec.find(T.bucketPolicy, "firewall-logs-policy").inputs.policy),
            ) as {
                Statement: { Effect: string; Action: string; Resource: string | string[] }[];
            };
            const writable = policy.Statement.filter(
                (s) => s.Effect === "Allow" && s.Action === "s3:PutObject",
            )
                .flatMap((s) => [s.Resource].flat())
                .map(
                    (glob) =>
                        new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`),
                );
            expect(writable).to.have.length.greaterThan(0);
            const firewallName = String(rec.find(T.firewall, "inspection-firewall").outputs.name);
            const configs = (
                rec.find(T.logging, "inspection-firewall-logging").inputs.loggingConfiguration as {
                    logDestinationConfigs: { logType: string; logDestination: Record<string, string> }[];
                }
            ).logDestinationConfigs;
            expect(configs).to.have.length(2);
            for (const { logType, logDestination } of configs) {
                expect(logDestination.bucketName).to.equal(bucket.outputs.bucket);
                const prefix = logDestination.prefix ? `${logDestination.prefix}/` : "";
                const key =
                    `${prefix}AWSLogs/${ACCOUNT}/network-firewall/${logType.toLowerCase()}/${REGION}/` +
                    `${firewallName}/2025/01/01/00/${ACCOUNT}_network-firewall_${logType}.log.gz`;
                const objectArn = `${String(bucket.outputs.arn)}/${key}`;
                expect(
                    writable.some((re) => re.test(objectArn)),
                    `${objectArn} is writable`,
                ).to.equal(true);
            }
        });
    });

    describe("in a preview", () => {
        let preview: Recorded;
        let update: Recorded;
        before(async () => {
            preview = await deploy({}, true);
            update = await deploy({}, false);
        });

        it("leaves the firewall endpoint routes' vpcEndpointId unknown", () => {
            for (const az of AZS) {
                for (const name of [`inspection-tgw-${az}-default`, `inspection-public-${az}-supernet`]) {
                    const route = preview.find(T.route, name);
                    expect(isUnknown(route.inputs.vpcEndpointId), name).to.equal(true);
                }
            }
            // Known values stay known.
            expect(
                preview.find(T.route, "inspection-public-eu-west-1a-supernet").inputs.destinationCidrBlock,
            ).to.equal(SUPERNET);
        });

        it("declares exactly the resources an update declares", () => {
            const urns = (rec: Recorded) => rec.resources.map((r) => r.urn).sort();
            expect(urns(preview)).to.deep.equal(urns(update));
            expect(preview.resources.length).to.be.greaterThan(60);
        });
    });
});
