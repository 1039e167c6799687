import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { PolicyAnalyzer } from "../../../cli/policy/analyzer";
import { transpiledPack } from "../../../cli/policy/pack";
import { StackRequests, type AnalyzableResource } from "../../../cli/policy/requests";
import { analyzable } from "../support/analyzable";

const STACK = "urn:pulumi:dev::hub-network";

const resource = (type: string, name: string, extra: Partial<AnalyzableResource> = {}) =>
    analyzable(STACK, type, name, extra);

const identity = { stack: "dev", project: "hub-network", config: {}, providerVersions: {} };

describe("the policy pack over the analyzer protocol, transpiled for the plan", function () {
    this.timeout(120000);
    let analyzer: PolicyAnalyzer;

    before(async () => {
        analyzer = await PolicyAnalyzer.start(transpiledPack());
    });
    after(() => analyzer?.close());

    it("serves the pack's policies with their settings' schemas", async () => {
        const info = await analyzer.info();
        expect(info.name).to.equal("hub-network");
        const retention = info.policies.find((p) => p.name === "cloudwatch-log-group-retention");
        expect(retention?.enforcementLevel).to.equal("advisory");
        expect(retention?.configSchema?.properties.minRetentionDays).to.include({ type: "integer" });
    });

    it("finds a VPC without flow log through AnalyzeStack, and follows property dependencies in a preview", async () => {
        await analyzer.configure({ "ec2-vpc-flow-logs": { enforcementLevel: "mandatory", properties: {} } });
        await analyzer.configureStack({
            stack: "dev",
            project: "hub-network",
            organization: "organization",
            dryRun: true,
            config: {},
        });
        const hub = resource("aws:ec2/vpc:Vpc", "hub", { inputs: { cidrBlock: "10.0.0.0/16" } });
        const spoke = resource("aws:ec2/vpc:Vpc", "spoke", { inputs: { cidrBlock: "10.1.0.0/16" } });
        // The flow log's vpcId is unknown in a preview: only its property dependency names the VPC.
        const flowLog = resource("aws:ec2/flowLog:FlowLog", "hub-flow-log", {
            inputs: { vpcId: pulumi.unknown, trafficType: "ALL" },
            dependencies: [hub.urn],
            propertyDependencies: { vpcId: [hub.urn] },
        });
        // Both VPCs adopt their default security groups, as the pack asks of every VPC.
        const defaults = [hub, spoke].map((vpc) =>
            resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", `${vpc.name}-default`, {
                inputs: { vpcId: pulumi.unknown },
                dependencies: [vpc.urn],
                propertyDependencies: { vpcId: [vpc.urn] },
            }),
        );
        const found = await analyzer.analyzeStack(
            new StackRequests([hub, spoke, flowLog, ...defaults], identity).analyzeStackRequest(),
        );
        expect(found.map((d) => [d.policyName, d.enforcementLevel, d.urn, d.message])).to.deep.equal([
            [
                "ec2-vpc-flow-logs",
                "mandatory",
                spoke.urn,
                "Every VPC must have a flow log.\nVPC 'spoke' has no flow log; add a FlowLog for it.",
            ],
        ]);
    });

    it("applies Configure: a disabled policy reports nothing", async () => {
        await analyzer.configure({ "ec2-vpc-flow-logs": { enforcementLevel: "disabled", properties: {} } });
        const vpc = resource("aws:ec2/vpc:Vpc", "lonely", { inputs: { cidrBlock: "10.2.0.0/16" } });
        const found = await analyzer.analyzeStack(new StackRequests([vpc], identity).analyzeStackRequest());
        expect(found.filter((d) => d.policyName === "ec2-vpc-flow-logs")).to.deep.equal([]);
    });
});
