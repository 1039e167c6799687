import { expect } from "chai";
import { UNSCOPED_READ_ACTIONS } from "../../components/network/spoke-onboarding-role";
import { copyProject, runFixtureStack, type Recorded } from "../harness";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const TGW_TABLE = "aws:ec2transitgateway/routeTable:RouteTable";
const VPC = "aws:ec2/vpc:Vpc";
const IPAM = "aws:ec2/vpcIpam:VpcIpam";
const POOL = "aws:ec2/vpcIpamPool:VpcIpamPool";
const POOL_CIDR = "aws:ec2/vpcIpamPoolCidr:VpcIpamPoolCidr";
const SHARE = "aws:ram/resourceShare:ResourceShare";
const RESOURCE_ASSOC = "aws:ram/resourceAssociation:ResourceAssociation";
const PRINCIPAL_ASSOC = "aws:ram/principalAssociation:PrincipalAssociation";

interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource: string | string[];
    Principal?: { AWS: string[] };
    Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const role = (run: Recorded) => run.find(ROLE, "spoke-onboarding-role");
const trust = (run: Recorded) =>
    (JSON.parse(String(role(run).inputs.assumeRolePolicy)) as { Statement: Statement[] }).Statement;
const permissions = (run: Recorded) =>
    (
        JSON.parse(String(run.find(ROLE_POLICY, "spoke-onboarding-policy").inputs.policy)) as {
            Statement: Statement[];
        }
    ).Statement;
const statement = (run: Recorded, sid: string) => {
    const found = permissions(run).find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid}`);
    return found;
};

describe("network stack: spoke onboarding role", () => {
    let dev: Recorded;
    let prod: Recorded;
    let dr: Recorded;
    before(async () => {
        dev = await runFixtureStack("network-dev");
        prod = await runFixtureStack("network-prod");
        dr = await runFixtureStack("network-prod-dr", { stackOutputs: { "network-prod": prod.outputs } });
    });

    it("is trusted by exactly the spoke deployer roles of the environment, inside the organization", () => {
        expect(trust(dev)).to.deep.equal([
            {
                Sid: "SpokeDeployers",
                Effect: "Allow",
                Principal: {
                    AWS: [
                        "arn:aws:iam::333333333333:role/hub-network-deployer",
                        "arn:aws:iam::444444444444:role/hub-network-deployer",
                        "arn:aws:iam::555555555555:role/hub-network-deployer",
                    ],
                },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
            },
        ]);
        expect(trust(prod)[0].Principal?.AWS).to.deep.equal([
            "arn:aws:iam::333333333334:role/hub-network-deployer",
            "arn:aws:iam::444444444445:role/hub-network-deployer",
            "arn:aws:iam::555555555556:role/hub-network-deployer",
        ]);
    });

    it("has one role per region, named for the environment and region, and exports its ARN", () => {
        expect(role(dev).inputs.name).to.equal("hub-network-dev-spoke-onboarding-eu-west-1");
        expect(role(dr).inputs.name).to.equal("hub-network-prod-spoke-onboarding-eu-central-1");
        expect(dev.outputs.onboardingRoleArn).to.equal(
            "arn:aws:iam::111111111111:role/hub-network-dev-spoke-onboarding-eu-west-1",
        );
        expect(role(dev).inputs.maxSessionDuration).to.equal(3600);
    });

    it("allows no wildcard action, and a `*` resource only for reads that have no resource type", () => {
        for (const run of [dev, prod, dr]) {
            for (const s of permissions(run)) {
                for (const action of list(s.Action)) {
                    expect(action, s.Sid).to.match(/^(ec2|route53):[A-Z][A-Za-z]+$/);
                }
                if (list(s.Resource).includes("*")) {
                    expect(s.Effect).to.equal("Allow");
                    expect(list(s.Action)).to.have.members([...UNSCOPED_READ_ACTIONS]);
                    expect(list(s.Action).every((a) => /:(Describe|List|Get)/.test(a))).to.equal(true);
                }
            }
        }
    });

    it("may associate only with the spokes table and propagate only into the inspection table", () => {
        const table = (name: string) =>
            `arn:aws:ec2:eu-west-1:111111111111:transit-gateway-route-table/${dev.find(TGW_TABLE, name).id}`;
        expect(statement(dev, "AssociateWithSpokesTable").Resource).to.deep.equal([table("hub-spokes")]);
        expect(statement(dev, "PropagateIntoInspectionTable").Resource).to.deep.equal([
            table("hub-inspection"),
        ]);
        const tableActions = permissions(dev)
            .filter((s) => list(s.Resource).some((r) => r.includes(":transit-gateway-route-table/")))
            .flatMap((s) => list(s.Action));
        expect(tableActions).to.not.include("ec2:CreateTransitGatewayRoute");
    });

    it("touches only attachments tagged as spokes, and can never tag one as anything else", () => {
        const attachments = "arn:aws:ec2:eu-west-1:111111111111:transit-gateway-attachment/*";
        const change = statement(dev, "ChangeSpokeAttachments");
        expect(change.Resource).to.deep.equal([attachments]);
        expect(change.Condition).to.deep.equal({
            StringEquals: { "aws:ResourceTag/hub-network:vpc-role": "spoke" },
        });
        expect(list(change.Action)).to.include.members([
            "ec2:AssociateTransitGatewayRouteTable",
            "ec2:EnableTransitGatewayRouteTablePropagation",
            "ec2:DeleteTransitGatewayVpcAttachment",
        ]);
        expect(statement(dev, "TagNewAttachmentsAsSpokes").Condition).to.deep.equal({
            StringEquals: { "aws:RequestTag/hub-network:vpc-role": "spoke" },
            Null: { "aws:ResourceTag/hub-network:stack-role": "true" },
        });
        const deny = statement(dev, "NeverRetagAsAnythingButSpoke");
        expect(deny.Effect).to.equal("Deny");
        expect(deny.Condition?.StringNotEquals).to.deep.equal({
            "aws:RequestTag/hub-network:vpc-role": "spoke",
        });
        expect(statement(dev, "AcceptAttachments").Resource).to.deep.equal([attachments]);
    });

    it("may associate zones only with this region's shared-services VPC", () => {
        const vpcId = (run: Recorded) => run.find(VPC, "shared-services-vpc").id;
        expect(statement(dev, "AssociateZonesWithHubVpcs").Condition).to.deep.equal({
            "ForAllValues:StringEquals": { "route53:VPCs": [`VPCId=${vpcId(dev)},VPCRegion=eu-west-1`] },
            Null: { "route53:VPCs": "false" },
        });
        expect(
            statement(dr, "AssociateZonesWithHubVpcs").Condition?.["ForAllValues:StringEquals"],
        ).to.deep.equal({ "route53:VPCs": [`VPCId=${vpcId(dr)},VPCRegion=eu-central-1`] });
    });

    it("exports no IPAM pool when the environment does not enable IPAM", () => {
        for (const run of [dev, prod, dr]) {
            expect(run.outputs).to.not.have.property("ipamPoolId");
            expect(run.all(IPAM)).to.have.length(0);
        }
    });
});

describe("network stack: IPAM", () => {
    let prod: Recorded;
    let dr: Recorded;
    before(async () => {
        const root = copyProject({
            "stacks/environments/prod.yaml": (doc) => doc.setIn(["addressing", "ipam"], true),
        });
        prod = await runFixtureStack("network-prod", { root });
        dr = await runFixtureStack("network-prod-dr", {
            root,
            stackOutputs: { "network-prod": prod.outputs },
        });
    });

    it("builds one IPAM in the primary stack, operating in both regions, with protected pools", () => {
        const ipam = prod.find(IPAM, "spoke-ipam-ipam");
        expect(ipam.inputs.operatingRegions).to.deep.equal([
            { regionName: "eu-west-1" },
            { regionName: "eu-central-1" },
        ]);
        expect(ipam.protect).to.equal(true);
        expect(prod.all(POOL).every((p) => p.protect)).to.equal(true);
        expect(dr.all(IPAM)).to.have.length(0);
    });

    it("splits the spoke pool between the regional pools, which allocate /16 to /22", () => {
        expect(prod.all(POOL_CIDR).map((c) => c.inputs.cidr)).to.deep.equal([
            "10.136.0.0/13",
            "10.136.0.0/14",
            "10.140.0.0/14",
        ]);
        const top = prod.find(POOL, "spoke-ipam-pool");
        for (const [key, region] of [
            ["primary", "eu-west-1"],
            ["dr", "eu-central-1"],
        ]) {
            const pool = prod.find(POOL, `spoke-ipam-pool-${key}`);
            expect(pool.inputs).to.include({
                locale: region,
                sourceIpamPoolId: top.id,
                allocationDefaultNetmaskLength: 20,
                allocationMinNetmaskLength: 16,
                allocationMaxNetmaskLength: 22,
            });
        }
    });

    it("shares the regional pools by RAM inside the organization", () => {
        const share = prod.find(SHARE, "spoke-ipam-share");
        expect(share.inputs.allowExternalPrincipals).to.equal(false);
        const pools = ["primary", "dr"].map((k) => prod.find(POOL, `spoke-ipam-pool-${k}`).outputs.arn);
        const shared = prod
            .all(RESOURCE_ASSOC)
            .filter((a) => a.inputs.resourceShareArn === share.outputs.arn)
            .map((a) => a.inputs.resourceArn);
        expect(shared).to.deep.equal(pools);
        expect(prod.find(PRINCIPAL_ASSOC, "spoke-ipam-share-organization").inputs.principal).to.equal(
            "arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5",
        );
    });

    it("exports each region's pool as ipamPoolId (the DR stack reads its pool from the primary)", () => {
        expect(prod.outputs.ipamPoolId).to.equal(prod.find(POOL, "spoke-ipam-pool-primary").id);
        expect(dr.outputs.ipamPoolId).to.equal(prod.find(POOL, "spoke-ipam-pool-dr").id);
    });
});
