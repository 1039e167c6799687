import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { replay } from "../../../cli/bench/sdk-replay";
import { runStack, type RecordedResource, type StackRun } from "../../../cli/mock-cloud/run";

/** A small program with what the replay must carry over: parents, a provider, unknowns, protection. */
class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    constructor(name: string, provider: aws.Provider) {
        super("test:index:Network", name, {}, {});
        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: "10.1.0.0/16", tags: { Name: name, team: "platform" } },
            { parent: this, provider, protect: true },
        );
        // The VPC's ID is unknown in a preview: the subnet's input is too.
        new aws.ec2.Subnet(
            `${name}-a`,
            { vpcId: vpc.id, cidrBlock: "10.1.0.0/24", availabilityZoneId: "euw1-az1" },
            { parent: this, provider },
        );
        this.vpcId = vpc.id;
        this.registerOutputs({ vpcId: vpc.id, label: name });
    }
}

const scope = { project: "hub-network", config: { "aws:region": "eu-west-1" }, accountId: "111111111111" };

function run(stack: string, program: () => void): Promise<StackRun> {
    return runStack({
        ...scope,
        stack,
        region: "eu-west-1",
        preview: true,
        program: async () => {
            program();
            return {};
        },
    });
}

/** What the SDK sent of a registration, with the stack's name taken out of URNs. */
function shape(r: RecordedResource, stack: string) {
    const local = (urn: string | undefined) => urn?.split(stack).join("STACK");
    return {
        urn: local(r.urn),
        type: r.type,
        custom: r.custom,
        parent: local(r.parent),
        provider: local(r.provider?.split("::").slice(0, -1).join("::")),
        protect: r.protect,
        inputs: r.inputs,
        outputs: r.custom ? undefined : r.outputs,
    };
}

describe("npm run bench:sdk's replay", () => {
    it("registers every recorded resource again with its type, name, parent, provider, options and inputs", async () => {
        const original = await run("original", () => {
            const provider = new aws.Provider("hub", { region: "eu-west-1" });
            new Network("edge", provider);
        });
        const generic = new Set<string>();
        const again = await run("again", replay(original.resources, generic));

        const types = original.resources.map((r) => r.type);
        expect(types).to.include.members(["pulumi:providers:aws", "test:index:Network", "aws:ec2/vpc:Vpc"]);
        const subnet = original.resources.find((r) => r.type === "aws:ec2/subnet:Subnet")!;
        expect(pulumi.isUnknown(subnet.inputs.vpcId), "the preview's unknown VPC ID").to.equal(true);

        expect(again.resources.map((r) => shape(r, "again"))).to.deep.equal(
            original.resources.map((r) => shape(r, "original")),
        );
        // Every AWS resource went through its own class (which declares its outputs), none the generic one.
        expect([...generic]).to.deep.equal([]);
    });

    it("registers a custom resource of a type without an @pulumi/aws class through the SDK's own class", async () => {
        const recorded: RecordedResource = {
            urn: "urn:pulumi:x::hub-network::example:index:Thing::one",
            type: "example:index:Thing",
            name: "one",
            custom: true,
            inputs: { size: 3 },
            outputs: {},
            dependencies: [],
            propertyDependencies: {},
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            aliases: [],
            ignoreChanges: [],
            additionalSecretOutputs: [],
        };
        const generic = new Set<string>();
        const again = await pulumi.runtime
            .setMocks({ newResource: (a) => ({ id: "id", state: a.inputs as object }), call: () => ({}) })
            .then(() =>
                pulumi.runtime.runInPulumiStack(async () => {
                    replay([recorded], generic)();
                    return {};
                }),
            );
        expect(again).to.deep.equal({});
        expect([...generic]).to.deep.equal(["example:index:Thing"]);
    });
});
