import * as pulumi from "@pulumi/pulumi";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { expect } from "chai";
import { StackRequests, UNKNOWN_VALUE, type AnalyzableResource } from "../../../cli/policy/requests";
import { analyzable } from "../support/analyzable";

const STACK = "urn:pulumi:network-dev::hub-network";

/** Components (hub-network types) are not custom resources. */
const resource = (type: string, name: string, extra: Partial<AnalyzableResource> = {}) =>
    analyzable(STACK, type, name, { custom: !type.startsWith("hub-network:"), ...extra });

const hub = resource("hub-network:network:TransitHub", "hub");
/** A resource passed as an input (its ID is unknown in a preview). */
const hubComponent = new pulumi.DependencyResource(hub.urn);
const provider = resource("pulumi:providers:aws", "spoke-account", {
    custom: true,
    inputs: { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/deploy" }] },
});
const vpc = resource("aws:ec2/vpc:Vpc", "hub-vpc", {
    parent: hub.urn,
    inputs: { cidrBlock: "10.0.0.0/16", tags: { Name: "hub" } },
    outputs: {
        cidrBlock: "10.0.0.0/16",
        id: "vpc-0123",
        arn: "arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-0123",
    },
    protect: true,
});
const subnet = resource("aws:ec2/subnet:Subnet", "hub-a", {
    parent: hub.urn,
    provider: `${provider.urn}::0b5b1c0e`,
    inputs: { vpcId: pulumi.unknown, cidrBlock: "10.0.0.0/24", ipv6: undefined },
    dependencies: [vpc.urn],
    propertyDependencies: { vpcId: [vpc.urn] },
    deleteBeforeReplace: true,
    aliases: [`${STACK}::aws:ec2/subnet:Subnet::old-a`],
    ignoreChanges: ["tags", "cidrBlock"],
    additionalSecretOutputs: ["arn"],
});

const requests = new StackRequests([hub, provider, vpc, subnet], {
    stack: "network-dev",
    project: "hub-network",
    config: { "aws:region": "eu-west-1", "hub-network:role": "network" },
    providerVersions: { aws: "7.48.0" },
});

describe("analyzer requests from recorded registrations", () => {
    it("sends a resource's inputs with unknowns as the engine's marker, and its options", () => {
        const request = requests.analyzeRequest(subnet);
        expect(request.getType()).to.equal("aws:ec2/subnet:Subnet");
        expect(request.getName()).to.equal("hub-a");
        expect(request.getUrn()).to.equal(subnet.urn);
        expect(request.getProperties()?.toJavaScript()).to.deep.equal({
            vpcId: UNKNOWN_VALUE,
            cidrBlock: "10.0.0.0/24",
        });
        const options = request.getOptions()!;
        expect(options.getParent()).to.equal(hub.urn);
        expect(options.getDeletebeforereplace()).to.equal(true);
        expect(options.getAliasesList()).to.deep.equal([`${STACK}::aws:ec2/subnet:Subnet::old-a`]);
        expect(options.getIgnorechangesList()).to.deep.equal(["tags", "cidrBlock"]);
        expect(options.getAdditionalsecretoutputsList()).to.deep.equal(["arn"]);
        const vpcOptions = requests.analyzeRequest(vpc).getOptions()!;
        expect(vpcOptions.getProtect()).to.equal(true);
        expect([vpcOptions.getDeletebeforereplace(), vpcOptions.getIgnorechangesList()]).to.deep.equal([
            false,
            [],
        ]);
    });

    it("names the explicit provider with its inputs", () => {
        const p = requests.analyzeRequest(subnet).getProvider()!;
        expect([p.getUrn(), p.getType(), p.getName()]).to.deep.equal([
            provider.urn,
            "pulumi:providers:aws",
            "spoke-account",
        ]);
        expect(p.getProperties()?.toJavaScript()).to.deep.equal(provider.inputs);
    });

    it("gives a resource without one the default provider the engine creates, configured from aws: config", () => {
        const p = requests.analyzeRequest(vpc).getProvider()!;
        expect(p.getUrn()).to.equal(`${STACK}::pulumi:providers:aws::default_7_48_0`);
        expect(p.getName()).to.equal("default_7_48_0");
        expect(p.getProperties()?.toJavaScript()).to.deep.equal({ version: "7.48.0", region: "eu-west-1" });
        expect(requests.analyzeRequest(hub).hasProvider()).to.equal(false);
        expect(requests.analyzeRequest(provider).hasProvider()).to.equal(false);
    });

    it("sends every resource's state with parent, dependencies and property dependencies to AnalyzeStack", () => {
        const resources = requests.analyzeStackRequest().getResourcesList();
        expect(resources.map((r) => r.getName())).to.deep.equal(["hub", "spoke-account", "hub-vpc", "hub-a"]);
        const [, , v, s] = resources;
        expect(v.getProperties()?.toJavaScript()).to.deep.include({
            id: "vpc-0123",
            arn: "arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-0123",
        });
        expect(s.getParent()).to.equal(hub.urn);
        expect(s.getOptions()!.getIgnorechangesList()).to.deep.equal(["tags", "cidrBlock"]);
        expect(s.getDependenciesList()).to.deep.equal([vpc.urn]);
        expect(s.getPropertydependenciesMap().get("vpcId")?.getUrnsList()).to.deep.equal([vpc.urn]);
        expect(s.getProvider()?.getUrn()).to.equal(provider.urn);
    });

    it("sends awkward values as the engine would, and they arrive as sent", () => {
        const long = "x".repeat(20000);
        const odd = resource("aws:s3/bucketObject:BucketObject", "odd", {
            provider: `${provider.urn}::0b5b1c0e`,
            inputs: {
                text: "naïve – 日本 🚀",
                zero: 0,
                negative: -1.5,
                huge: 2 ** 60,
                nan: Number.NaN,
                none: null,
                gone: undefined,
                empty: { "": "", list: [] },
                list: [1, undefined, "two", [false, { deep: pulumi.unknown }], null],
                unknown: pulumi.unknown,
                component: hubComponent,
                long,
            },
            outputs: { id: "obj-1", zero: 1, gone: "back" },
            dependencies: [vpc.urn, subnet.urn],
            propertyDependencies: { text: [vpc.urn], bucket: [subnet.urn, vpc.urn], none: [] },
        });
        const all = new StackRequests([hub, provider, vpc, subnet, odd], {
            stack: "network-dev",
            project: "hub-network",
            config: { "aws:region": "eu-west-1" },
            providerVersions: { aws: "7.48.0" },
        });
        const sent = analyzerPb.AnalyzeRequest.deserializeBinary(all.encodedAnalyzeRequest(odd));
        expect(sent.getProperties()!.toJavaScript()).to.deep.equal({
            text: "naïve – 日本 🚀",
            zero: 0,
            negative: -1.5,
            huge: 2 ** 60,
            nan: null,
            none: null,
            empty: { "": "", list: [] },
            list: [1, null, "two", [false, { deep: UNKNOWN_VALUE }], null],
            unknown: UNKNOWN_VALUE,
            component: UNKNOWN_VALUE,
            long,
        });
        const stack = analyzerPb.AnalyzeStackRequest.deserializeBinary(all.encodedAnalyzeStackRequest());
        const state = stack.getResourcesList()[4];
        const props = state.getProperties()!.toJavaScript();
        expect([props.zero, props.gone, props.id, props.text]).to.deep.equal([
            1,
            "back",
            "obj-1",
            "naïve – 日本 🚀",
        ]);
        expect(state.getPropertydependenciesMap().get("none")?.getUrnsList()).to.deep.equal([]);
        expect(state.getPropertydependenciesMap().get("bucket")?.getUrnsList()).to.deep.equal([
            subnet.urn,
            vpc.urn,
        ]);
        expect(state.getDependenciesList()).to.deep.equal([vpc.urn, subnet.urn]);
        expect(stack.getResourcesList().map((r) => r.getUrn())).to.deep.equal(
            all.resources.map((r) => r.urn),
        );
    });
});
