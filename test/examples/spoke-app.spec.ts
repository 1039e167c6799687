/**
 * The application team's program of docs/spokes.md (examples/spoke-app), run under the mock cloud
 * against the exports of a network-only spoke recorded from the fixture project: everything it builds
 * lands in the spoke's subnets, security groups, zone and log key. The page shows the file as is.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { runStack } from "../../cli/mock-cloud/run";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { copyProject, record, runFixtureStack, type Recorded } from "../harness";

const PROGRAM = path.join(PROJECT_ROOT, "examples", "spoke-app", "index.ts");
const CERTIFICATE = "arn:aws:acm:eu-west-1:444444444444:certificate/12345678-1234-1234-1234-123456789012";

/** Runs the example program once, as stack `billing-app-dev` of its own project. */
async function runExample(
    spokeOutputs: Record<string, unknown>,
    config: Record<string, string>,
): Promise<Recorded> {
    return record(
        await runStack({
            project: "billing-app",
            stack: "billing-app-dev",
            config: {
                "billing-app:spokeStack": "organization/hub-network/spoke-orders-dev",
                "billing-app:certificateArn": CERTIFICATE,
                ...config,
            },
            preview: false,
            accountId: "444444444444",
            region: "eu-west-1",
            stackOutputs: { "spoke-orders-dev": spokeOutputs },
            program: async () => {
                // A Pulumi program runs once per process: load it afresh for each run.
                delete require.cache[require.resolve(PROGRAM)];
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                return { ...(require(PROGRAM) as Record<string, unknown>) };
            },
        }),
    );
}

describe("the application team's program on a network-only spoke (examples/spoke-app)", () => {
    let spoke: Recorded;
    let app: Recorded;
    before(async function () {
        this.timeout(120_000);
        const root = copyProject({
            "stacks/config/Pulumi.spoke-orders-dev.yaml": (doc) => {
                doc.setIn(["config", "hub-network:spoke", "workload"], "none");
                doc.deleteIn(["config", "hub-network:spoke", "api"]);
                doc.setIn(["config", "hub-network:spoke", "interfaceEndpoints"], ["logs", "ssm"]);
            },
        });
        const network = await runFixtureStack("network-dev");
        spoke = await runFixtureStack("spoke-orders-dev", {
            root,
            stackOutputs: { "network-dev": network.outputs },
        });
        app = await runExample(spoke.outputs, {});
    });

    it("runs the function and the load balancer in the spoke's workload subnets", () => {
        const workload = (spoke.outputs.subnetIds as Record<string, string[]>).workload;
        const fn = app.find("aws:lambda/function:Function", "billing-api");
        expect((fn.inputs.vpcConfig as { subnetIds: string[] }).subnetIds).to.deep.equal(workload);
        const lb = app.find("aws:lb/loadBalancer:LoadBalancer", "billing-api");
        expect(lb.inputs).to.deep.include({ internal: true, subnets: workload });
        for (const group of app.all("aws:ec2/securityGroup:SecurityGroup")) {
            expect(group.inputs.vpcId, group.name).to.equal(spoke.outputs.vpcId);
        }
    });

    it("lets the function reach AWS only through the spoke's endpoints", () => {
        const group = app.find("aws:ec2/securityGroup:SecurityGroup", "billing-api-fn");
        const lists = spoke.outputs.gatewayPrefixListIds as Record<string, string>;
        expect(group.inputs.egress).to.deep.equal([
            {
                description: "HTTPS to S3 and DynamoDB through the gateway endpoints",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                prefixListIds: [lists.s3, lists.dynamodb],
            },
            {
                description: "HTTPS to the interface endpoints",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                securityGroups: [spoke.outputs.endpointSecurityGroupId],
            },
        ]);
        const lb = app.find("aws:ec2/securityGroup:SecurityGroup", "billing-api-lb");
        expect(lb.inputs.ingress).to.deep.equal([
            {
                description: "HTTPS from the callers",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: [spoke.outputs.vpcCidr],
            },
        ]);
    });

    it("encrypts its log group with the spoke's log key and publishes api.<spoke zone>", () => {
        const logs = app.find("aws:cloudwatch/logGroup:LogGroup", "billing-api-logs");
        expect(logs.inputs.kmsKeyId).to.equal(spoke.outputs.logKeyArn);
        const record = app.find("aws:route53/record:Record", "billing-api");
        expect(record.inputs).to.deep.include({
            zoneId: spoke.outputs.zoneId,
            name: "api.orders.aws.example.internal",
            type: "A",
        });
        expect(app.outputs.url).to.match(/^https:\/\//);
    });

    it("works on a spoke without interface endpoints, and takes the callers from its config", async () => {
        const outputs = Object.fromEntries(
            Object.entries(spoke.outputs).filter(([key]) => key !== "endpointSecurityGroupId"),
        );
        const run = await runExample(outputs, {
            "billing-app:callerCidrs": JSON.stringify(["10.72.0.0/13"]),
        });
        const group = run.find("aws:ec2/securityGroup:SecurityGroup", "billing-api-fn");
        expect((group.inputs.egress as unknown[]).length).to.equal(1);
        const lb = run.find("aws:ec2/securityGroup:SecurityGroup", "billing-api-lb");
        expect((lb.inputs.ingress as { cidrBlocks: string[] }[])[0].cidrBlocks).to.deep.equal([
            "10.72.0.0/13",
        ]);
    });

    it("is the program docs/spokes.md shows, line for line", () => {
        const page = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "spokes.md"), "utf8");
        const source = fs.readFileSync(PROGRAM, "utf8");
        expect(page).to.contain("```ts\n" + source + "```\n");
    });
});
