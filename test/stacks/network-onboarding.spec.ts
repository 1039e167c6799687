import { expect } from "chai";
import { HUB_OWNER, OWNER_TAG, SPOKE_ACCOUNT_TAG } from "../../components/network/attachment-ownership";
import {
    OWN_ATTACHMENT_ACTIONS,
    UNSCOPED_READ_ACTIONS,
} from "../../components/network/spoke-onboarding-role";
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
const FUNCTION = "aws:lambda/function:Function";
const SUBNET = "aws:ec2/subnet:Subnet";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const TAG = "aws:ec2/tag:Tag";
const REGISTRAR = "hub-network:network:OnboardingRegistrar";

interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource: string | string[];
    Principal?: { AWS: string | string[] };
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

    it("is trusted by deployer roles of the organization by pattern, each session tagged with its own account", () => {
        const callers = {
            StringEquals: {
                "aws:PrincipalOrgID": "o-a1b2c3d4e5",
                [`aws:RequestTag/${SPOKE_ACCOUNT_TAG}`]: "${aws:PrincipalAccount}",
            },
            ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/hub-network-deployer"] },
        };
        expect(trust(dev)).to.deep.equal([
            {
                Sid: "SpokeDeployers",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:AssumeRole",
                Condition: callers,
            },
            {
                Sid: "SpokeAccountSessionTagOnly",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:TagSession",
                Condition: {
                    ...callers,
                    "ForAllValues:StringEquals": { "aws:TagKeys": [SPOKE_ACCOUNT_TAG] },
                },
            },
        ]);
    });

    it("names no principal that must exist, and does not grow with the spokes", async () => {
        const text = String(role(dev).inputs.assumeRolePolicy);
        expect(text).to.not.match(/arn:aws:iam::\d{12}:/);
        const one = copyProject({
            "stacks/environments/dev.yaml": (doc) =>
                doc.setIn(
                    ["accounts", "spokes"],
                    [
                        {
                            id: "777777777777",
                            deployerRoleArn: "arn:aws:iam::777777777777:role/hub-network-deployer",
                        },
                    ],
                ),
        });
        const fewer = await runFixtureStack("network-dev", { root: one });
        expect(fewer.find(ROLE, "spoke-onboarding-role").inputs.assumeRolePolicy).to.equal(text);
        expect(fewer.find(ROLE_POLICY, "spoke-onboarding-policy").inputs.policy).to.have.length(
            String(dev.find(ROLE_POLICY, "spoke-onboarding-policy").inputs.policy).length,
        );
    });

    it("has one role per region, named for the environment and region, and exports its ARN", () => {
        expect(role(dev).inputs.name).to.equal("hub-network-dev-spoke-onboarding-eu-west-1");
        expect(role(dr).inputs.name).to.equal("hub-network-prod-spoke-onboarding-eu-central-1");
        expect(dev.outputs.onboardingRoleArn).to.equal(
            "arn:aws:iam::111111111111:role/hub-network-dev-spoke-onboarding-eu-west-1",
        );
        expect(role(dev).inputs.maxSessionDuration).to.equal(3600);
        expect(Object.keys(role(dev).inputs.tags as object)).to.not.include(SPOKE_ACCOUNT_TAG);
    });

    it("allows no wildcard action, and a `*` resource only for reads that have no resource type", () => {
        for (const run of [dev, prod, dr]) {
            for (const s of permissions(run)) {
                for (const action of list(s.Action)) {
                    expect(action, s.Sid).to.match(/^(ec2|lambda):[A-Z][A-Za-z]+$/);
                }
                if (list(s.Resource).includes("*")) {
                    expect(s.Effect).to.equal("Allow");
                    expect(list(s.Action)).to.have.members([...UNSCOPED_READ_ACTIONS]);
                    expect(list(s.Action).every((a) => /:(Describe|List|Get)/.test(a))).to.equal(true);
                }
            }
        }
    });

    it("has no Route 53 write: IAM cannot tell one zone from another, so the registrar associates zones", () => {
        for (const run of [dev, prod, dr]) {
            expect(
                permissions(run)
                    .flatMap((s) => list(s.Action))
                    .filter((a) => a.startsWith("route53:")),
            ).to.deep.equal([]);
        }
    });

    it("acts on an attachment only when the registrar tagged it as the session's own account's", () => {
        const own = statement(dev, "OwnAttachmentsOnly");
        expect(own.Effect).to.equal("Allow");
        expect(list(own.Action)).to.have.members([...OWN_ATTACHMENT_ACTIONS]);
        expect(own.Resource).to.equal("arn:aws:ec2:eu-west-1:111111111111:transit-gateway-attachment/*");
        expect(own.Condition).to.deep.equal({
            StringEquals: { [`aws:ResourceTag/${OWNER_TAG}`]: `\${aws:PrincipalTag/${SPOKE_ACCOUNT_TAG}}` },
        });
        const deny = statement(dev, "NeverTheOwnerTag");
        expect(deny.Effect).to.equal("Deny");
        expect(deny.Condition).to.deep.equal({ "ForAnyValue:StringEquals": { "aws:TagKeys": [OWNER_TAG] } });
        expect(statement(dev, "InvokeRegistrar").Resource).to.deep.equal([
            dev.outputs.registrarFunctionArn,
            `${String(dev.outputs.registrarFunctionArn)}:*`,
        ]);
    });

    it("may associate only with the spokes table and propagate only into the inspection table", () => {
        const table = (name: string) =>
            `arn:aws:ec2:eu-west-1:111111111111:transit-gateway-route-table/${dev.find(TGW_TABLE, name).id}`;
        expect(statement(dev, "AssociateWithSpokesTableOnly").Resource).to.equal(table("hub-spokes"));
        expect(statement(dev, "PropagateIntoInspectionTableOnly").Resource).to.equal(table("hub-inspection"));
        const tableActions = permissions(dev)
            .filter((s) => list(s.Resource).some((r) => r.includes(":transit-gateway-route-table/")))
            .flatMap((s) => list(s.Action));
        expect(tableActions).to.not.include("ec2:CreateTransitGatewayRoute");
    });

    it("tags every attachment the hub owns as the hub's, the VPN's (which AWS creates untagged) included", () => {
        for (const name of ["inspection-attachment", "shared-services-attachment"]) {
            expect(
                (dev.find(ATTACHMENT, name).inputs.tags as Record<string, string>)[OWNER_TAG],
                name,
            ).to.equal(HUB_OWNER);
        }
        const vpnTag = dev.find(TAG, "on-premises-vpn-attachment-owner");
        expect(vpnTag.inputs).to.deep.equal({
            resourceId: dev.outputs.vpnAttachmentId,
            key: OWNER_TAG,
            value: HUB_OWNER,
        });
    });

    describe("the onboarding registrar", () => {
        const config = (run: Recorded) =>
            run.all(REGISTRAR)[0].outputs.config as { spokes: Record<string, string>; [k: string]: unknown };

        it("knows every listed spoke account with its spoke's name, from the environment's spoke requests", () => {
            expect(config(dev).spokes).to.deep.equal({
                "333333333333": "petstore",
                "444444444444": "orders",
                "555555555555": "app1",
            });
            expect(config(dev)).to.deep.include({
                region: "eu-west-1",
                networkAccount: "111111111111",
                corporateDomain: "aws.example.internal",
                sharedServicesVpcId: dev.outputs.sharedServicesVpcId,
                vettingVpcId: dev.outputs.zoneVettingVpcId,
                transitGatewayId: dev.outputs.transitGatewayId,
            });
        });

        it("runs in the shared-services VPC's resolver subnets, reaching only HTTPS", () => {
            const fn = dev.find(FUNCTION, "onboarding-registrar");
            const resolverSubnets = dev
                .all(SUBNET)
                .filter((s) => s.name.startsWith("shared-services-resolver-"))
                .map((s) => s.id);
            const vpcConfig = fn.inputs.vpcConfig as { subnetIds: string[]; securityGroupIds: string[] };
            expect(vpcConfig.subnetIds).to.have.members(resolverSubnets);
            const group = dev.find(SECURITY_GROUP, "onboarding-registrar-function");
            expect(vpcConfig.securityGroupIds).to.deep.equal([group.id]);
            expect(group.inputs.ingress ?? []).to.deep.equal([]);
            expect(
                (group.inputs.egress as { fromPort: number; toPort: number }[]).map((e) => [
                    e.fromPort,
                    e.toPort,
                ]),
            ).to.deep.equal([[443, 443]]);
        });

        it("may tag only the owner tag, and associate zones only with the vetting and shared-services VPCs", () => {
            const policy = JSON.parse(
                String(dev.find(ROLE_POLICY, "onboarding-registrar-policy").inputs.policy),
            ) as {
                Statement: Statement[];
            };
            const sid = (s: string) => policy.Statement.find((x) => x.Sid === s)!;
            const vpc = (id: unknown) => `VPCId=${String(id)},VPCRegion=eu-west-1`;
            expect(sid("TagOnlyTheOwner").Condition).to.deep.equal({
                "ForAllValues:StringEquals": { "aws:TagKeys": [OWNER_TAG] },
                Null: { "aws:TagKeys": "false" },
            });
            expect(
                sid("AssociateWithVettingAndSharedServices").Condition?.["ForAllValues:StringEquals"],
            ).to.deep.equal({
                "route53:VPCs": [vpc(dev.outputs.zoneVettingVpcId), vpc(dev.outputs.sharedServicesVpcId)],
            });
            expect(sid("DisassociateOnlyFromVetting").Condition?.["ForAllValues:StringEquals"]).to.deep.equal(
                {
                    "route53:VPCs": [vpc(dev.outputs.zoneVettingVpcId)],
                },
            );
        });

        it("reads zones through a vetting VPC with no subnet, route or attachment: nothing resolves through it", () => {
            const vetting = dev.find(VPC, "onboarding-registrar-vetting-vpc");
            expect(vetting.inputs).to.deep.include({ enableDnsSupport: true, enableDnsHostnames: true });
            const mentions = dev.resources.filter(
                (r) =>
                    r.custom &&
                    r.urn !== vetting.urn &&
                    JSON.stringify(r.inputs).includes(String(vetting.id)),
            );
            // Its flow log, the registrar's policy, and its own default security group left without rules.
            expect(mentions.map((r) => r.type).sort()).to.deep.equal([
                "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
                "aws:ec2/flowLog:FlowLog",
                "aws:iam/rolePolicy:RolePolicy",
            ]);
            const sg = mentions.find((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")!;
            expect(sg.inputs).to.deep.include({ ingress: [], egress: [] });
        });
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
