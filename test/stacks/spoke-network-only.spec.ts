import { expect } from "chai";
import type { Document } from "yaml";
import { StackRunError } from "../../cli/mock-cloud/run";
import { ConfigError } from "../../stacks/schema/errors";
import { analyzeRun } from "../policy-pack/recorded";
import { copyProject, runEnvironment, runFixtureStack, type Recorded } from "../harness";

const SUBNET = "aws:ec2/subnet:Subnet";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const KEY = "aws:kms/key:Key";
const ZONE = "aws:route53/zone:Zone";
const RULE_ASSOCIATION = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";

const ORDERS_DEV = "stacks/config/Pulumi.spoke-orders-dev.yaml";
const APP1_PROD = "stacks/config/Pulumi.spoke-app1-prod.yaml";

/** A spoke request edited to run no workload, with the interface endpoints its team's program needs. */
const networkOnly =
    (endpoints: string[]) =>
    (doc: Document): void => {
        doc.setIn(["config", "hub-network:spoke", "workload"], "none");
        doc.deleteIn(["config", "hub-network:spoke", "api"]);
        doc.setIn(["config", "hub-network:spoke", "interfaceEndpoints"], endpoints);
    };

/** The tier tag of a recorded subnet. */
const tierOf = (r: { inputs: Record<string, unknown> }) =>
    (r.inputs.tags as Record<string, string>)["hub-network:subnet-tier"];

describe("a network-only spoke (workload: none)", () => {
    let spoke: Recorded;
    let network: Recorded;
    let root: string;
    before(async function () {
        this.timeout(120_000);
        root = copyProject({ [ORDERS_DEV]: networkOnly(["ssm", "logs"]) });
        network = await runFixtureStack("network-dev");
        spoke = await runFixtureStack("spoke-orders-dev", {
            root,
            stackOutputs: { "network-dev": network.outputs },
        });
    });

    it("builds the VPC, its attachment, DNS and endpoints, and no workload", () => {
        // The only Lambda resources are requests to the hub's registrar, made in the network account.
        const invocations = spoke.resources.filter((r) => r.type === "aws:lambda/invocation:Invocation");
        expect(invocations.map((r) => r.provider?.split("::").slice(-2)[0])).to.deep.equal(["hub", "hub"]);
        const types = new Set(
            spoke.resources
                .filter((r) => !invocations.includes(r))
                .map((r) => r.type.split(":")[1].split("/")[0]),
        );
        for (const workloadService of ["lambda", "apigateway", "cognito", "wafv2", "dynamodb", "ecs", "lb"]) {
            expect(types, workloadService).to.not.include(workloadService);
        }
        expect(spoke.all(SUBNET).map(tierOf)).to.have.members(["workload", "workload", "tgw", "tgw"]);
        expect(spoke.all(ZONE).map((z) => z.inputs.name)).to.deep.equal(["orders.aws.example.internal"]);
        expect(spoke.all(RULE_ASSOCIATION).length).to.equal(
            Object.keys(network.outputs.resolverRuleIds as Record<string, string>).length,
        );
        expect(
            spoke
                .all(ENDPOINT)
                .map((e) => String(e.inputs.serviceName))
                .sort(),
        ).to.deep.equal([
            "com.amazonaws.eu-west-1.dynamodb",
            "com.amazonaws.eu-west-1.logs",
            "com.amazonaws.eu-west-1.s3",
            "com.amazonaws.eu-west-1.ssm",
        ]);
        expect(spoke.outputs.apiEndpoint).to.equal(undefined);
    });

    it("exports what the team's own program builds on: subnets per tier, endpoints, prefix lists, the log key", () => {
        const subnets = (tier: string) =>
            spoke
                .all(SUBNET)
                .filter((s) => tierOf(s) === tier)
                .map((s) => s.id);
        expect(spoke.outputs.subnetIds).to.deep.equal({ workload: subnets("workload"), tgw: subnets("tgw") });
        const endpoints = spoke.find(SECURITY_GROUP, "orders-endpoints");
        expect(spoke.outputs.endpointSecurityGroupId).to.equal(endpoints.id);
        const interfaceIds = Object.fromEntries(
            spoke
                .all(ENDPOINT)
                .filter((e) => e.inputs.vpcEndpointType === "Interface")
                .map((e) => [String(e.inputs.serviceName).split(".").pop(), e.id]),
        );
        expect(spoke.outputs.interfaceEndpointIds).to.deep.equal(interfaceIds);
        const prefixList = (service: string) =>
            spoke.all(ENDPOINT).find((e) => e.inputs.serviceName === `com.amazonaws.eu-west-1.${service}`)!
                .outputs.prefixListId;
        expect(spoke.outputs.gatewayPrefixListIds).to.deep.equal({
            s3: prefixList("s3"),
            dynamodb: prefixList("dynamodb"),
        });
        expect(spoke.outputs.logKeyArn).to.equal(spoke.find(KEY, "logs-key").outputs.arn);
        expect(spoke.outputs.zoneId).to.equal(spoke.all(ZONE)[0].id);
    });

    it("requires only the DNS flows and those its request declares, sent from the workload subnets", async () => {
        const withFlows = copyProject({
            [ORDERS_DEV]: (doc) => {
                networkOnly([])(doc);
                doc.setIn(
                    ["config", "hub-network:spoke", "flows"],
                    [{ destination: "api.partner.example.com", port: 443 }],
                );
            },
        });
        const run = await runFixtureStack("spoke-orders-dev", {
            root: withFlows,
            stackOutputs: { "network-dev": network.outputs },
        });
        const flows = run.outputs.requiredFlows as {
            source: { tier: string; securityGroup?: string };
            destination: { kind: string; name?: string };
        }[];
        expect(flows.filter((f) => f.destination.kind !== "dns")).to.deep.equal(
            flows.filter((f) => f.destination.kind === "domain"),
        );
        const declared = flows.find((f) => f.destination.kind === "domain")!;
        expect(declared.destination.name).to.equal("api.partner.example.com");
        expect(declared.source).to.include({ tier: "workload" });
        expect(declared.source.securityGroup).to.equal(undefined);
        expect(run.outputs.endpointSecurityGroupId).to.equal(undefined);
        expect(run.outputs.interfaceEndpointIds).to.deep.equal({});
    });

    it("passes the policy pack with zero mandatory violations", async () => {
        const mandatory = (await analyzeRun(spoke)).filter((f) => f.level === "mandatory");
        expect(mandatory.map((f) => `${f.policy}: ${f.message}`)).to.deep.equal([]);
    });

    it("exports the DR region's building blocks with a dr prefix", async function () {
        this.timeout(180_000);
        const prodRoot = copyProject({ [APP1_PROD]: networkOnly([]) });
        const runs = await runEnvironment("prod", {
            root: prodRoot,
            only: (s) => s === "spoke-app1-prod",
        });
        const run = runs["spoke-app1-prod"];
        const drSubnets = run
            .all(SUBNET)
            .filter((s) => s.name.startsWith("app1-dr-") && tierOf(s) === "workload")
            .map((s) => s.id);
        expect((run.outputs.drSubnetIds as Record<string, string[]>).workload).to.deep.equal(drSubnets);
        expect(run.outputs.drLogKeyArn).to.equal(run.find(KEY, "logs-dr-key").outputs.arn);
        expect(run.outputs.logKeyArn).to.not.equal(run.outputs.drLogKeyArn);
    });

    it("refuses workload settings on a spoke without a workload, naming the file, field and fix", async () => {
        const bad = copyProject({
            [ORDERS_DEV]: (doc) => doc.setIn(["config", "hub-network:spoke", "workload"], "none"),
        });
        let error: unknown;
        try {
            await runFixtureStack("spoke-orders-dev", {
                root: bad,
                stackOutputs: { "network-dev": network.outputs },
            });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(StackRunError);
        const cause = (error as StackRunError).cause as ConfigError;
        expect(cause).to.be.instanceOf(ConfigError);
        expect(cause.message).to.match(
            /stacks\/config\/Pulumi\.spoke-orders-dev\.yaml:\d+: hub-network:spoke\.api '.*' is set but workload is none, which builds no workload to configure; expected no api block, or workload ecs-api or lambda-api/,
        );
        expect((error as StackRunError).resources.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
    });
});
