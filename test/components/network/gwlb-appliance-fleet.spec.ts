import { expect } from "chai";
import {
    GwlbApplianceFleet,
    type GwlbApplianceFleetArgs,
} from "../../../components/network/gwlb-appliance-fleet";
import { managementBuckets } from "../../../components/network/gwlb-management";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";
import { analyzeRun } from "../../policy-pack/recorded";

const ACCOUNT = "222222222222";
const REGION = "eu-west-1";
const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const PRINCIPALS = [
    "arn:aws:iam::333333333333:role/hub-network-deployer",
    "arn:aws:iam::444444444444:role/hub-network-deployer",
];
/** The plan of 10.64.2.0/24 over three AZs: an appliance /27 and a gwlb /28 per AZ. */
const APPLIANCE_CIDRS = ["10.64.2.0/27", "10.64.2.32/27", "10.64.2.64/27"];
const GWLB_CIDRS = ["10.64.2.96/28", "10.64.2.112/28", "10.64.2.128/28"];

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    flowLog: "aws:ec2/flowLog:FlowLog",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    tg: "aws:lb/targetGroup:TargetGroup",
    listener: "aws:lb/listener:Listener",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    asg: "aws:autoscaling/group:Group",
    service: "aws:ec2/vpcEndpointService:VpcEndpointService",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    profile: "aws:iam/instanceProfile:InstanceProfile",
} as const;

function fleetArgs(overrides: Partial<GwlbApplianceFleetArgs> = {}): GwlbApplianceFleetArgs {
    return {
        accountId: ACCOUNT,
        region: REGION,
        cidrBlock: "10.64.2.0/24",
        availabilityZones: AZS,
        instanceType: "c6in.large",
        minSize: 3,
        desiredCapacity: 3,
        maxSize: 6,
        allowedPrincipals: PRINCIPALS,
        flowLogs: {
            kmsKeyArn: KMS_KEY_ARN,
            retentionDays: 30,
            logGroupPrefix: "/hub-network/test/flow-logs",
        },
        tags: { "hub-network:environment": "test" },
        ...overrides,
    };
}

function runFleet(overrides: Partial<GwlbApplianceFleetArgs> = {}, preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            const fleet = new GwlbApplianceFleet("appliances", fleetArgs(overrides));
            return {
                vpcId: fleet.vpcId,
                serviceName: fleet.serviceName,
                serviceId: fleet.serviceId,
                asgName: fleet.asgName,
                loadBalancerArn: fleet.loadBalancerArn,
            };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

const tagOf = (r: RecordedResource, key: string) => (r.inputs.tags as Record<string, string>)[key];
const subnetsOf = (run: Recorded, tier: string) =>
    run.all(T.subnet).filter((s) => tagOf(s, "hub-network:subnet-tier") === tier);
const userDataOf = (run: Recorded) =>
    Buffer.from(String(run.find(T.lt, "appliances-appliance").inputs.userData), "base64").toString("utf8");

describe("GwlbApplianceFleet", () => {
    let run: Recorded;
    let preview: Recorded;
    before(async () => {
        run = await runFleet();
        preview = await runFleet({}, true);
    });

    describe("security VPC", () => {
        it("is tagged security, with an appliance /27 and a gwlb /28 per AZ and flow logs", () => {
            const vpc = run.find(T.vpc, "appliances-vpc");
            expect(tagOf(vpc, "hub-network:vpc-role")).to.equal("security");
            expect(
                subnetsOf(run, "appliance").map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock]),
            ).to.deep.equal(AZS.map((az, i) => [az, APPLIANCE_CIDRS[i]]));
            expect(
                subnetsOf(run, "gwlb").map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock]),
            ).to.deep.equal(AZS.map((az, i) => [az, GWLB_CIDRS[i]]));
            expect(run.all(T.subnet).every((s) => s.inputs.mapPublicIpOnLaunch === false)).to.equal(true);
            expect(run.all(T.flowLog).map((f) => [f.inputs.vpcId, f.inputs.trafficType])).to.deep.equal([
                [vpc.id, "ALL"],
            ]);
        });

        it("has no internet edge and no route out: management goes through AWS endpoints only", () => {
            for (const type of [
                "aws:ec2/internetGateway:InternetGateway",
                "aws:ec2/natGateway:NatGateway",
                "aws:ec2/eip:Eip",
                "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
                T.route,
            ]) {
                expect(run.all(type), type).to.have.length(0);
            }
        });

        it("reaches Systems Manager through interface endpoints in the appliance subnets, HTTPS from the VPC only", () => {
            const applianceSubnetIds = subnetsOf(run, "appliance").map((s) => s.id);
            const sg = run.find(T.sg, "appliances-mgmt-endpoints");
            const interfaces = run.all(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
            expect(interfaces.map((e) => e.inputs.serviceName)).to.deep.equal([
                "com.amazonaws.eu-west-1.ssm",
                "com.amazonaws.eu-west-1.ssmmessages",
                "com.amazonaws.eu-west-1.ec2messages",
            ]);
            for (const e of interfaces) {
                expect(e.inputs).to.deep.include({ privateDnsEnabled: true, vpcId: run.outputs.vpcId });
                expect(e.inputs.subnetIds).to.deep.equal(applianceSubnetIds);
                expect(e.inputs.securityGroupIds).to.deep.equal([sg.id]);
            }
            const rules = [...run.all(T.ingress), ...run.all(T.egress)].filter(
                (r) => r.inputs.securityGroupId === sg.id,
            );
            expect(
                rules.map((r) => [r.type, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.cidrIpv4]),
            ).to.deep.equal([[T.ingress, "tcp", 443, "10.64.2.0/24"]]);
        });

        it("reads only the package and Systems Manager buckets through an S3 gateway endpoint on the appliance tables", () => {
            const s3 = run.find(T.endpoint, "appliances-mgmt-s3");
            expect(s3.inputs).to.deep.include({
                vpcEndpointType: "Gateway",
                serviceName: "com.amazonaws.eu-west-1.s3",
            });
            expect(s3.inputs.routeTableIds).to.deep.equal(
                run
                    .all(T.routeTable)
                    .filter((t) => tagOf(t, "hub-network:subnet-tier") === "appliance")
                    .map((t) => t.id),
            );
            const policy = JSON.parse(String(s3.inputs.policy)) as { Statement: Record<string, unknown>[] };
            expect(policy.Statement).to.deep.equal([
                {
                    Sid: "ReadPackagesAndSystemsManagerBuckets",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: managementBuckets(REGION),
                },
            ]);
            expect(managementBuckets(REGION)).to.include("arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*");
        });
    });

    describe("Gateway Load Balancer", () => {
        it("is a gateway load balancer over the gwlb subnet of every AZ, deletion-protected by default", () => {
            const lb = run.find(T.lb, "appliances-gwlb");
            expect(lb.inputs).to.deep.include({
                loadBalancerType: "gateway",
                enableCrossZoneLoadBalancing: false,
                enableDeletionProtection: true,
            });
            expect(lb.inputs.subnets).to.deep.equal(subnetsOf(run, "gwlb").map((s) => s.id));
            expect(lb.inputs.subnets).to.have.length(AZS.length);
        });

        it("turns cross-zone load balancing on and deletion protection off when asked", async () => {
            const on = await runFleet({
                crossZoneLoadBalancing: true,
                deletionProtection: false,
                minSize: 1,
                desiredCapacity: 1,
            });
            expect(on.find(T.lb, "appliances-gwlb").inputs).to.deep.include({
                enableCrossZoneLoadBalancing: true,
                enableDeletionProtection: false,
            });
        });

        it("forwards to a GENEVE/6081 instance target group with the default health check", () => {
            const tg = run.find(T.tg, "appliances-geneve");
            expect(tg.inputs).to.deep.include({
                protocol: "GENEVE",
                port: 6081,
                targetType: "instance",
                vpcId: run.outputs.vpcId,
                deregistrationDelay: 300,
            });
            expect(tg.inputs.healthCheck).to.deep.equal({
                enabled: true,
                protocol: "TCP",
                port: "8080",
                interval: 10,
                timeout: 5,
                healthyThreshold: 3,
                unhealthyThreshold: 3,
            });
            const listener = run.find(T.listener, "appliances-listener");
            expect(listener.inputs.loadBalancerArn).to.equal(run.outputs.loadBalancerArn);
            expect(listener.inputs.defaultActions).to.deep.equal([
                { type: "forward", targetGroupArn: tg.id },
            ]);
            expect(String(run.outputs.loadBalancerArn)).to.match(
                /^arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer\/gwy\//,
            );
        });

        it("takes an HTTP health check, its thresholds, the deregistration delay and cross-zone off from the args", async () => {
            const custom = await runFleet({
                healthCheck: {
                    protocol: "HTTP",
                    port: 80,
                    path: "/status",
                    intervalSeconds: 30,
                    timeoutSeconds: 10,
                    healthyThreshold: 2,
                    unhealthyThreshold: 4,
                },
                deregistrationDelaySeconds: 30,
                crossZoneLoadBalancing: false,
            });
            // An explicit false reaches AWS as false (the attribute is set, not left to the default).
            expect(custom.find(T.lb, "appliances-gwlb").inputs.enableCrossZoneLoadBalancing).to.equal(false);
            const tg = custom.find(T.tg, "appliances-geneve");
            expect(tg.inputs.deregistrationDelay).to.equal(30);
            expect(tg.inputs.healthCheck).to.deep.equal({
                enabled: true,
                protocol: "HTTP",
                port: "80",
                path: "/status",
                matcher: "200-399",
                interval: 30,
                timeout: 10,
                healthyThreshold: 2,
                unhealthyThreshold: 4,
            });
            const ingressPorts = custom
                .all(T.ingress)
                .filter((r) => String(r.name).startsWith("appliances-appliance-health"))
                .map((r) => [r.inputs.fromPort, r.inputs.toPort]);
            expect(ingressPorts).to.deep.equal(AZS.map(() => [80, 80]));
            expect(userDataOf(custom)).to.include('readonly HEALTH_CHECK_PORT="80"');
            expect(userDataOf(custom)).to.include('readonly HEALTH_CHECK_PATH="/status"');
        });
    });

    describe("appliances", () => {
        it("launch from a template that requires IMDSv2, encrypts the gp3 root and assigns no public IP", () => {
            const lt = run.find(T.lt, "appliances-appliance");
            const sg = run.find(T.sg, "appliances-appliance");
            expect(lt.inputs).to.deep.include({
                instanceType: "c6in.large",
                imageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
                updateDefaultVersion: true,
            });
            expect(lt.inputs.metadataOptions).to.deep.equal({
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
            });
            expect(lt.inputs.networkInterfaces).to.deep.equal([
                {
                    deviceIndex: 0,
                    associatePublicIpAddress: "false",
                    deleteOnTermination: "true",
                    securityGroups: [sg.id],
                },
            ]);
            expect(lt.inputs.blockDeviceMappings).to.deep.equal([
                {
                    deviceName: "/dev/xvda",
                    ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                },
            ]);
            expect(lt.inputs.iamInstanceProfile).to.deep.equal({
                arn: run.find(T.profile, "appliances-appliance").outputs.arn,
            });
        });

        it("picks the arm64 Amazon Linux image for a Graviton type, and takes an image and user data as given", async () => {
            const graviton = await runFleet({ instanceType: "c7gn.large" });
            expect(graviton.find(T.lt, "appliances-appliance").inputs.imageId).to.equal(
                "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
            );
            const vendor = await runFleet({
                image: "ami-0123456789abcdef0",
                userData: "plaintext-bootstrap=1\n",
                rootVolume: { deviceName: "/dev/sda1", sizeGiB: 60 },
            });
            const lt = vendor.find(T.lt, "appliances-appliance");
            expect(lt.inputs.imageId).to.equal("ami-0123456789abcdef0");
            expect(userDataOf(vendor)).to.equal("plaintext-bootstrap=1\n");
            expect(lt.inputs.blockDeviceMappings).to.deep.equal([
                {
                    deviceName: "/dev/sda1",
                    ebs: {
                        volumeType: "gp3",
                        volumeSize: 60,
                        encrypted: "true",
                        deleteOnTermination: "true",
                    },
                },
            ]);
        });

        it("boot the GENEVE responder by default, answering health checks and accepting only the gwlb subnets", () => {
            const script = userDataOf(run);
            expect(script.startsWith("#!/bin/bash\n")).to.equal(true);
            expect(script).to.include('readonly HEALTH_CHECK_PORT="8080"');
            expect(script).to.include('readonly HEALTH_CHECK_PATH=""');
            expect(script).to.include(`readonly ALLOWED_SOURCES="${GWLB_CIDRS.join(" ")}"`);
            expect(script).to.include('readonly LOG_FLOWS="false"');
            expect(script).to.include("def parse_geneve(payload):");
            expect(script).to.include("systemctl enable --now geneve-responder.service");
            expect(script).not.to.include("@@");
        });

        it("allow GENEVE and health checks only from the gwlb subnets, and only minimal egress", () => {
            const sg = run.find(T.sg, "appliances-appliance");
            const rulesOf = (type: string) =>
                run
                    .all(type)
                    .filter((r) => r.inputs.securityGroupId === sg.id)
                    .map((r) => [
                        r.inputs.ipProtocol,
                        r.inputs.fromPort,
                        r.inputs.toPort,
                        r.inputs.cidrIpv4 ?? r.inputs.prefixListId,
                    ]);
            expect(rulesOf(T.ingress)).to.have.deep.members(
                GWLB_CIDRS.flatMap((cidr) => [
                    ["udp", 6081, 6081, cidr],
                    ["tcp", 8080, 8080, cidr],
                ]),
            );
            expect(rulesOf(T.ingress)).to.have.length(2 * AZS.length);
            const s3 = run.find(T.endpoint, "appliances-mgmt-s3");
            expect(rulesOf(T.egress)).to.have.deep.members([
                ...GWLB_CIDRS.map((cidr) => ["udp", 6081, 6081, cidr]),
                ["tcp", 443, 443, "10.64.2.0/24"],
                ["tcp", 443, 443, s3.outputs.prefixListId],
            ]);
            expect(rulesOf(T.egress)).to.have.length(AZS.length + 2);
            expect(String(s3.outputs.prefixListId)).to.match(/^pl-[0-9a-f]{8}$/);
            expect(sg.inputs.ingress ?? []).to.deep.equal([]);
            expect(sg.inputs.egress ?? []).to.deep.equal([]);
        });

        it("run with a role that only EC2 can assume and that has only AmazonSSMManagedInstanceCore", () => {
            const role = run.find(T.role, "appliances-appliance");
            expect(JSON.parse(String(role.inputs.assumeRolePolicy))).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            });
            const attachments = run.all(T.attachment).filter((a) => a.inputs.role === role.outputs.name);
            expect(attachments.map((a) => a.inputs.policyArn)).to.deep.equal([
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            ]);
            expect(run.all(T.rolePolicy).filter((p) => p.inputs.role === role.outputs.name)).to.have.length(
                0,
            );
            expect(role.inputs.managedPolicyArns ?? []).to.deep.equal([]);
            expect(run.find(T.profile, "appliances-appliance").inputs.role).to.equal(role.outputs.name);
        });

        it("scale in an ELB-checked group across the appliance subnets, attached and refreshed on template change", () => {
            const asg = run.find(T.asg, "appliances-appliances");
            const lt = run.find(T.lt, "appliances-appliance");
            expect(asg.inputs).to.deep.include({
                minSize: 3,
                desiredCapacity: 3,
                maxSize: 6,
                healthCheckType: "ELB",
                targetGroupArns: [run.find(T.tg, "appliances-geneve").id],
            });
            expect(asg.inputs.vpcZoneIdentifiers).to.deep.equal(subnetsOf(run, "appliance").map((s) => s.id));
            expect(asg.inputs.launchTemplate).to.deep.equal({ id: lt.id, version: "1" });
            expect(asg.inputs.instanceRefresh).to.deep.equal({
                strategy: "Rolling",
                preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmup: "120" },
            });
            expect(asg.dependencies).to.include(run.find(T.listener, "appliances-listener").urn);
            expect(run.outputs.asgName).to.equal(asg.id);
        });

        it("follow the template's latest version, unknown in a preview", () => {
            const asg = preview.find(T.asg, "appliances-appliances");
            const template = asg.inputs.launchTemplate as Record<string, unknown>;
            expect(isUnknown(template.version)).to.equal(true);
            expect(asg.propertyDependencies.launchTemplate).to.include(
                preview.find(T.lt, "appliances-appliance").urn,
            );
        });
    });

    describe("endpoint service", () => {
        it("offers the GWLB to exactly the allowed principals, without acceptance, never to *", () => {
            const service = run.find(T.service, "appliances-service");
            expect(service.inputs).to.deep.include({ acceptanceRequired: false });
            expect(service.inputs.allowedPrincipals).to.deep.equal(PRINCIPALS);
            expect(service.inputs.allowedPrincipals).not.to.include("*");
            expect(service.inputs.gatewayLoadBalancerArns).to.deep.equal([run.outputs.loadBalancerArn]);
            expect(run.outputs.serviceId).to.match(/^vpce-svc-[0-9a-f]{17}$/);
            expect(run.outputs.serviceName).to.equal(
                `com.amazonaws.vpce.eu-west-1.${String(run.outputs.serviceId)}`,
            );
        });

        it("leaves the service name and ID unknown in a preview", () => {
            expect(isUnknown(preview.outputs.serviceName)).to.equal(true);
            expect(isUnknown(preview.outputs.serviceId)).to.equal(true);
            const service = preview.find(T.service, "appliances-service");
            expect(service.propertyDependencies.gatewayLoadBalancerArns).to.deep.equal([
                preview.find(T.lb, "appliances-gwlb").urn,
            ]);
        });
    });

    it("passes the policy pack with no mandatory finding, in update and preview", async () => {
        for (const r of [run, preview]) {
            const findings = await analyzeRun(r);
            expect(
                findings.filter((f) => f.level === "mandatory").map((f) => `${f.policy}: ${f.message}`),
            ).to.deep.equal([]);
        }
    });

    describe("bad input", () => {
        const rejects = (overrides: Partial<GwlbApplianceFleetArgs>, message: string) =>
            expect(() => new GwlbApplianceFleet("bad", fleetArgs(overrides))).to.throw(Error, message);

        it("rejects sizes out of order", () => {
            rejects(
                { minSize: 4, maxSize: 3 },
                "GwlbApplianceFleet bad: minSize 4 is above maxSize 3; expected minSize <= maxSize",
            );
            rejects(
                { desiredCapacity: 7 },
                "GwlbApplianceFleet bad: desiredCapacity 7 is outside 3-6; expected minSize <= desiredCapacity <= maxSize",
            );
        });

        it("rejects an AZ without an appliance when cross-zone load balancing is off", () => {
            rejects(
                { minSize: 2, desiredCapacity: 2 },
                "GwlbApplianceFleet bad: minSize 2 leaves an AZ without an appliance while cross-zone load balancing is off; expected minSize >= 3 (one per AZ) or crossZoneLoadBalancing true",
            );
        });

        it("rejects the GENEVE port as health port and a timeout not below the interval", () => {
            rejects(
                { healthCheck: { port: 6081 } },
                "GwlbApplianceFleet bad: healthCheck.port 6081 is the GENEVE port; expected another port for the health listener",
            );
            rejects(
                { healthCheck: { intervalSeconds: 5, timeoutSeconds: 5 } },
                "GwlbApplianceFleet bad: healthCheck.timeoutSeconds 5 is not below intervalSeconds 5; expected a shorter timeout",
            );
        });

        it("rejects an empty or wildcard principal list", () => {
            rejects(
                { allowedPrincipals: [] },
                "GwlbApplianceFleet bad: allowedPrincipals is empty; expected the spoke accounts' roots or deployer roles",
            );
            rejects(
                { allowedPrincipals: ["*"] },
                "GwlbApplianceFleet bad: allowedPrincipals '*' is not an account root or role ARN; expected arn:aws:iam::<account>:root or arn:aws:iam::<account>:role/<name>, never '*'",
            );
        });

        it("rejects an unknown instance family", () => {
            expect(() => new GwlbApplianceFleet("bad", fleetArgs({ instanceType: "x9.large" }))).to.throw(
                "instance type 'x9.large' has an unknown instance family 'x9'",
            );
        });
    });
});
