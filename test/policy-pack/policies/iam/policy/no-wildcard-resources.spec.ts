import { expect } from "chai";
import { iamPolicyNoWildcardResources as policy } from "../../../../../policy-pack/policies/iam/policy/no-wildcard-resources";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:iam/rolePolicy:RolePolicy";
const doc = (...Statement: unknown[]) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement }) });
const allow = (Action: unknown, Resource: unknown = "*") => ({ Effect: "Allow", Action, Resource });

describe("iam-policy-no-wildcard-resources", () => {
    it("passes write actions scoped to named resources", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                doc(
                    allow(
                        ["dynamodb:PutItem", "dynamodb:GetItem"],
                        "arn:aws:dynamodb:eu-west-1:111111111111:table/items",
                    ),
                ),
            ),
        ).to.deep.equal([]);
    });

    it("passes '*' for reads, and for write actions AWS cannot scope to a resource", async () => {
        for (const actions of [
            ["ec2:DescribeNetworkInterfaces", "logs:DescribeLogGroups"],
            ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            ["ecr:GetAuthorizationToken"],
        ]) {
            expect(await resourceViolations(policy, TYPE, doc(allow(actions))), actions.join()).to.deep.equal(
                [],
            );
        }
    });

    it("passes the network-interface actions a VPC Lambda function needs, unless allowedActions says otherwise", async () => {
        const vpc = doc(allow(["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"]));
        expect(await resourceViolations(policy, TYPE, vpc)).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, vpc, { allowedActions: [] })).to.deep.equal([
            "statement 0 allows ec2:CreateNetworkInterface, ec2:DeleteNetworkInterface on every resource ('*'); name the resources (ARNs) these actions need.",
        ]);
    });

    it("flags write and permissions-management actions that could name their resources", async () => {
        expect(await resourceViolations(policy, TYPE, doc(allow("dynamodb:PutItem")))).to.deep.equal([
            "statement 0 allows dynamodb:PutItem on every resource ('*'); name the resources (ARNs) these actions need.",
        ]);
        expect(
            await resourceViolations(
                policy,
                TYPE,
                doc({ Sid: "Keys", ...allow(["kms:PutKeyPolicy", "s3:PutBucketPolicy"]) }),
            ),
        ).to.deep.equal([
            "statement 'Keys' allows kms:PutKeyPolicy, s3:PutBucketPolicy on every resource ('*'); name the resources (ARNs) these actions need.",
        ]);
    });

    it("expands wildcard actions and shortens long lists", async () => {
        const [message] = await resourceViolations(policy, TYPE, doc(allow("sqs:Delete*")));
        expect(message).to.equal(
            "statement 0 allows sqs:DeleteMessage, sqs:DeleteQueue on every resource ('*'); name the resources (ARNs) these actions need.",
        );
        const [many] = await resourceViolations(policy, TYPE, doc(allow("dynamodb:*Item")));
        expect(many).to.equal(
            "statement 0 allows dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:PutItem and 1 more on every resource ('*'); name the resources (ARNs) these actions need.",
        );
    });

    it("is advisory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, doc(allow("dynamodb:PutItem")))).to.deep.equal([
            {
                level: "advisory",
                message:
                    "statement 0 allows dynamodb:PutItem on every resource ('*'); name the resources (ARNs) these actions need.",
            },
        ]);
    });
});
