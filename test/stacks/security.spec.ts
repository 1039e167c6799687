import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { runStack, StackRunError } from "../../cli/mock-cloud/run";
import { program } from "../../stacks/program";
import { ConfigError } from "../../stacks/schema/errors";
import {
    FIXTURE_ROOT,
    isUnknown,
    runFixtureStack,
    stackConfig,
    type Recorded,
    type RecordedResource,
} from "../harness";
import { analyzeRun } from "../policy-pack/recorded";

/** Types that carry no tags in AWS (or are Pulumi-only). */
const UNTAGGABLE = new Set([
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:kms/alias:Alias",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
]);

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    tg: "aws:lb/targetGroup:TargetGroup",
    asg: "aws:autoscaling/group:Group",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    service: "aws:ec2/vpcEndpointService:VpcEndpointService",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

const tagsOf = (r: RecordedResource) => (r.inputs.tags ?? {}) as Record<string, string>;
/** Account roots: they always exist, where a role named in the service's permissions must exist first. */
const accountRoots = (...accounts: string[]) => accounts.map((a) => `arn:aws:iam::${a}:root`);

describe("security stack", () => {
    let dev: Recorded;
    let prod: Recorded;
    let devPreview: Recorded;
    let prodPreview: Recorded;
    before(async () => {
        // One after another: each run owns the process-wide mock runtime while it runs.
        dev = await runFixtureStack("security-dev");
        prod = await runFixtureStack("security-prod");
        devPreview = await runFixtureStack("security-dev", { preview: true });
        prodPreview = await runFixtureStack("security-prod", { preview: true });
    });

    it("protects the Gateway Load Balancer and its endpoint service in prod only", () => {
        const critical = (run: Recorded) =>
            [
                run.all("aws:lb/loadBalancer:LoadBalancer"),
                run.all("aws:ec2/vpcEndpointService:VpcEndpointService"),
            ]
                .flat()
                .map((r) => [r.type.split(":").pop(), r.protect]);
        expect(critical(prod)).to.deep.equal([
            ["LoadBalancer", true],
            ["VpcEndpointService", true],
        ]);
        expect(critical(dev)).to.deep.equal([
            ["LoadBalancer", false],
            ["VpcEndpointService", false],
        ]);
    });

    it("builds security-dev from its config: one burstable appliance over 2 AZs, cross-zone on, no deletion protection", () => {
        expect(dev.all(T.subnet).map((s) => s.inputs.availabilityZone)).to.deep.equal([
            "eu-west-1a",
            "eu-west-1b",
            "eu-west-1a",
            "eu-west-1b",
        ]);
        expect(tagsOf(dev.find(T.vpc, "appliances-vpc"))["hub-network:vpc-role"]).to.equal("security");
        expect(dev.find(T.vpc, "appliances-vpc").inputs.cidrBlock).to.equal("10.64.2.0/24");
        expect(dev.find(T.lb, "appliances-gwlb").inputs).to.deep.include({
            loadBalancerType: "gateway",
            enableCrossZoneLoadBalancing: true,
            enableDeletionProtection: false,
        });
        expect(dev.find(T.asg, "appliances-appliances").inputs).to.deep.include({
            minSize: 1,
            desiredCapacity: 1,
            maxSize: 2,
            healthCheckType: "ELB",
        });
        expect(dev.find(T.lt, "appliances-appliance").inputs.instanceType).to.equal("t3.small");
        expect(dev.find(T.tg, "appliances-geneve").inputs).to.deep.include({ deregistrationDelay: 30 });
        const userData = Buffer.from(
            String(dev.find(T.lt, "appliances-appliance").inputs.userData),
            "base64",
        );
        expect(userData.toString()).to.include('readonly LOG_FLOWS="true"');
    });

    it("builds security-prod from its config: at least one appliance per AZ, HTTP checks, deletion protection", () => {
        expect(prod.find(T.lb, "appliances-gwlb").inputs).to.deep.include({
            enableCrossZoneLoadBalancing: true,
            enableDeletionProtection: true,
        });
        expect(prod.find(T.lb, "appliances-gwlb").inputs.subnets).to.have.length(3);
        const asg = prod.find(T.asg, "appliances-appliances");
        expect(asg.inputs).to.deep.include({ minSize: 3, desiredCapacity: 3, maxSize: 6 });
        expect(asg.inputs.vpcZoneIdentifiers).to.have.length(3);
        expect(prod.find(T.lt, "appliances-appliance").inputs.instanceType).to.equal("c6in.large");
        expect(prod.find(T.tg, "appliances-geneve").inputs.healthCheck).to.deep.include({
            protocol: "HTTP",
            port: "8080",
            path: "/healthz",
        });
    });

    it("offers the service to every spoke account by default, to exactly the principals an environment lists, never *", () => {
        expect(dev.find(T.service, "appliances-service").inputs.allowedPrincipals).to.deep.equal(
            accountRoots("333333333333", "444444444444", "555555555555"),
        );
        expect(prod.find(T.service, "appliances-service").inputs.allowedPrincipals).to.deep.equal(
            ["333333333334", "444444444445", "555555555556"].map(
                (a) => `arn:aws:iam::${a}:role/hub-network-deployer`,
            ),
        );
    });

    it("exports the service name and ID and the appliance group's name, matching the declared resources", () => {
        const service = dev.find(T.service, "appliances-service");
        expect(dev.outputs).to.deep.include({
            region: "eu-west-1",
            availabilityZones: ["eu-west-1a", "eu-west-1b"],
            availabilityZoneIds: ["euw1-az1", "euw1-az2"],
            gwlbServiceId: service.id,
            gwlbServiceName: `com.amazonaws.vpce.eu-west-1.${String(service.id)}`,
            applianceAsgName: dev.find(T.asg, "appliances-appliances").id,
            vpcId: dev.find(T.vpc, "appliances-vpc").id,
            gwlbArn: dev.find(T.lb, "appliances-gwlb").id,
        });
        expect(String(dev.outputs.gwlbServiceName)).to.match(
            /^com\.amazonaws\.vpce\.eu-west-1\.vpce-svc-[0-9a-f]{17}$/,
        );
    });

    it("leaves IDs unknown in a preview and declares exactly what an update declares", () => {
        for (const name of ["gwlbServiceName", "gwlbServiceId", "vpcId", "gwlbArn"]) {
            expect(isUnknown(devPreview.outputs[name]), name).to.equal(true);
        }
        // Auto-names are chosen in the preview already, as the engine does.
        expect(devPreview.outputs.applianceAsgName).to.match(/^appliances-appliances-[0-9a-f]{7}$/);
        expect(devPreview.outputs.region).to.equal("eu-west-1");
        expect(devPreview.resources.map((r) => r.urn).sort()).to.deep.equal(
            dev.resources.map((r) => r.urn).sort(),
        );
    });

    it("runs in the security account alone: no explicit provider, no StackReference, one invoke", () => {
        for (const run of [dev, prod]) {
            expect(
                run.resources.filter((r) => r.provider !== undefined && !r.provider.includes("::default")),
            ).to.deep.equal([]);
            expect(run.all("pulumi:pulumi:StackReference")).to.have.length(0);
            expect(run.all("aws:ec2transitgateway/vpcAttachment:VpcAttachment")).to.have.length(0);
            expect(run.invokes.map((i) => i.token)).to.deep.equal([
                "aws:index/getAvailabilityZones:getAvailabilityZones",
            ]);
        }
        expect(String(dev.outputs.logKeyArn)).to.match(/^arn:aws:kms:eu-west-1:222222222222:key\//);
    });

    it("encrypts its flow logs with its own protected key", () => {
        const key = dev.find(T.key, "logs-key");
        expect(key.protect).to.equal(true);
        const flowLogs = dev.all(T.logGroup);
        expect(flowLogs.map((g) => g.inputs.name)).to.deep.equal(["/hub-network/dev/flow-logs/appliances"]);
        expect(flowLogs[0].inputs).to.deep.include({ kmsKeyId: key.outputs.arn, retentionInDays: 30 });
    });

    it("tags every taggable resource with the environment and stack role", () => {
        const taggable = dev.resources.filter(
            (r) => r.custom && r.type.startsWith("aws:") && !UNTAGGABLE.has(r.type) && r.type !== T.asg,
        );
        expect(taggable.length).to.be.greaterThan(30);
        for (const r of taggable) {
            expect(tagsOf(r)["hub-network:environment"], `${r.type} ${r.name}`).to.equal("dev");
            expect(tagsOf(r)["hub-network:stack-role"], `${r.type} ${r.name}`).to.equal("security");
        }
        const asgTags = dev.find(T.asg, "appliances-appliances").inputs.tags as {
            key: string;
            value: string;
        }[];
        expect(asgTags).to.deep.include({
            key: "hub-network:stack-role",
            value: "security",
            propagateAtLaunch: false,
        });
    });

    it("builds security-prod-dr in the DR region from the same section", async () => {
        const dr = await runFixtureStack("security-prod-dr");
        expect(dr.outputs.region).to.equal("eu-central-1");
        expect(dr.find(T.vpc, "appliances-vpc").inputs.cidrBlock).to.equal("10.128.6.0/24");
        expect(String(dr.outputs.gwlbServiceName)).to.match(/^com\.amazonaws\.vpce\.eu-central-1\.vpce-svc-/);
        expect(dr.find(T.asg, "appliances-appliances").inputs.minSize).to.equal(3);
    });

    it("passes the policy pack with zero mandatory violations and no advisories, in update and preview", async () => {
        for (const run of [dev, prod, devPreview, prodPreview]) {
            const findings = await analyzeRun(run);
            expect(
                findings.map((f) => `${f.level} ${f.policy}: ${f.message}`),
                run.stack,
            ).to.deep.equal([]);
        }
    });

    describe("bad config", () => {
        let root: string;
        before(() => {
            root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-security-"));
            fs.mkdirSync(path.join(root, "stacks", "config"), { recursive: true });
            fs.mkdirSync(path.join(root, "stacks", "environments"), { recursive: true });
            fs.copyFileSync(
                path.join(FIXTURE_ROOT, "stacks/config/Pulumi.security-dev.yaml"),
                path.join(root, "stacks/config/Pulumi.security-dev.yaml"),
            );
        });
        after(() => fs.rmSync(root, { recursive: true, force: true }));

        /** Runs security-dev against dev.yaml with `appliances` replaced; returns the failure. */
        async function failure(
            appliances: Record<string, unknown>,
        ): Promise<{ error: StackRunError; text: string }> {
            const data = parse(
                fs.readFileSync(path.join(FIXTURE_ROOT, "stacks/environments/dev.yaml"), "utf8"),
            ) as Record<string, unknown>;
            data.appliances = { ...(data.appliances as Record<string, unknown>), ...appliances };
            const text = stringify(data);
            fs.writeFileSync(path.join(root, "stacks/environments/dev.yaml"), text);
            const config = stackConfig("security-dev");
            try {
                await runStack({
                    project: "hub-network",
                    stack: "security-dev",
                    config,
                    preview: false,
                    accountId: "222222222222",
                    region: "eu-west-1",
                    program: () => program("security-dev", config, root),
                });
            } catch (error) {
                expect(error).to.be.instanceOf(StackRunError);
                return { error: error as StackRunError, text };
            }
            throw new Error("expected the stack to fail");
        }

        it("stops before declaring any resource when the fleet's settings are wrong", async () => {
            const { error, text } = await failure({ crossZone: false });
            expect(error.cause).to.be.instanceOf(ConfigError);
            const line = text.split("\n").findIndex((l) => l.startsWith("  minSize:")) + 1;
            expect(
                (error.cause as ConfigError).problems.map((p) => [p.file, p.line, p.field, p.message]),
            ).to.deep.equal([
                [
                    "stacks/environments/dev.yaml",
                    line,
                    "appliances.minSize",
                    "leaves an AZ without an appliance while crossZone is false (2 AZs in regions.primary); expected at least 2, or crossZone: true",
                ],
            ]);
            expect(error.resources.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
        });

        it("stops on a principal outside the environment's spoke accounts", async () => {
            const { error } = await failure({ allowedPrincipals: ["arn:aws:iam::999999999999:root"] });
            expect((error.cause as Error).message).to.contain(
                "appliances.allowedPrincipals[0] 'arn:aws:iam::999999999999:root' belongs to account 999999999999, which accounts.spokes does not list",
            );
            expect(error.resources.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
        });
    });
});
