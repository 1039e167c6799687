import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { StackRunError } from "../../cli/mock-cloud/run";
import { ConfigError } from "../../stacks/schema/errors";
import { isUnknown, runShippedStack, type Recorded } from "../harness";

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
]);

const COMMON_COUNTS = {
    "aws:ec2transitgateway/transitGateway:TransitGateway": 1,
    "aws:ec2transitgateway/routeTable:RouteTable": 2,
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 1,
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": 1,
    "aws:ec2transitgateway/route:Route": 2,
    "aws:ram/resourceShare:ResourceShare": 1,
    "aws:ec2/vpc:Vpc": 1,
    "aws:ec2/internetGateway:InternetGateway": 1,
    "aws:networkfirewall/firewall:Firewall": 1,
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": 1,
    "aws:networkfirewall/ruleGroup:RuleGroup": 5,
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration": 1,
    "aws:kms/key:Key": 1,
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
    before(async () => {
        dev = await runShippedStack("network-dev");
        prod = await runShippedStack("network-prod");
    });

    it("builds network-dev from its config: 2 AZs, a single NAT gateway, rules shared with the listed accounts", () => {
        expectCounts(dev, {
            ...COMMON_COUNTS,
            "aws:ec2/subnet:Subnet": 6,
            "aws:ec2/routeTable:RouteTable": 6,
            "aws:ec2/route:Route": 10,
            "aws:ec2/natGateway:NatGateway": 1,
            "aws:ec2/eip:Eip": 1,
            "aws:ram/principalAssociation:PrincipalAssociation": 3,
            "aws:ec2/flowLog:FlowLog": 1,
            "aws:cloudwatch/logGroup:LogGroup": 3,
            "aws:s3/bucket:Bucket": 0,
        });
        const principals = dev
            .all("aws:ram/principalAssociation:PrincipalAssociation")
            .map((p) => p.inputs.principal);
        expect(principals).to.have.members(["333333333333", "444444444444", "555555555555"]);
    });

    it("builds network-prod from its config: 3 AZs, NAT per AZ, TGW flow logs, firewall flow logs to S3", () => {
        expectCounts(prod, {
            ...COMMON_COUNTS,
            "aws:ec2/subnet:Subnet": 9,
            "aws:ec2/routeTable:RouteTable": 9,
            "aws:ec2/route:Route": 15,
            "aws:ec2/natGateway:NatGateway": 3,
            "aws:ec2/eip:Eip": 3,
            "aws:ram/principalAssociation:PrincipalAssociation": 1,
            "aws:ec2/flowLog:FlowLog": 2,
            "aws:cloudwatch/logGroup:LogGroup": 3,
            "aws:s3/bucket:Bucket": 1,
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
        expect(dev.outputs.inspectionVpcId).to.equal(dev.all("aws:ec2/vpc:Vpc")[0].id);
        expect(dev.outputs.inspectionAttachmentId).to.match(/^tgw-attach-/);
        expect(dev.outputs.region).to.equal("eu-west-1");
        expect(dev.outputs.availabilityZones).to.deep.equal(["eu-west-1a", "eu-west-1b"]);
        expect(Object.keys(dev.outputs.firewallEndpointIds as object)).to.deep.equal([
            "eu-west-1a",
            "eu-west-1b",
        ]);
    });

    it("calls at most 4 invokes per run (one: the AZ lookup)", () => {
        for (const run of [dev, prod]) {
            expect(run.invokes.map((i) => i.token)).to.deep.equal([
                "aws:index/getAvailabilityZones:getAvailabilityZones",
            ]);
        }
    });

    it("tags every taggable resource with the environment and stack role", () => {
        for (const [run, env] of [
            [dev, "dev"],
            [prod, "prod"],
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
            (dev.all("aws:ec2/vpc:Vpc")[0].inputs.tags as Record<string, string>)["hub-network:vpc-role"],
        ).to.equal("inspection");
    });

    it("protects the log encryption key from deletion", () => {
        for (const run of [dev, prod]) {
            expect(run.all("aws:kms/key:Key").every((k) => k.protect)).to.equal(true);
        }
        expect(prod.all("aws:s3/bucket:Bucket")[0].protect).to.equal(true);
    });

    describe("in preview", () => {
        let preview: Recorded;
        before(async () => {
            preview = await runShippedStack("network-prod", { preview: true });
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
                await runShippedStack("network-dev", { overrides });
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
