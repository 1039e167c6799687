import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { TransitHub, type TransitHubArgs } from "../../../components/network/transit-hub";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";

const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const TGW_RTB = "aws:ec2transitgateway/routeTable:RouteTable";
const SHARE = "aws:ram/resourceShare:ResourceShare";
const SHARE_RESOURCE = "aws:ram/resourceAssociation:ResourceAssociation";
const SHARE_PRINCIPAL = "aws:ram/principalAssociation:PrincipalAssociation";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const HUB = "hub-network:network:TransitHub";
const FLOW_LOGS = "hub-network:shared:FlowLogs";
const PROVIDER = "pulumi:providers:aws";
const STACK = "pulumi:pulumi:Stack";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const ORG_ARN = "arn:aws:organizations::999999999999:organization/o-abc123def4";
const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const TAGS = { Environment: "dev", Owner: "network-team" };

/** Types that carry tags (everything else the hub creates has no `tags` argument). */
const TAGGABLE = new Set([TGW, TGW_RTB, SHARE, FLOW_LOG, LOG_GROUP, ROLE]);
const UNTAGGABLE = new Set([SHARE_RESOURCE, SHARE_PRINCIPAL, ROLE_POLICY]);

function hubArgs(overrides: Partial<TransitHubArgs> = {}): TransitHubArgs {
    return {
        accountId: ACCOUNT,
        region: REGION,
        amazonSideAsn: 64512,
        shareWith: { accountIds: ["222222222222", "333333333333"] },
        tags: TAGS,
        ...overrides,
    };
}

/** Runs one TransitHub named `hub` (with an explicit provider) and exports its outputs. */
function runHub(args: TransitHubArgs, preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            const provider = new aws.Provider("hub", { region: REGION });
            const hub = new TransitHub("hub", args, { provider });
            return {
                transitGatewayId: hub.transitGatewayId,
                transitGatewayArn: hub.transitGatewayArn,
                spokeRouteTableId: hub.spokeRouteTableId,
                inspectionRouteTableId: hub.inspectionRouteTableId,
            };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

/** Every resource the hub registered: everything but the stack and the explicit provider. */
function hubResources(run: Recorded): RecordedResource[] {
    return run.resources.filter((r) => r.type !== STACK && r.type !== PROVIDER);
}

/** Resources under the hub component (not the component itself). */
function children(run: Recorded): RecordedResource[] {
    return hubResources(run).filter((r) => r.type !== HUB);
}

describe("TransitHub", () => {
    const flowLogs = {
        kmsKeyArn: KMS_KEY,
        retentionDays: 365,
        logGroupName: "/hub-network/dev/flow-logs/tgw",
    };
    let accounts: Recorded;
    let organization: Recorded;
    let withFlowLogs: Recorded;
    let preview: Recorded;

    before(async () => {
        accounts = await runHub(hubArgs());
        organization = await runHub(
            hubArgs({ shareWith: { organizationArn: ORG_ARN }, amazonSideAsn: 4200000001 }),
        );
        withFlowLogs = await runHub(hubArgs({ flowLogs, description: "hub-network dev (eu-west-1)" }));
        preview = await runHub(hubArgs({ flowLogs }), true);
    });

    describe("Transit Gateway", () => {
        it("turns default route-table association, propagation and shared auto-accept off", () => {
            const tgw = accounts.find(TGW, "hub-tgw");
            expect(tgw.inputs).to.deep.include({
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
                autoAcceptSharedAttachments: "disable",
                dnsSupport: "enable",
                amazonSideAsn: 64512,
                description: "hub-network Transit Gateway",
            });
            expect(accounts.all(TGW)).to.have.lengthOf(1);
        });

        it("takes the Amazon-side ASN and the description from its arguments", () => {
            expect(organization.find(TGW, "hub-tgw").inputs.amazonSideAsn).to.equal(4200000001);
            expect(withFlowLogs.find(TGW, "hub-tgw").inputs.description).to.equal(
                "hub-network dev (eu-west-1)",
            );
        });
    });

    describe("route tables", () => {
        it("creates exactly the spokes and inspection route tables on the Transit Gateway", () => {
            const tgw = accounts.find(TGW, "hub-tgw");
            expect(tgw.id).to.match(/^tgw-[0-9a-f]{17}$/);
            expect(
                accounts
                    .all(TGW_RTB)
                    .map((r) => r.name)
                    .sort(),
            ).to.deep.equal(["hub-inspection", "hub-spokes"]);
            for (const role of ["spokes", "inspection"]) {
                const table = accounts.find(TGW_RTB, `hub-${role}`);
                expect(table.inputs.transitGatewayId).to.equal(tgw.id);
                expect(table.propertyDependencies.transitGatewayId).to.deep.equal([tgw.urn]);
                expect(table.inputs.tags).to.deep.equal({
                    ...TAGS,
                    Name: `hub-${role}`,
                    "hub-network:tgw-route-table": role,
                });
            }
        });
    });

    describe("RAM share", () => {
        it("never allows external principals and shares the Transit Gateway's ARN", () => {
            const tgw = accounts.find(TGW, "hub-tgw");
            const share = accounts.find(SHARE, "hub-share");
            expect(share.inputs.allowExternalPrincipals).to.equal(false);
            const associations = accounts.all(SHARE_RESOURCE);
            expect(associations).to.have.lengthOf(1);
            expect(associations[0].inputs).to.deep.equal({
                resourceArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:transit-gateway/${tgw.id}`,
                resourceShareArn: share.outputs.arn,
            });
            expect(associations[0].inputs.resourceArn).to.equal(tgw.outputs.arn);
        });

        it("associates exactly the listed accounts when shared with accounts", () => {
            const share = accounts.find(SHARE, "hub-share");
            const principals = accounts.all(SHARE_PRINCIPAL);
            expect(principals.map((p) => p.inputs.principal)).to.have.members([
                "222222222222",
                "333333333333",
            ]);
            expect(principals).to.have.lengthOf(2);
            expect(principals.map((p) => p.name)).to.have.members([
                "hub-share-222222222222",
                "hub-share-333333333333",
            ]);
            for (const p of principals) expect(p.inputs.resourceShareArn).to.equal(share.outputs.arn);
        });

        it("associates exactly the organization ARN when shared with the organization", () => {
            const share = organization.find(SHARE, "hub-share");
            expect(share.inputs.allowExternalPrincipals).to.equal(false);
            const principals = organization.all(SHARE_PRINCIPAL);
            expect(principals).to.have.lengthOf(1);
            expect(principals[0].name).to.equal("hub-share-organization");
            expect(principals[0].inputs).to.deep.equal({
                principal: ORG_ARN,
                resourceShareArn: share.outputs.arn,
            });
            expect(organization.find(SHARE_RESOURCE, "hub-share-tgw").inputs.resourceArn).to.equal(
                organization.find(TGW, "hub-tgw").outputs.arn,
            );
        });
    });

    describe("flow logs", () => {
        it("creates no flow logs, log groups or roles without flowLogs", () => {
            for (const run of [accounts, organization]) {
                const counts = run.counts();
                for (const type of [FLOW_LOGS, FLOW_LOG, LOG_GROUP, ROLE, ROLE_POLICY]) {
                    expect(counts[type], type).to.equal(undefined);
                }
            }
        });

        it("logs the Transit Gateway to a KMS-encrypted log group with retention when flowLogs is given", () => {
            const tgw = withFlowLogs.find(TGW, "hub-tgw");
            const group = withFlowLogs.find(LOG_GROUP, "hub-tgw-flow-logs-logs");
            expect(group.inputs).to.deep.include({
                name: "/hub-network/dev/flow-logs/tgw",
                kmsKeyId: KMS_KEY,
                retentionInDays: 365,
            });
            const logs = withFlowLogs.all(FLOW_LOG);
            expect(logs).to.have.lengthOf(1);
            const log = logs[0];
            expect(log.inputs.transitGatewayId).to.equal(tgw.id);
            expect(log.inputs).to.not.have.property("vpcId");
            expect(log.inputs).to.not.have.property("trafficType");
            expect(log.inputs).to.deep.include({
                logDestinationType: "cloud-watch-logs",
                logDestination: group.outputs.arn,
                maxAggregationInterval: 60,
                iamRoleArn: withFlowLogs.find(ROLE, "hub-tgw-flow-logs-role").outputs.arn,
            });
        });
    });

    describe("tags", () => {
        it("gives every taggable child its Name and the given tags", () => {
            for (const run of [accounts, organization, withFlowLogs, preview]) {
                for (const r of children(run).filter((c) => c.custom)) {
                    if (UNTAGGABLE.has(r.type)) {
                        expect(r.inputs, `${r.type} ${r.name}`).to.not.have.property("tags");
                        continue;
                    }
                    expect(TAGGABLE.has(r.type), `unexpected child type ${r.type}`).to.equal(true);
                    const tags = r.inputs.tags as Record<string, string>;
                    expect(tags, `${r.type} ${r.name}`).to.deep.include(TAGS);
                    expect(tags.Name, `${r.type} ${r.name}`).to.be.a("string").and.not.equal("");
                }
            }
            expect(withFlowLogs.find(TGW, "hub-tgw").inputs.tags).to.deep.equal({ ...TAGS, Name: "hub-tgw" });
            expect(withFlowLogs.find(SHARE, "hub-share").inputs.tags).to.deep.equal({
                ...TAGS,
                Name: "hub-share",
            });
            expect(withFlowLogs.find(LOG_GROUP, "hub-tgw-flow-logs-logs").inputs.tags).to.deep.equal({
                ...TAGS,
                Name: "/hub-network/dev/flow-logs/tgw",
            });
            expect(withFlowLogs.find(FLOW_LOG, "hub-tgw-flow-logs-flow-log").inputs.tags).to.deep.equal({
                ...TAGS,
                Name: "hub-tgw-flow-logs-flow-log",
            });
        });
    });

    describe("resource tree", () => {
        it("parents every child to the TransitHub component", () => {
            for (const run of [accounts, withFlowLogs, preview]) {
                const hubs = run.all(HUB);
                expect(hubs).to.have.lengthOf(1);
                const hub = hubs[0];
                expect(hub.parent).to.equal(run.find(STACK, "hub-network-test").urn);
                for (const r of children(run)) {
                    if (r.parent === hub.urn) continue;
                    // Only FlowLogs' own children sit one level lower, under the hub's FlowLogs component.
                    const parent = run.byUrn(r.parent ?? "");
                    expect(parent.type, `${r.type} ${r.name}`).to.equal(FLOW_LOGS);
                    expect(parent.parent).to.equal(hub.urn);
                }
            }
            const direct = withFlowLogs.resources
                .filter((r) => r.parent === withFlowLogs.all(HUB)[0].urn)
                .map((r) => `${r.type}::${r.name}`);
            expect(direct).to.have.members([
                `${TGW}::hub-tgw`,
                `${TGW_RTB}::hub-spokes`,
                `${TGW_RTB}::hub-inspection`,
                `${SHARE}::hub-share`,
                `${SHARE_RESOURCE}::hub-share-tgw`,
                `${SHARE_PRINCIPAL}::hub-share-222222222222`,
                `${SHARE_PRINCIPAL}::hub-share-333333333333`,
                `${FLOW_LOGS}::hub-tgw-flow-logs`,
            ]);
        });

        it("hands the provider given in opts to every custom child", () => {
            for (const run of [accounts, organization, withFlowLogs, preview]) {
                const provider = run.find(PROVIDER, "hub");
                const custom = children(run).filter((r) => r.custom);
                expect(custom.length).to.be.greaterThan(5);
                for (const r of custom) {
                    expect(r.provider, `${r.type} ${r.name}`).to.be.a("string");
                    expect(
                        r.provider!.startsWith(`${provider.urn}::`),
                        `${r.type} ${r.name}: ${r.provider}`,
                    ).to.equal(true);
                }
            }
        });
    });

    describe("outputs", () => {
        it("exposes the recorded Transit Gateway and route table IDs in an update", () => {
            const tgw = withFlowLogs.find(TGW, "hub-tgw");
            const expected = {
                transitGatewayId: tgw.id,
                transitGatewayArn: tgw.outputs.arn,
                spokeRouteTableId: withFlowLogs.find(TGW_RTB, "hub-spokes").id,
                inspectionRouteTableId: withFlowLogs.find(TGW_RTB, "hub-inspection").id,
            };
            expect(expected.spokeRouteTableId).to.match(/^tgw-rtb-[0-9a-f]{17}$/);
            expect(expected.inspectionRouteTableId).to.not.equal(expected.spokeRouteTableId);
            expect(withFlowLogs.outputs).to.deep.equal(expected);
            expect(withFlowLogs.find(HUB, "hub").outputs).to.deep.equal(expected);
        });

        it("leaves IDs unknown in a preview while keeping the settings known", () => {
            expect(preview.preview).to.equal(true);
            const tgw = preview.find(TGW, "hub-tgw");
            expect(tgw.id).to.equal(undefined);
            expect(tgw.inputs.defaultRouteTableAssociation).to.equal("disable");
            for (const role of ["spokes", "inspection"]) {
                const table = preview.find(TGW_RTB, `hub-${role}`);
                expect(isUnknown(table.inputs.transitGatewayId), role).to.equal(true);
                expect(table.propertyDependencies.transitGatewayId).to.deep.equal([tgw.urn]);
            }
            expect(isUnknown(preview.find(SHARE_RESOURCE, "hub-share-tgw").inputs.resourceArn)).to.equal(
                true,
            );
            expect(
                isUnknown(preview.find(FLOW_LOG, "hub-tgw-flow-logs-flow-log").inputs.transitGatewayId),
            ).to.equal(true);
            for (const key of [
                "transitGatewayId",
                "transitGatewayArn",
                "spokeRouteTableId",
                "inspectionRouteTableId",
            ]) {
                expect(isUnknown(preview.outputs[key]), key).to.equal(true);
            }
        });
    });
});
