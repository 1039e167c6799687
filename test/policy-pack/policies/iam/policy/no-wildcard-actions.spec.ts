import { expect } from "chai";
import { iamPolicyNoWildcardActions as policy } from "../../../../../policy-pack/policies/iam/policy/no-wildcard-actions";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const write = { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: "*" };
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("iam-policy-no-wildcard-actions", () => {
    it("passes a policy that lists its actions, partial wildcards and Deny statements included", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/policy:Policy", {
                policy: doc(
                    write,
                    { ...write, Action: "s3:Get*" },
                    { ...write, Effect: "Deny", Action: "*" },
                ),
            }),
        ).to.deep.equal([]);
    });

    it("flags '*' in a managed policy and '*:*' in an inline role policy", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/policy:Policy", {
                policy: doc(write, { ...write, Action: "*" }),
            }),
        ).to.deep.equal(["statement 1 allows every action ('*'); list the actions it needs."]);
        const inline = { policy: { Statement: [{ ...write, Sid: "Admin", Action: "*:*" }] } };
        expect(await resourceViolations(policy, "aws:iam/rolePolicy:RolePolicy", inline)).to.deep.equal([
            "statement 'Admin' allows every action ('*'); list the actions it needs.",
        ]);
    });

    it("flags every action of a service, whatever its case", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/userPolicy:UserPolicy", {
                policy: doc({ ...write, Action: ["iam:*", "S3:*", "s3:GetObject"] }),
            }),
        ).to.deep.equal([
            "statement 0 allows every iam action ('iam:*'); list the actions it needs.",
            "statement 0 allows every s3 action ('S3:*'); list the actions it needs.",
        ]);
    });

    it("flags an Allow with NotAction (every action but a few)", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/groupPolicy:GroupPolicy", {
                policy: doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }),
            }),
        ).to.deep.equal([
            "statement 0 allows every action but its NotAction list; list the actions it needs in Action.",
        ]);
    });

    it("reads a role's inlinePolicies", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/role:Role", {
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { Service: "lambda.amazonaws.com" },
                    Action: "*",
                }),
                inlinePolicies: [{ name: "admin", policy: doc({ ...write, Action: "*" }) }],
            }),
        ).to.deep.equal([
            "inline policy 'admin' statement 0 allows every action ('*'); list the actions it needs.",
        ]);
    });

    it("does not judge a document unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/rolePolicy:RolePolicy", { policy: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("is mandatory by default", async () => {
        expect(
            await resourceDiagnostics(policy, "aws:iam/policy:Policy", {
                policy: doc({ ...write, Action: "*" }),
            }),
        ).to.deep.equal([
            {
                level: "mandatory",
                message: "statement 0 allows every action ('*'); list the actions it needs.",
            },
        ]);
    });
});
