import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { GwlbEndpoints } from "../../../components/network/gwlb-endpoints";
import { createVpcCore, type PlacedSubnet } from "../../../components/network/vpc-core";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";

const ACCOUNT = "333333333333";
const REGION = "eu-west-1";
const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const SERVICE = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0";
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
/** The plan of 10.72.0.0/20 below: a workload /24, a vpclink /28 and a gwlbe /28 per AZ. */
const WORKLOAD = ["10.72.0.0/24", "10.72.1.0/24", "10.72.2.0/24"];
const VPCLINK = ["10.72.3.0/28", "10.72.3.16/28", "10.72.3.32/28"];

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const SUBNET = "aws:ec2/subnet:Subnet";

/** A stand-in for the spoke VPC: just enough of a component to own the core's resources. */
class TestSpoke extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Spoke", name);
    }
}

function runEndpoints(
    preview: boolean,
    select: (tier: (name: string) => readonly PlacedSubnet[]) => {
        gwlbe: readonly PlacedSubnet[];
        vpclink: readonly PlacedSubnet[];
        workload: readonly PlacedSubnet[];
    } = (tier) => ({ gwlbe: tier("gwlbe"), vpclink: tier("vpclink"), workload: tier("workload") }),
): Promise<Recorded> {
    return runProgram(
        () => {
            const spoke = new TestSpoke("spoke");
            const core = createVpcCore(
                "spoke",
                {
                    accountId: ACCOUNT,
                    region: REGION,
                    cidrBlock: "10.72.0.0/20",
                    availabilityZones: AZS,
                    tiers: [
                        { name: "workload", prefixLength: 24 },
                        { name: "vpclink", prefixLength: 28 },
                        { name: "gwlbe", prefixLength: 28 },
                    ],
                    vpcRole: "spoke",
                    flowLogs: {
                        kmsKeyArn: KMS_KEY_ARN,
                        retentionDays: 30,
                        logGroupPrefix: "/test/flow-logs",
                    },
                },
                spoke,
            );
            // In a preview the service name comes from a StackReference: unknown until the security stack runs.
            const serviceName = preview
                ? pulumi.output(core.vpc.id).apply(() => SERVICE)
                : pulumi.output(SERVICE);
            const endpoints = new GwlbEndpoints("inspection", {
                serviceName,
                vpcId: core.vpc.id,
                subnets: select((t) => core.tier(t)),
                tags: { "hub-network:environment": "test" },
            });
            return { endpointIds: endpoints.endpointIds };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

const tier = (r: RecordedResource) => (r.inputs.tags as Record<string, string>)["hub-network:subnet-tier"];

describe("GwlbEndpoints", () => {
    for (const preview of [false, true]) {
        describe(preview ? "in a preview" : "in an update", () => {
            let run: Recorded;
            before(async () => {
                run = await runEndpoints(preview);
            });

            const tableOf = (tierName: string, az: string) =>
                run
                    .all(ROUTE_TABLE)
                    .find(
                        (t) => tier(t) === tierName && String(t.name) === `spoke-${tierName}-${az}-rt`,
                    ) as RecordedResource;
            const endpointOf = (az: string) => run.find(ENDPOINT, `inspection-${az}`);

            it("puts one Gateway Load Balancer endpoint in the gwlbe subnet of each AZ", () => {
                expect(run.all(ENDPOINT).map((e) => e.name)).to.deep.equal(
                    AZS.map((az) => `inspection-${az}`),
                );
                for (const az of AZS) {
                    const endpoint = endpointOf(az);
                    const subnet = run.find(SUBNET, `spoke-gwlbe-${az}`);
                    const vpc = run.find("aws:ec2/vpc:Vpc", "spoke-vpc");
                    expect(endpoint.inputs.vpcEndpointType).to.equal("GatewayLoadBalancer");
                    expect(endpoint.propertyDependencies.vpcId).to.deep.equal([vpc.urn]);
                    if (!preview) expect(endpoint.inputs.vpcId).to.equal(vpc.id);
                    if (!preview) expect(endpoint.inputs.subnetIds).to.deep.equal([subnet.id]);
                    expect(endpoint.propertyDependencies.subnetIds).to.deep.equal([subnet.urn]);
                    if (preview) expect(isUnknown(endpoint.inputs.serviceName)).to.equal(true);
                    else expect(endpoint.inputs.serviceName).to.equal(SERVICE);
                }
            });

            it("routes every workload CIDR from each vpclink table to that AZ's endpoint", () => {
                for (const az of AZS) {
                    const table = tableOf("vpclink", az);
                    const routes = run
                        .all(ROUTE)
                        .filter((r) => r.propertyDependencies.routeTableId?.[0] === table.urn);
                    expect(routes.map((r) => r.inputs.destinationCidrBlock)).to.deep.equal(WORKLOAD);
                    for (const route of routes) {
                        expect(route.propertyDependencies.vpcEndpointId).to.deep.equal([endpointOf(az).urn]);
                        if (!preview) expect(route.inputs.vpcEndpointId).to.equal(endpointOf(az).id);
                    }
                }
            });

            it("routes each vpclink CIDR back from every workload table through that vpclink subnet's endpoint", () => {
                for (const az of AZS) {
                    const table = tableOf("workload", az);
                    const routes = run
                        .all(ROUTE)
                        .filter((r) => r.propertyDependencies.routeTableId?.[0] === table.urn);
                    expect(routes.map((r) => r.inputs.destinationCidrBlock)).to.deep.equal(VPCLINK);
                    // the reply to the VPC link in AZ x goes through the endpoint of x, whatever the task's AZ
                    routes.forEach((route, i) => {
                        expect(route.propertyDependencies.vpcEndpointId).to.deep.equal([
                            endpointOf(AZS[i]).urn,
                        ]);
                    });
                }
            });

            it("declares each route after its endpoint, and leaves the gwlbe tables alone", () => {
                const routes = run.all(ROUTE);
                expect(routes).to.have.length(2 * AZS.length * AZS.length);
                for (const route of routes) {
                    const endpointUrn = route.propertyDependencies.vpcEndpointId?.[0];
                    expect(route.dependencies, String(route.name)).to.include(endpointUrn);
                    expect(route.parent).to.equal(
                        run.find("hub-network:network:GwlbEndpoints", "inspection").urn,
                    );
                }
                const gwlbeTables = run
                    .all(ROUTE_TABLE)
                    .filter((t) => tier(t) === "gwlbe")
                    .map((t) => t.urn);
                expect(
                    routes.filter((r) => gwlbeTables.includes(r.propertyDependencies.routeTableId?.[0])),
                ).to.deep.equal([]);
            });

            it("exports the endpoint ID of every AZ", () => {
                const ids = run.outputs.endpointIds as Record<string, unknown>;
                expect(Object.keys(ids)).to.deep.equal(AZS);
                for (const az of AZS) {
                    if (preview) expect(isUnknown(ids[az])).to.equal(true);
                    else
                        expect(ids[az])
                            .to.equal(endpointOf(az).id)
                            .and.to.match(/^vpce-[0-9a-f]{17}$/);
                }
            });
        });
    }

    it("refuses tiers in different AZs with a clear error", async () => {
        let error: unknown;
        try {
            await runEndpoints(false, (t) => ({
                gwlbe: t("gwlbe").slice(0, 2),
                vpclink: t("vpclink"),
                workload: t("workload"),
            }));
        } catch (e) {
            error = e;
        }
        expect(String((error as { cause?: unknown })?.cause ?? error)).to.include(
            "GwlbEndpoints: the vpclink tier covers AZs [eu-west-1a, eu-west-1b, eu-west-1c] but the gwlbe tier covers [eu-west-1a, eu-west-1b]; expected the gwlbe, vpclink and workload tiers in the same AZs",
        );
        const registered = (error as { resources?: { type: string }[] }).resources ?? [];
        // The spoke's own resources were registered; nothing of the endpoints was.
        expect(registered.some((r) => r.type === SUBNET)).to.equal(true);
        expect(
            registered.filter((r) => r.type.startsWith("hub-network:network:Gwlb") || r.type === ENDPOINT),
        ).to.deep.equal([]);
    });
});
