/**
 * Adopting an existing network: a Transit Gateway that still uses its default route table, with a
 * legacy VPC attached, taken over by the network stack and by a spoke stack. Nothing live is
 * replaced, no live attachment loses its association or propagation, and the plan writes the import
 * files `pulumi import --file` takes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { Document } from "yaml";
import { importDifferences } from "../../cli/mock-cloud/adoption";
import { StackRunError } from "../../cli/mock-cloud/run";
import { importFileOf } from "../../cli/plan/import-file";
import { plan } from "../../cli/plan/main";
import { ConfigError } from "../../stacks/schema/errors";
import { analyzeRun } from "../policy-pack/recorded";
import { copyProject, runFixtureStack, type Recorded } from "../harness";

const TGW = "tgw-0a1b2c3d4e5f60718";
const DEFAULT_TABLE = "tgw-rtb-0a1b2c3d4e5f60719";
const LEGACY_ATTACHMENT = "tgw-attach-0d1e2f3a4b5c60718";
const LEGACY_VPC = "vpc-0b1c2d3e4f5a60718";
const LIVE = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../fixtures/adoption/live.json"), "utf8"),
) as Record<string, Record<string, unknown>>;

const DEV = "stacks/environments/dev.yaml";
const LEGACY = "stacks/config/Pulumi.spoke-legacy-dev.yaml";

/** The subnets the legacy VPC has, as the spoke request declares them. */
const SUBNETS = {
    tgw: [
        { id: "subnet-0c1d2e3f4a5b60711", cidr: "10.1.0.0/28", availabilityZone: "eu-west-1a" },
        { id: "subnet-0c1d2e3f4a5b60712", cidr: "10.1.0.16/28", availabilityZone: "eu-west-1b" },
    ],
    workload: [
        { id: "subnet-0c1d2e3f4a5b60713", cidr: "10.1.16.0/20", availabilityZone: "eu-west-1a" },
        { id: "subnet-0c1d2e3f4a5b60714", cidr: "10.1.32.0/20", availabilityZone: "eu-west-1b" },
    ],
};

/** The fixture project adopting the live network, with `edits` applied after the adoption's own. */
function adoptingProject(edits: Record<string, (doc: Document) => void> = {}): string {
    const base: Record<string, (doc: Document) => void> = {
        [DEV]: (doc) => {
            doc.setIn(
                ["regions", "primary", "existingTransitGateway"],
                doc.createNode({
                    id: TGW,
                    defaultRouteTableId: DEFAULT_TABLE,
                    legacyAttachmentIds: [LEGACY_ATTACHMENT],
                    inspectLegacyCidrs: ["10.1.0.0/16"],
                }),
            );
            doc.addIn(["accounts", "spokes"], doc.createNode({ id: "666666666666" }));
        },
        [LEGACY]: (doc) => {
            doc.set(
                "config",
                doc.createNode({
                    "aws:region": "eu-west-1",
                    "aws:allowedAccountIds": ["666666666666"],
                    "hub-network:role": "spoke",
                    "hub-network:environment": "dev",
                    "hub-network:spoke": {
                        name: "legacy",
                        account: "666666666666",
                        owner: "legacy-team@example.com",
                        cidr: "10.1.0.0/16",
                        availabilityZones: 2,
                        workload: "none",
                        interfaceEndpoints: ["logs"],
                        existing: { vpcId: LEGACY_VPC, attachmentId: LEGACY_ATTACHMENT, subnets: SUBNETS },
                    },
                }),
            );
        },
    };
    return copyProject(
        Object.fromEntries(
            [...new Set([...Object.keys(base), ...Object.keys(edits)])].map((file) => [
                file,
                (doc: Document) => {
                    base[file]?.(doc);
                    edits[file]?.(doc);
                },
            ]),
        ),
    );
}

/** The imported registrations of runs, as the live comparison takes them. */
const importsOf = (...runs: Recorded[]) =>
    runs.flatMap((run) =>
        run.resources
            .filter((r) => r.importId !== undefined)
            .map((r) => ({ urn: r.urn, type: r.type, importId: r.importId!, inputs: r.inputs })),
    );

describe("adopting an existing Transit Gateway and VPC", () => {
    let root: string;
    let network: Recorded;
    let spoke: Recorded;
    before(async function () {
        this.timeout(120_000);
        root = adoptingProject();
        // As `pulumi preview` sees them before the first `up`: IDs of new resources unknown.
        network = await runFixtureStack("network-dev", { root, preview: true });
        const deployed = await runFixtureStack("network-dev", { root });
        spoke = await runFixtureStack("spoke-legacy-dev", {
            root,
            preview: true,
            stackOutputs: { "network-dev": deployed.outputs },
        });
    });

    it("imports the Transit Gateway and keeps it associating and propagating by default", () => {
        const tgw = network.find("aws:ec2transitgateway/transitGateway:TransitGateway", "hub-tgw");
        expect(tgw.importId).to.equal(TGW);
        expect(tgw.id).to.equal(TGW);
        expect(tgw.inputs).to.include({
            defaultRouteTableAssociation: "enable",
            defaultRouteTablePropagation: "enable",
            amazonSideAsn: 64512,
        });
        // Everything else of the hub is new: nothing but the Transit Gateway is imported.
        expect(network.resources.filter((r) => r.importId).map((r) => r.name)).to.deep.equal(["hub-tgw"]);
    });

    it("reaches the legacy attachments through additive routes: the supernet and the inspected ranges to inspection", () => {
        const inspection = network.find(
            "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
            "inspection-attachment",
        );
        const routes = network
            .all("aws:ec2transitgateway/route:Route")
            .filter((r) => r.inputs.transitGatewayRouteTableId === DEFAULT_TABLE);
        // The supernet, the inspected legacy range, and on premises: legacy traffic to on premises
        // crosses the firewall as the replies do.
        expect(routes.map((r) => r.inputs.destinationCidrBlock)).to.deep.equal([
            "10.64.0.0/12",
            "10.1.0.0/16",
            "172.16.0.0/16",
        ]);
        // The firewall subnets send the legacy range back to the Transit Gateway, not to the internet.
        const legacyRoutes = network
            .all("aws:ec2/route:Route")
            .filter(
                (r) => r.name.startsWith("inspection-firewall-") && r.name.endsWith("-legacy-10-1-0-0-16"),
            );
        expect(legacyRoutes).to.have.length(2);
        for (const route of routes) {
            expect(route.propertyDependencies.transitGatewayAttachmentId).to.include(inspection.urn);
        }
        const propagation = network.find(
            "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
            `legacy-${LEGACY_ATTACHMENT}-inspection-propagation`,
        );
        expect(propagation.inputs.transitGatewayAttachmentId).to.equal(LEGACY_ATTACHMENT);
        const inspectionTable = network.find("aws:ec2transitgateway/routeTable:RouteTable", "hub-inspection");
        expect(propagation.propertyDependencies.transitGatewayRouteTableId).to.include(inspectionTable.urn);
        // The default route table itself is not managed: its associations and propagations stay.
        expect(
            network
                .all("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")
                .map((a) => a.inputs),
        ).to.not.deep.include({ transitGatewayRouteTableId: DEFAULT_TABLE });
    });

    it("imports the VPC, its subnets and its attachment, and leaves its routing and default group alone", () => {
        const imported = Object.fromEntries(
            spoke.resources.filter((r) => r.importId).map((r) => [r.name, r.importId]),
        );
        expect(imported).to.deep.equal({
            "legacy-vpc": LEGACY_VPC,
            "legacy-workload-eu-west-1a": "subnet-0c1d2e3f4a5b60713",
            "legacy-workload-eu-west-1b": "subnet-0c1d2e3f4a5b60714",
            "legacy-tgw-eu-west-1a": "subnet-0c1d2e3f4a5b60711",
            "legacy-tgw-eu-west-1b": "subnet-0c1d2e3f4a5b60712",
            "legacy-attachment": LEGACY_ATTACHMENT,
        });
        const counts = spoke.counts();
        for (const type of [
            "aws:ec2/routeTable:RouteTable",
            "aws:ec2/route:Route",
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
            "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
        ]) {
            expect(counts[type] ?? 0, type).to.equal(0);
        }
        // Additive only: flow logs, the interface endpoint the request lists, the zone and DNS rules.
        expect(spoke.all("aws:ec2/flowLog:FlowLog")).to.have.length(1);
        expect(spoke.all("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.serviceName)).to.deep.equal([
            "com.amazonaws.eu-west-1.logs",
        ]);
        expect((spoke.outputs.subnetIds as Record<string, string[]>).workload).to.deep.equal([
            "subnet-0c1d2e3f4a5b60713",
            "subnet-0c1d2e3f4a5b60714",
        ]);
        expect(spoke.outputs.attachmentId).to.equal(LEGACY_ATTACHMENT);
    });

    it("replaces nothing live and cuts no live attachment: every imported value the provider cannot change in place matches", () => {
        const { differences, missing } = importDifferences(importsOf(network, spoke), LIVE);
        expect(missing.map((m) => m.importId)).to.deep.equal([]);
        expect(differences).to.deep.equal([]);
    });

    it("would catch a config that replaces the Transit Gateway or cuts a live attachment", () => {
        const live = {
            ...LIVE,
            // A Transit Gateway that had defaults off: declaring them on would replace it.
            [TGW]: {
                ...LIVE[TGW],
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
            },
        };
        const declaredOff = importsOf(spoke).map((r) =>
            r.type === "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
                ? { ...r, inputs: { ...r.inputs, transitGatewayDefaultRouteTableAssociation: false } }
                : r,
        );
        const { differences } = importDifferences([...importsOf(network), ...declaredOff], live);
        expect(differences.map((d) => [d.id, d.property, d.effect])).to.deep.equal([
            [TGW, "defaultRouteTableAssociation", "replace"],
            [TGW, "defaultRouteTablePropagation", "replace"],
            [LEGACY_ATTACHMENT, "transitGatewayDefaultRouteTableAssociation", "cut"],
        ]);
        expect(differences[2].source).to.contain("transitgateway_vpc_attachment.go");
    });

    it("writes the import file pulumi import --file takes, with the components the resources belong to", () => {
        expect(importFileOf(network.resources)).to.deep.equal({
            resources: [
                { type: "hub-network:network:TransitHub", name: "hub", component: true },
                {
                    type: "aws:ec2transitgateway/transitGateway:TransitGateway",
                    name: "hub-tgw",
                    id: TGW,
                    parent: "hub",
                },
            ],
        });
        const file = importFileOf(spoke.resources)!;
        expect(file.resources[0]).to.deep.equal({
            type: "hub-network:network:AdoptedSpokeVpc",
            name: "legacy",
            component: true,
        });
        expect(file.resources.slice(1).map((r) => [r.type, r.name, r.id, r.parent])).to.deep.equal([
            ["aws:ec2/vpc:Vpc", "legacy-vpc", LEGACY_VPC, "legacy"],
            ["aws:ec2/subnet:Subnet", "legacy-workload-eu-west-1a", "subnet-0c1d2e3f4a5b60713", "legacy"],
            ["aws:ec2/subnet:Subnet", "legacy-workload-eu-west-1b", "subnet-0c1d2e3f4a5b60714", "legacy"],
            ["aws:ec2/subnet:Subnet", "legacy-tgw-eu-west-1a", "subnet-0c1d2e3f4a5b60711", "legacy"],
            ["aws:ec2/subnet:Subnet", "legacy-tgw-eu-west-1b", "subnet-0c1d2e3f4a5b60712", "legacy"],
            [
                "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
                "legacy-attachment",
                LEGACY_ATTACHMENT,
                "legacy",
            ],
        ]);
        expect(importFileOf(network.resources.filter((r) => !r.importId))).to.equal(undefined);
    });

    it("flags the default route tables the migration keeps until the policy config relaxes the rule", async () => {
        const findings = await analyzeRun(network);
        expect(
            findings
                .filter((f) => f.policy === "ec2-transit-gateway-no-default-route-tables")
                .map((f) => [f.level, f.message]),
        ).to.deep.equal([
            ["mandatory", "defaultRouteTableAssociation is 'enable'; set it to 'disable' (FSBP EC2.23)."],
            ["mandatory", "defaultRouteTablePropagation is 'enable'; set it to 'disable' (FSBP EC2.23)."],
        ]);
    });

    it("writes the import files from npm run plan, which follows on premises to the legacy VPC through the firewall", async function () {
        this.timeout(180_000);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-adopt-plan-"));
        const lines: string[] = [];
        const code = await plan(
            [
                "--env",
                "dev",
                "--stack",
                "spoke-legacy-dev",
                "--no-policy",
                "--quiet",
                // The legacy VPC keeps its own route tables, outside the stacks: the plan cannot follow
                // its replies, and says so (checked below) without failing on it here.
                "--allow-dropped-flows",
                "--root",
                root,
                "--out",
                out,
            ],
            (l) => lines.push(l),
        );
        expect(code, lines.join("\n")).to.equal(0);
        expect(lines.join("\n")).to.contain(
            "on premises 172.16.0.10 → legacy (10.1.16.10) route/-: DROPPED — reply: no route to 172.16.0.10 in route table main",
        );
        expect(fs.readdirSync(path.join(out, "import")).sort()).to.deep.equal([
            "network-dev.json",
            "spoke-legacy-dev.json",
        ]);
        const written = JSON.parse(fs.readFileSync(path.join(out, "import", "network-dev.json"), "utf8"));
        expect(written).to.deep.equal(importFileOf(network.resources));
        fs.rmSync(out, { recursive: true, force: true });
    });

    describe("refuses an adoption that cannot work, before any resource", () => {
        async function problems(
            edits: Record<string, (doc: Document) => void>,
            stack: string,
        ): Promise<string> {
            try {
                await runFixtureStack(stack, { root: adoptingProject(edits), stackOutputs: {} });
            } catch (error) {
                const cause = error instanceof StackRunError ? error.cause : error;
                expect(cause).to.be.instanceOf(ConfigError);
                expect(
                    (error as StackRunError).resources.filter((r) => r.type.startsWith("aws:")),
                ).to.deep.equal([]);
                return (cause as ConfigError).message;
            }
            return expect.fail("expected a ConfigError");
        }

        it("legacy attachments without the default route table they are in", async () => {
            const message = await problems(
                {
                    [DEV]: (doc) =>
                        doc.deleteIn(["regions", "primary", "existingTransitGateway", "defaultRouteTableId"]),
                },
                "network-dev",
            );
            expect(message).to.match(
                /stacks\/environments\/dev\.yaml:\d+: regions\.primary\.existingTransitGateway\.legacyAttachmentIds '\["tgw-attach-0d1e2f3a4b5c60718"\]' is set but defaultRouteTableId is not; expected the default route table these attachments are associated with/,
            );
        });

        it("a shipped workload, misplaced subnets and a malformed ID on an adopted VPC, all at once", async () => {
            const message = await problems(
                {
                    [LEGACY]: (doc) => {
                        doc.setIn(["config", "hub-network:spoke", "workload"], "lambda-api");
                        doc.setIn(
                            ["config", "hub-network:spoke", "existing", "subnets", "workload", 1, "cidr"],
                            "10.9.0.0/20",
                        );
                        doc.setIn(["config", "hub-network:spoke", "existing", "vpcId"], "vpc-123");
                    },
                },
                "spoke-legacy-dev",
            );
            expect(message).to.contain(
                "hub-network:spoke.existing.vpcId 'vpc-123' is not a VPC ID; expected vpc- and 8 or 17 hexadecimal digits",
            );
            // The shape error stops the rules that need a valid request; fixing it shows them.
            const rules = await problems(
                {
                    [LEGACY]: (doc) => {
                        doc.setIn(["config", "hub-network:spoke", "workload"], "lambda-api");
                        doc.setIn(
                            ["config", "hub-network:spoke", "existing", "subnets", "workload", 1, "cidr"],
                            "10.9.0.0/20",
                        );
                    },
                },
                "spoke-legacy-dev",
            );
            expect(rules).to.contain(
                "hub-network:spoke.workload 'lambda-api' runs a shipped example, which needs route tables of the spoke's own; expected none on an adopted VPC",
            );
            expect(rules).to.contain(
                "hub-network:spoke.existing.subnets.workload[1].cidr '10.9.0.0/20' is outside the VPC's cidr 10.1.0.0/16",
            );
        });
    });
});
