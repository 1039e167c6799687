import { expect } from "chai";
import { iamPolicyAttachmentNoAdmin as policy } from "../../../../../policy-pack/policies/iam/policy-attachment/no-admin";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const MESSAGE = `policyArn is ${ADMIN}, which allows every action on every resource; attach a policy that lists the actions needed.`;

describe("iam-policy-attachment-no-admin", () => {
    it("passes narrower AWS managed policies and customer managed ones", async () => {
        for (const policyArn of [
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
            "arn:aws:iam::111111111111:policy/AdministratorAccess",
            UNKNOWN_VALUE,
        ]) {
            expect(
                await resourceViolations(policy, ATTACHMENT, { role: "app", policyArn }),
                policyArn,
            ).to.deep.equal([]);
        }
    });

    it("flags AdministratorAccess attached to a role, a user, a group, or in any partition", async () => {
        for (const type of [
            ATTACHMENT,
            "aws:iam/userPolicyAttachment:UserPolicyAttachment",
            "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
            "aws:iam/policyAttachment:PolicyAttachment",
        ]) {
            expect(await resourceViolations(policy, type, { policyArn: ADMIN }), type).to.deep.equal([
                MESSAGE,
            ]);
        }
        const gov = "arn:aws-us-gov:iam::aws:policy/AdministratorAccess";
        expect(await resourceViolations(policy, ATTACHMENT, { policyArn: gov })).to.deep.equal([
            `policyArn is ${gov}, which allows every action on every resource; attach a policy that lists the actions needed.`,
        ]);
    });

    it("flags AdministratorAccess in a role's managedPolicyArns", async () => {
        expect(
            await resourceViolations(policy, "aws:iam/role:Role", {
                managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", ADMIN],
            }),
        ).to.deep.equal([
            `managedPolicyArns holds ${ADMIN}, which allows every action on every resource; attach a policy that lists the actions needed.`,
        ]);
    });

    it("counts the policies adminPolicies names", async () => {
        const power = "arn:aws:iam::aws:policy/PowerUserAccess";
        expect(
            await resourceViolations(
                policy,
                ATTACHMENT,
                { policyArn: power },
                { adminPolicies: ["PowerUserAccess"] },
            ),
        ).to.have.length(1);
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, ATTACHMENT, { policyArn: ADMIN })).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
    });
});
