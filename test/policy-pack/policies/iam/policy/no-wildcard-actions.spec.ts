import { expect } from "chai";
import { iamPolicyNoWildcardActions as policy } from "../../../../../policy-pack/policies/iam/policy/no-wildcard-actions";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const write = { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: "*" };
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("iam-policy-no-wildcard-actions", () => {
    it("passes a policy that lists its actions", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/policy:Policy", { policy: doc(write) }),
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

    it("does not judge a document unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/rolePolicy:RolePolicy", { policy: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });
});
