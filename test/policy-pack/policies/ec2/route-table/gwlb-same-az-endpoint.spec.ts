import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { GwlbEndpoints } from "../../../../../components/network/gwlb-endpoints";
import { createVpcCore, type IpamCidr } from "../../../../../components/network/vpc-core";
import type { StackResource } from "../../../../../policy-pack/lib/policy";
import { routeTableGwlbSameAzEndpoint as policy } from "../../../../../policy-pack/policies/ec2/route-table/gwlb-same-az-endpoint";
import { runProgram } from "../../../../harness";
import { mutate, stackResourcesOfRun } from "../../../recorded";
import { stackDiagnostics, stackViolations } from "../../../support";

const ACCOUNT = "333333333333";
const REGION = "eu-west-1";
const ROUTE = "aws:ec2/route:Route";
const SERVICE = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0";

/** A stand-in for the spoke component: owns the core's resources. */
class TestSpoke extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Spoke", name);
    }
}

/**
 * A spoke VPC (10.72.0.0/20, or an IPAM allocation) over two AZs with workload, vpclink and gwlbe
 * tiers, and the real GwlbEndpoints: the compliant scenario. Workload subnets: 10.72.0.0/24 and
 * 10.72.1.0/24; vpclink: 10.72.2.0/28 and 10.72.2.16/28.
 */
function spokeStack(
    preview: boolean,
    cidrBlock: string | IpamCidr = "10.72.0.0/20",
): Promise<StackResource[]> {
    const key = `${preview} ${JSON.stringify(cidrBlock)}`;
    if (!runs.has(key)) runs.set(key, runSpoke(preview, cidrBlock));
    return runs.get(key)!;
}

/** Runs are cached: scenarios only ever change copies. */
const runs = new Map<string, Promise<StackResource[]>>();

async function runSpoke(preview: boolean, cidrBlock: string | IpamCidr): Promise<StackResource[]> {
    const run = await runProgram(
        () => {
            const core = createVpcCore(
                "spoke",
                {
                    accountId: ACCOUNT,
                    region: REGION,
                    cidrBlock,
                    availabilityZones: ["eu-west-1a", "eu-west-1b"],
                    tiers: [
                        { name: "workload", prefixLength: 24 },
                        { name: "vpclink", prefixLength: 28 },
                        { name: "gwlbe", prefixLength: 28 },
                    ],
                    vpcRole: "spoke",
                    flowLogs: {
                        kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
                        retentionDays: 30,
                        logGroupPrefix: "/test/flow-logs",
                    },
                },
                new TestSpoke("spoke"),
            );
            new GwlbEndpoints("inspection", {
                serviceName: SERVICE,
                vpcId: core.vpc.id,
                subnets: {
                    gwlbe: core.tier("gwlbe"),
                    vpclink: core.tier("vpclink"),
                    workload: core.tier("workload"),
                },
            });
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
    return stackResourcesOfRun(run);
}

/** The stack with route `name` pointed at the endpoint of `az` instead (by ID and dependency). */
function toEndpointOf(resources: readonly StackResource[], name: string, az: string): StackResource[] {
    const endpoint = resources.find((r) => r.name === `inspection-${az}`)!;
    return mutate(
        resources,
        (r) => r.type === ROUTE && r.name === name,
        (r) => ({
            ...r,
            props: {
                ...r.props,
                vpcEndpointId: endpoint.props.id ?? String(endpoint.props.arn).split("/").pop(),
            },
            propertyDependencies: { ...r.propertyDependencies, vpcEndpointId: [endpoint.urn] },
        }),
    );
}

const messages = async (resources: readonly StackResource[]) =>
    (await stackViolations(policy, resources)).map((v) => v.message);

describe("ec2-route-table-gwlb-same-az-endpoint", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes GwlbEndpoints' routing: both directions through the vpclink side's endpoint (${mode})`, async () => {
            const resources = await spokeStack(preview);
            expect(resources.filter((r) => r.type === ROUTE)).to.have.length(8);
            expect(await stackViolations(policy, resources)).to.deep.equal([]);
        });

        it(`flags a vpclink route to the other AZ's endpoint (${mode})`, async () => {
            const resources = toEndpointOf(
                await spokeStack(preview),
                "inspection-vpclink-eu-west-1a-to-workload-eu-west-1b",
                "eu-west-1b",
            );
            expect(await stackViolations(policy, resources)).to.deep.equal([
                {
                    message:
                        "route table 'spoke-vpclink-eu-west-1a-rt' (vpclink, eu-west-1a) sends workload subnet 'spoke-workload-eu-west-1b' (10.72.1.0/24) to the GWLB endpoint of eu-west-1b; use the endpoint of eu-west-1a.",
                    urn: resources.find(
                        (r) => r.name === "inspection-vpclink-eu-west-1a-to-workload-eu-west-1b",
                    )!.urn,
                },
            ]);
        });

        it(`flags a workload table whose return route is missing (${mode})`, async () => {
            const resources = mutate(
                await spokeStack(preview),
                (r) => r.name === "inspection-workload-eu-west-1b-to-vpclink-eu-west-1a",
                () => undefined,
            );
            expect(await messages(resources)).to.deep.equal([
                "route table 'spoke-workload-eu-west-1b-rt' (workload, eu-west-1b) has no route for vpclink subnet 'spoke-vpclink-eu-west-1a' (10.72.2.0/28); route it to the GWLB endpoint of eu-west-1a.",
            ]);
        });

        it(`flags a reply routed through the task's own AZ instead of the vpclink side's endpoint (${mode})`, async () => {
            const name = "inspection-workload-eu-west-1b-to-vpclink-eu-west-1a";
            const resources = toEndpointOf(await spokeStack(preview), name, "eu-west-1b");
            expect(await stackViolations(policy, resources)).to.deep.equal([
                {
                    message:
                        "route table 'spoke-workload-eu-west-1b-rt' (workload, eu-west-1b) sends vpclink subnet 'spoke-vpclink-eu-west-1a' (10.72.2.0/28) to the GWLB endpoint of eu-west-1b; use the endpoint of eu-west-1a, the vpclink subnet's AZ, so the reply crosses the endpoint the request came through.",
                    urn: resources.find((r) => r.name === name)!.urn,
                },
            ]);
        });
    }

    it("flags a route that sends a workload subnet past the endpoints", async () => {
        const resources = mutate(
            await spokeStack(false),
            (r) => r.name === "inspection-vpclink-eu-west-1b-to-workload-eu-west-1a",
            (r) => ({
                ...r,
                props: { ...r.props, vpcEndpointId: undefined, transitGatewayId: "tgw-0123456789abcdef0" },
                propertyDependencies: { routeTableId: r.propertyDependencies.routeTableId },
            }),
        );
        expect(await messages(resources)).to.deep.equal([
            "route table 'spoke-vpclink-eu-west-1b-rt' (vpclink, eu-west-1b) sends workload subnet 'spoke-workload-eu-west-1a' (10.72.0.0/24) past the GWLB endpoints; route it to the GWLB endpoint of eu-west-1b.",
        ]);
    });

    it("flags an endpoint outside the gwlbe tier", async () => {
        const resources = await spokeStack(false);
        const workload = resources.find((r) => r.name === "spoke-workload-eu-west-1a")!;
        const moved = mutate(
            resources,
            (r) => r.name === "inspection-eu-west-1a",
            (r) => ({
                ...r,
                props: { ...r.props, subnetIds: [String(workload.props.arn).split("/").pop()] },
                propertyDependencies: { ...r.propertyDependencies, subnetIds: [workload.urn] },
            }),
        );
        expect(await messages(moved)).to.deep.equal([
            "GWLB endpoint 'inspection-eu-west-1a' is in workload subnet 'spoke-workload-eu-west-1a'; put it in the gwlbe subnet of eu-west-1a.",
        ]);
    });

    it("follows IDs alone once they are known", async () => {
        const idsOnly = (resources: readonly StackResource[]) =>
            resources.map((r) => ({ ...r, propertyDependencies: {} }));
        const resources = await spokeStack(false);
        expect(await stackViolations(policy, idsOnly(resources))).to.deep.equal([]);
        const broken = toEndpointOf(
            resources,
            "inspection-vpclink-eu-west-1a-to-workload-eu-west-1b",
            "eu-west-1b",
        );
        expect(await messages(idsOnly(broken))).to.deep.equal([
            "route table 'spoke-vpclink-eu-west-1a-rt' (vpclink, eu-west-1a) sends workload subnet 'spoke-workload-eu-west-1b' (10.72.1.0/24) to the GWLB endpoint of eu-west-1b; use the endpoint of eu-west-1a.",
        ]);
    });

    describe("with the VPC CIDR allocated by IPAM (subnet CIDRs unknown in a preview)", () => {
        const ipam = { ipamPoolId: "ipam-pool-0123456789abcdef0", netmaskLength: 20 };

        it("passes GwlbEndpoints' routing in both modes", async () => {
            expect(await stackViolations(policy, await spokeStack(true, ipam))).to.deep.equal([]);
            expect(await stackViolations(policy, await spokeStack(false, ipam))).to.deep.equal([]);
        });

        it("still flags a route to the other AZ's endpoint in a preview", async () => {
            const resources = toEndpointOf(
                await spokeStack(true, ipam),
                "inspection-vpclink-eu-west-1a-to-workload-eu-west-1b",
                "eu-west-1b",
            );
            expect(await messages(resources)).to.deep.equal([
                "route table 'spoke-vpclink-eu-west-1a-rt' (vpclink, eu-west-1a) sends traffic to the GWLB endpoint of eu-west-1b; use the endpoint of eu-west-1a.",
            ]);
        });
    });

    it("is mandatory by default", async () => {
        const resources = mutate(
            await spokeStack(true),
            (r) => r.name === "inspection-workload-eu-west-1b-to-vpclink-eu-west-1a",
            () => undefined,
        );
        expect((await stackDiagnostics(policy, resources)).map((d) => d.level)).to.deep.equal(["mandatory"]);
    });
});
