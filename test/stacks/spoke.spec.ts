import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Document } from "yaml";
import { StackRunError } from "../../cli/mock-cloud/run";
import { ConfigError } from "../../stacks/schema/errors";
import { hubAccess } from "../../stacks/spoke";
import {
    copyProject,
    FIXTURE_ROOT,
    isUnknown,
    runEnvironment,
    runFixtureStack,
    type Recorded,
    type RecordedResource,
} from "../harness";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const ACCEPTER = "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter";
const TGW_ASSOC = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation";
const TGW_PROP = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation";
const ZONE = "aws:route53/zone:Zone";
const ZONE_ASSOC = "aws:route53/zoneAssociation:ZoneAssociation";
const AUTHORIZATION = "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization";
const INVOCATION = "aws:lambda/invocation:Invocation";
const RULE_ASSOC = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";
const PROVIDER = "pulumi:providers:aws";

const tags = (r: RecordedResource) => (r.inputs.tags ?? {}) as Record<string, string>;
const tier = (r: RecordedResource) => tags(r)["hub-network:subnet-tier"];
const providerName = (r: RecordedResource) => (r.provider ? r.provider.split("::").slice(-2)[0] : "default");

/** The stack's error, unwrapped to the ConfigError it raised. */
async function configError(run: Promise<unknown>): Promise<ConfigError> {
    try {
        await run;
    } catch (error) {
        const cause = error instanceof StackRunError ? error.cause : error;
        if (cause instanceof ConfigError) return cause;
        throw error;
    }
    throw new Error("expected a ConfigError");
}

/**
 * Runs one spoke from a project copy with `edits`; the network stacks it references run first, unless
 * their outputs are given (they do not depend on the spoke's own file).
 */
async function runSpoke(
    env: string,
    spoke: string,
    edits: Record<string, (doc: Document) => void> = {},
    preview = false,
    stackOutputs?: Record<string, Record<string, unknown>>,
): Promise<Recorded> {
    const root = copyProject(edits);
    if (stackOutputs) return runFixtureStack(spoke, { root, preview, stackOutputs });
    const runs = await runEnvironment(env, { root, preview, only: (s) => s === spoke });
    return runs[spoke];
}

describe("spoke stack", () => {
    let dev: Record<string, Recorded>;
    let prod: Record<string, Recorded>;
    let devNetwork: Recorded;
    before(async function () {
        // eight stack runs: generous on a loaded machine
        this.timeout(180_000);
        dev = await runEnvironment("dev", {
            only: (s) => s.startsWith("spoke-") || s === "network-dev" || s === "security-dev",
        });
        prod = await runEnvironment("prod", {
            only: (s) => s.startsWith("spoke-") || s.startsWith("network-"),
        });
        devNetwork = dev["network-dev"];
    });

    it("builds every fixture spoke from its config with the network exports through StackReferences", () => {
        expect(Object.keys(dev).filter((s) => s.startsWith("spoke-"))).to.have.members([
            "spoke-app1-dev",
            "spoke-orders-dev",
            "spoke-petstore-dev",
        ]);
        expect(Object.keys(prod).filter((s) => s.startsWith("spoke-"))).to.have.members([
            "spoke-app1-prod",
            "spoke-orders-prod",
            "spoke-petstore-prod",
        ]);
        for (const run of [...Object.values(dev), ...Object.values(prod)].filter((r) =>
            r.stack.startsWith("spoke-"),
        )) {
            expect(run.all(VPC).length, run.stack).to.be.greaterThan(0);
            expect(run.all(ATTACHMENT)[0].inputs.transitGatewayId, run.stack).to.match(/^tgw-/);
        }
    });

    it("lays out the tiers the workload and inspection need", () => {
        const tiers = (run: Recorded) => [...new Set(run.all(SUBNET).map(tier))];
        expect(tiers(dev["spoke-petstore-dev"])).to.deep.equal(["workload", "tgw", "vpclink", "gwlbe"]);
        expect(tiers(dev["spoke-orders-dev"])).to.deep.equal(["workload", "tgw"]);
        expect(dev["spoke-petstore-dev"].all(SUBNET).map((s) => s.inputs.cidrBlock)).to.include.members([
            "10.72.0.0/23",
            "10.72.2.0/23",
        ]);
    });

    it("sends every route table's default route to the hub's Transit Gateway, after the acceptance", () => {
        for (const run of Object.values(dev).filter((r) => r.stack.startsWith("spoke-"))) {
            const accepter = run.find(ACCEPTER, `${run.stack.split("-")[1]}-accepter`);
            const defaults = run.all(ROUTE).filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0");
            expect(defaults.map((r) => r.inputs.routeTableId).sort()).to.deep.equal(
                run
                    .all(ROUTE_TABLE)
                    .map((t) => t.id)
                    .sort(),
            );
            for (const route of defaults) {
                expect(route.inputs.transitGatewayId).to.equal(devNetwork.outputs.transitGatewayId);
                expect(route.dependencies).to.include(accepter.urn);
            }
        }
    });

    it("has no internet gateway, NAT gateway or Elastic IP", () => {
        for (const run of [...Object.values(dev), ...Object.values(prod)].filter((r) =>
            r.stack.startsWith("spoke-"),
        )) {
            const counts = run.counts();
            for (const type of [
                "aws:ec2/internetGateway:InternetGateway",
                "aws:ec2/natGateway:NatGateway",
                "aws:ec2/eip:Eip",
            ]) {
                expect(counts[type] ?? 0, `${run.stack} ${type}`).to.equal(0);
            }
        }
    });

    it("assumes the hub's read-only preview role, without a session tag, in a pull request's preview", async () => {
        process.env.HUB_NETWORK_HUB_ACCESS = "preview";
        try {
            const run = await runSpoke("dev", "spoke-orders-dev", {}, true, {
                "network-dev": devNetwork.outputs,
            });
            expect(JSON.parse(String(run.find(PROVIDER, "hub").inputs.assumeRoles))).to.deep.equal([
                {
                    roleArn: devNetwork.outputs.onboardingPreviewRoleArn,
                    sessionName: "hub-network-preview-orders",
                },
            ]);
        } finally {
            delete process.env.HUB_NETWORK_HUB_ACCESS;
        }
        expect(hubAccess({})).to.equal("deploy");
        expect(() => hubAccess({ HUB_NETWORK_HUB_ACCESS: "readonly" })).to.throw(
            "environment variable HUB_NETWORK_HUB_ACCESS is 'readonly'; expected preview (a pull request's read-only preview) or deploy (the default)",
        );
    });

    it("does the hub-side steps through the hub provider, which assumes the exported onboarding role", () => {
        const run = dev["spoke-orders-dev"];
        const hub = run.find(PROVIDER, "hub");
        expect(hub.inputs.region).to.equal("eu-west-1");
        expect(JSON.parse(String(hub.inputs.allowedAccountIds))).to.deep.equal(["111111111111"]);
        // The session carries the spoke's own account, which the role's trust requires.
        expect(JSON.parse(String(hub.inputs.assumeRoles))).to.deep.equal([
            {
                roleArn: devNetwork.outputs.onboardingRoleArn,
                sessionName: "hub-network-spoke-orders",
                tags: { "hub-network:spoke-account": "444444444444" },
            },
        ]);
        const hubSide = [
            run.find(INVOCATION, "orders-registration"),
            run.find(ACCEPTER, "orders-accepter"),
            run.find(TGW_ASSOC, "orders-spokes-association"),
            run.find(TGW_PROP, "orders-inspection-propagation"),
            run.find(INVOCATION, "zone-hub-primary"),
        ];
        expect(hubSide.map(providerName)).to.deep.equal(["hub", "hub", "hub", "hub", "hub"]);
        const spokeSide = run.resources.filter(
            (r) => r.custom && !r.type.startsWith("pulumi:") && !hubSide.includes(r),
        );
        expect(spokeSide.length).to.be.greaterThan(30);
        expect([...new Set(spokeSide.map(providerName))]).to.deep.equal(["default"]);
        expect(run.find(TGW_ASSOC, "orders-spokes-association").inputs.transitGatewayRouteTableId).to.equal(
            devNetwork.outputs.spokeRouteTableId,
        );
        expect(
            run.find(TGW_PROP, "orders-inspection-propagation").inputs.transitGatewayRouteTableId,
        ).to.equal(devNetwork.outputs.inspectionRouteTableId);
    });

    it("puts S3 and DynamoDB gateway endpoints on every route table", () => {
        const run = dev["spoke-petstore-dev"];
        const tables = run
            .all(ROUTE_TABLE)
            .map((t) => t.id)
            .sort();
        for (const service of ["s3", "dynamodb"]) {
            const endpoint = run.find(ENDPOINT, `petstore-${service}`);
            expect([...(endpoint.inputs.routeTableIds as string[])].sort()).to.deep.equal(tables);
        }
    });

    it("inspects the VPC-link path through the security stack's GWLB endpoints, the vpclink side's both ways", () => {
        const run = dev["spoke-petstore-dev"];
        const security = dev["security-dev"];
        const subnets = (t: string) => run.all(SUBNET).filter((s) => tier(s) === t);
        const endpoints = run.all(ENDPOINT).filter((e) => e.inputs.vpcEndpointType === "GatewayLoadBalancer");
        expect(endpoints.map((e) => e.inputs.serviceName)).to.deep.equal([
            security.outputs.gwlbServiceName,
            security.outputs.gwlbServiceName,
        ]);
        expect(endpoints.map((e) => e.inputs.subnetIds)).to.deep.equal(subnets("gwlbe").map((s) => [s.id]));
        const endpointOfAz = new Map(
            endpoints.map((e) => [
                subnets("gwlbe").find((s) => s.id === (e.inputs.subnetIds as string[])[0])?.inputs
                    .availabilityZone,
                e,
            ]),
        );
        const tableOf = new Map(
            run
                .all("aws:ec2/routeTableAssociation:RouteTableAssociation")
                .map((a) => [a.inputs.subnetId, a.inputs.routeTableId]),
        );
        for (const [from, to] of [
            ["vpclink", "workload"],
            ["workload", "vpclink"],
        ]) {
            for (const subnet of subnets(from)) {
                const routes = run
                    .all(ROUTE)
                    .filter(
                        (r) => r.inputs.routeTableId === tableOf.get(subnet.id) && r.inputs.vpcEndpointId,
                    );
                expect(routes.map((r) => r.inputs.destinationCidrBlock)).to.deep.equal(
                    subnets(to).map((s) => s.inputs.cidrBlock),
                );
                routes.forEach((route, i) => {
                    // the endpoint of the vpclink subnet's AZ: the table's own, or the destination's
                    const vpclinkSubnet = from === "vpclink" ? subnet : subnets(to)[i];
                    const endpoint = endpointOfAz.get(vpclinkSubnet.inputs.availabilityZone);
                    expect(route.inputs.vpcEndpointId).to.equal(endpoint?.id);
                    expect(route.dependencies).to.include(endpoint?.urn);
                });
            }
        }
        // a spoke without GWLB inspection has no GWLB endpoint
        expect(
            dev["spoke-orders-dev"]
                .all(ENDPOINT)
                .filter((e) => e.inputs.vpcEndpointType === "GatewayLoadBalancer"),
        ).to.deep.equal([]);
    });

    it("owns <name>.aws.<corp>, associated with its VPC and the hub's shared-services VPC", () => {
        const run = dev["spoke-orders-dev"];
        const zone = run.find(ZONE, "zone-zone");
        expect(zone.inputs.name).to.equal("orders.aws.example.internal");
        expect(zone.protect).to.equal(true);
        // Authorized in the spoke account; associated by the hub's registrar, asked through the hub provider.
        expect(run.find(AUTHORIZATION, "zone-hub-primary").inputs.vpcId).to.equal(
            devNetwork.outputs.sharedServicesVpcId,
        );
        expect(run.find(INVOCATION, "zone-hub-primary").inputs).to.deep.include({
            functionName: devNetwork.outputs.registrarFunctionArn,
            input: JSON.stringify({ zone: zone.id }),
        });
        expect(run.outputs.zoneName).to.equal("orders.aws.example.internal");
        expect(run.outputs.zoneId).to.equal(zone.id);
    });

    it("associates every forwarding rule the hub exports with its VPC", () => {
        const run = dev["spoke-orders-dev"];
        const vpc = run.find(VPC, "orders-vpc");
        const rules = devNetwork.outputs.resolverRuleIds as Record<string, string>;
        expect(
            run
                .all(RULE_ASSOC)
                .map((a) => [a.inputs.resolverRuleId, a.inputs.vpcId])
                .sort(),
        ).to.deep.equal(
            Object.values(rules)
                .map((id) => [id, vpc.id])
                .sort(),
        );
    });

    it("builds the DR twin in the DR region with its own providers, attached to the DR hub", () => {
        const run = prod["spoke-app1-prod"];
        const drNetwork = prod["network-prod-dr"];
        const drVpc = run.find(VPC, "app1-dr-vpc");
        expect(providerName(drVpc)).to.equal("spoke-dr");
        expect(run.find(PROVIDER, "spoke-dr").inputs.region).to.equal("eu-central-1");
        expect(drVpc.inputs.cidrBlock).to.equal("10.140.0.0/20");
        expect(run.find(ATTACHMENT, "app1-dr-attachment").inputs.transitGatewayId).to.equal(
            drNetwork.outputs.transitGatewayId,
        );
        expect(providerName(run.find(ACCEPTER, "app1-dr-accepter"))).to.equal("hub-dr");
        expect(JSON.parse(String(run.find(PROVIDER, "hub-dr").inputs.assumeRoles))[0].roleArn).to.equal(
            drNetwork.outputs.onboardingRoleArn,
        );
        const drSubnets = run.all(SUBNET).filter((s) => providerName(s) === "spoke-dr");
        expect([...new Set(drSubnets.map((s) => s.inputs.availabilityZone))]).to.deep.equal([
            "eu-central-1a",
            "eu-central-1b",
            "eu-central-1c",
        ]);
        // the zone is global: one zone, associated with both spoke VPCs and both hub VPCs
        expect(run.all(ZONE)).to.have.length(1);
        expect(run.find(ZONE_ASSOC, "zone-dr").inputs).to.include({
            vpcId: drVpc.id,
            vpcRegion: "eu-central-1",
        });
        const hubDr = run.find(INVOCATION, "zone-hub-dr");
        expect(providerName(hubDr)).to.equal("hub-dr");
        expect(hubDr.inputs.functionName).to.equal(drNetwork.outputs.registrarFunctionArn);
        expect(run.find(AUTHORIZATION, "zone-hub-dr").inputs.vpcId).to.equal(
            drNetwork.outputs.sharedServicesVpcId,
        );
        const drRules = run.all(RULE_ASSOC).filter((a) => a.inputs.vpcId === drVpc.id);
        expect(drRules.map((a) => a.inputs.resolverRuleId).sort()).to.deep.equal(
            Object.values(drNetwork.outputs.resolverRuleIds as Record<string, string>).sort(),
        );
        expect(drRules.every((a) => providerName(a) === "spoke-dr")).to.equal(true);
        expect(run.outputs).to.include({
            drRegion: "eu-central-1",
            drVpcId: drVpc.id,
            drVpcCidr: "10.140.0.0/20",
        });
    });

    it("exports the cross-stack contract, matching the declared resources", () => {
        const run = dev["spoke-petstore-dev"];
        const vpc = run.find(VPC, "petstore-vpc");
        expect(run.outputs).to.include({
            region: "eu-west-1",
            vpcId: vpc.id,
            vpcCidr: "10.72.0.0/20",
            attachmentId: run.find(ATTACHMENT, "petstore-attachment").id,
            zoneName: "petstore.aws.example.internal",
        });
        // The hub's first AZ IDs, under the names the spoke account gives them.
        const hubIds = (devNetwork.outputs.availabilityZoneIds as string[]).slice(0, 2);
        const subnets = run.all(SUBNET).filter((sub) => tier(sub) === "tgw" && sub.inputs.vpcId === vpc.id);
        expect(subnets.map((sub) => sub.outputs.availabilityZoneId)).to.deep.equal(hubIds);
        expect(run.outputs.availabilityZones).to.deep.equal(
            subnets.map((sub) => sub.inputs.availabilityZone),
        );
    });

    it("tags everything with the environment, role, spoke and owner", () => {
        const run = dev["spoke-petstore-dev"];
        const vpc = run.find(VPC, "petstore-vpc");
        expect(tags(vpc)).to.include({
            "hub-network:environment": "dev",
            "hub-network:stack-role": "spoke",
            "hub-network:spoke": "petstore",
            "hub-network:owner": "pets-team@example.com",
            "hub-network:vpc-role": "spoke",
        });
    });

    it("calls at most 4 invokes: the AZ lookup per region", () => {
        expect(dev["spoke-orders-dev"].invokes.map((i) => i.token)).to.deep.equal([
            "aws:index/getAvailabilityZones:getAvailabilityZones",
        ]);
        expect(prod["spoke-app1-prod"].invokes).to.have.length(2);
    });

    it("declares the same resources in a preview, with IDs unknown", async () => {
        const preview = await runSpoke("dev", "spoke-orders-dev", {}, true, {
            "network-dev": devNetwork.outputs,
        });
        const update = dev["spoke-orders-dev"];
        expect(preview.resources.map((r) => r.urn).sort()).to.deep.equal(
            update.resources.map((r) => r.urn).sort(),
        );
        expect(isUnknown(preview.outputs.vpcId)).to.equal(true);
        expect(preview.outputs.vpcCidr).to.equal("10.72.16.0/20");
        const subnet = preview.all(SUBNET)[0];
        expect(isUnknown(subnet.inputs.vpcId)).to.equal(true);
        expect(subnet.propertyDependencies.vpcId).to.deep.equal([preview.find(VPC, "orders-vpc").urn]);
    });

    describe("with IPAM", () => {
        const ipam = (doc: Document) => doc.setIn(["addressing", "ipam"], true);
        const netmask = (doc: Document) => {
            doc.deleteIn(["config", "hub-network:spoke", "cidr"]);
            doc.setIn(["config", "hub-network:spoke", "netmaskLength"], 21);
        };

        it("takes the CIDR from the region's pool, unknown in a preview", async () => {
            const edits = {
                "stacks/environments/dev.yaml": ipam,
                "stacks/config/Pulumi.spoke-orders-dev.yaml": netmask,
            };
            const preview = await runSpoke("dev", "spoke-orders-dev", edits, true);
            const vpc = preview.find(VPC, "orders-vpc");
            expect(vpc.inputs.ipv4NetmaskLength).to.equal(21);
            expect(vpc.inputs.cidrBlock).to.equal(undefined);
            expect(vpc.inputs.ipv4IpamPoolId).to.match(/^ipam-pool-/);
            expect(preview.all(SUBNET).every((s) => isUnknown(s.inputs.cidrBlock))).to.equal(true);
        });

        it("refuses a fixed cidr when the environment uses IPAM", async () => {
            const error = await configError(
                runSpoke("dev", "spoke-orders-dev", { "stacks/environments/dev.yaml": ipam }),
            );
            expect(error.message).to.include(
                "stacks/config/Pulumi.spoke-orders-dev.yaml:15: hub-network:spoke.cidr '10.72.16.0/20' is set but stacks/environments/dev.yaml has addressing.ipam: true; expected no cidr: the VPC takes its CIDR from the IPAM pool (set netmaskLength instead)",
            );
        });
    });

    describe("bad requests fail before any resource, naming the file, field, value and fix", () => {
        const set = (key: string, value: unknown) => (doc: Document) =>
            doc.setIn(["config", "hub-network:spoke", ...key.split(".")], value);
        const orders = "stacks/config/Pulumi.spoke-orders-dev.yaml";

        const cases: [string, Record<string, (doc: Document) => void>, string][] = [
            [
                "a CIDR that overlaps another spoke (naming both files)",
                { [orders]: set("cidr", "10.72.0.0/20") },
                `${orders}:15: hub-network:spoke.cidr '10.72.0.0/20' overlaps spoke 'petstore' (stacks/config/Pulumi.spoke-petstore-dev.yaml: hub-network:spoke.cidr 10.72.0.0/20); expected a range no other spoke uses, e.g. 10.72.16.0/20`,
            ],
            [
                "a CIDR outside the supernet",
                { [orders]: set("cidr", "192.168.0.0/20") },
                `${orders}:15: hub-network:spoke.cidr '192.168.0.0/20' is outside the supernet 10.64.0.0/12 of stacks/environments/dev.yaml; expected a range in the spoke pool 10.72.0.0/13, e.g. 10.72.16.0/20`,
            ],
            [
                "a CIDR inside the supernet but outside the pool",
                { [orders]: set("cidr", "10.64.16.0/20") },
                `${orders}:15: hub-network:spoke.cidr '10.64.16.0/20' is outside the spoke pool 10.72.0.0/13 of stacks/environments/dev.yaml; expected a range inside it, e.g. 10.72.16.0/20`,
            ],
            [
                "an account the environment does not list",
                { [orders]: set("account", "999999999999") },
                `${orders}:13: hub-network:spoke.account '999999999999' is not a spoke account of stacks/environments/dev.yaml; expected one of 333333333333, 444444444444, 555555555555, or add the account (and its deployer role) to accounts.spokes there`,
            ],
            [
                "a name that does not match the stack",
                { [orders]: set("name", "billing") },
                `${orders}:12: hub-network:spoke.name 'billing' does not match the stack spoke-orders-dev; expected the stack to be named spoke-billing-dev (file stacks/config/Pulumi.spoke-billing-dev.yaml)`,
            ],
            [
                "GWLB inspection on a Lambda API",
                { [orders]: set("inspection", "gwlb") },
                `${orders}:18: hub-network:spoke.inspection 'gwlb' inspects the API Gateway VPC-link path, which only the ecs-api workload has; expected none for workload lambda-api`,
            ],
            [
                "DR in an environment without a DR region",
                { [orders]: set("dr", true) },
                `${orders}:19: hub-network:spoke.dr 'true' is true but stacks/environments/dev.yaml has no DR region (regions.dr); expected dr: false`,
            ],
            [
                "more AZs than the hub covers",
                { [orders]: set("availabilityZones", 3) },
                `${orders}:16: hub-network:spoke.availabilityZones '3' is more than the 2 AZs the hub covers in eu-west-1 (stacks/environments/dev.yaml regions.primary); expected at most 2`,
            ],
            [
                "an unknown workload",
                { [orders]: set("workload", "batch") },
                `${orders}:17: hub-network:spoke.workload 'batch' is not a workload kind; expected one of none, ecs-api, lambda-api`,
            ],
            [
                "allowed accounts that do not pin the spoke account",
                { [orders]: (doc) => doc.setIn(["config", "aws:allowedAccountIds"], ["111111111111"]) },
                `${orders}:8: aws:allowedAccountIds '["111111111111"]' does not pin the spoke account; expected ["444444444444"], so the stack can never deploy into another account`,
            ],
        ];
        for (const [what, edits, message] of cases) {
            it(`refuses ${what}`, async () => {
                const error = await configError(
                    runSpoke("dev", "spoke-orders-dev", edits, false, { "network-dev": devNetwork.outputs }),
                );
                expect(error.message, error.message).to.include(message);
                expect(error.message).to.not.match(/\n\s+at /);
            });
        }

        it("refuses a DR region key on a spoke stack, which builds both regions itself", async () => {
            const file = "stacks/config/Pulumi.spoke-orders-prod.yaml";
            const error = await configError(
                runSpoke(
                    "prod",
                    "spoke-orders-prod",
                    { [file]: (doc) => doc.setIn(["config", "hub-network:region"], "dr") },
                    false,
                    { "network-prod": prod["network-prod"].outputs },
                ),
            );
            // the edit appends the key after the fixture file's last line
            const line =
                fs.readFileSync(path.join(FIXTURE_ROOT, file), "utf8").trimEnd().split("\n").length + 1;
            expect(error.message, error.message).to.include(
                `${file}:${line}: hub-network:region 'dr' is set on a spoke stack, which builds every region of the spoke itself; expected no hub-network:region, and dr: true in the request for a DR twin`,
            );
        });

        it("refuses a stack config file without a request", async () => {
            const error = await configError(
                runSpoke("dev", "spoke-orders-dev", {
                    [orders]: (doc) => doc.deleteIn(["config", "hub-network:spoke"]),
                }),
            );
            expect(error.message).to.include(
                `${orders}: hub-network:spoke is missing; expected the spoke request (name, account, owner, cidr, workload, ...)`,
            );
        });
    });
});
