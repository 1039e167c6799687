import { expect } from "chai";
import { iamPolicyNoPrivilegeEscalation as policy } from "../../../../../policy-pack/policies/iam/policy/no-privilege-escalation";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:iam/policy:Policy";
const doc = (...Statement: unknown[]) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement }) });
const allow = (Action: unknown, Resource: unknown = "*") => ({ Effect: "Allow", Action, Resource });
const ROLE = "arn:aws:iam::111111111111:role/app-task";

describe("iam-policy-no-privilege-escalation", () => {
    it("passes escalation actions scoped to named resources, and harmless actions on '*'", async () => {
        for (const props of [
            doc(allow("iam:PassRole", ROLE), allow(["ecs:RegisterTaskDefinition", "ecs:RunTask"])),
            doc(allow("lambda:UpdateFunctionCode", "arn:aws:lambda:eu-west-1:111111111111:function:items")),
            doc(allow(["ec2:DescribeInstances", "logs:PutLogEvents"])),
            doc({ ...allow("iam:*"), Effect: "Deny" }),
        ]) {
            expect(await resourceViolations(policy, TYPE, props), props.policy).to.deep.equal([]);
        }
    });

    it("flags one action that escalates alone", async () => {
        expect(await resourceViolations(policy, TYPE, doc(allow("iam:AttachRolePolicy")))).to.deep.equal([
            "the policy allows privilege escalation on every resource ('*'): iam:AttachRolePolicy (attach a policy to a role); scope these actions to named resources.",
        ]);
    });

    it("flags a set of actions that escalates together, across statements", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                doc(allow("iam:PassRole"), allow(["ec2:RunInstances", "ec2:DescribeInstances"])),
            ),
        ).to.deep.equal([
            "the policy allows privilege escalation on every resource ('*'): iam:PassRole + ec2:RunInstances (pass a role to a new EC2 instance); scope these actions to named resources.",
        ]);
    });

    it("expands wildcards (iam:Put*, iam:*) and names each way once", async () => {
        const [message] = await resourceViolations(policy, TYPE, doc(allow("iam:Put*Policy")));
        expect(message).to.equal(
            "the policy allows privilege escalation on every resource ('*'): iam:PutUserPolicy (write a user's inline policy); iam:PutGroupPolicy (write a group's inline policy); iam:PutRolePolicy (write a role's inline policy); scope these actions to named resources.",
        );
    });

    it("does not count a pass-role set whose PassRole is scoped", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                doc(allow("iam:PassRole", ROLE), allow("ec2:RunInstances")),
            ),
        ).to.deep.equal([]);
    });

    it("leaves '*' to iam-policy-no-wildcard-actions", async () => {
        expect(await resourceViolations(policy, TYPE, doc(allow("*")))).to.deep.equal([]);
    });

    it("is mandatory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, doc(allow("iam:CreatePolicyVersion")));
        expect(diagnostic.level).to.equal("mandatory");
    });
});
