import { actionsMatching } from "../../../lib/iam-actions";
import type { Statement } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";
import { documentsOf, IDENTITY_POLICY_TYPES } from "./documents";

/**
 * Ways to gain more permissions than a policy grants, each a set of actions that together suffice
 * (Rhino Security Labs' "AWS IAM privilege escalation methods", as Checkov's CKV_AWS_286 counts them
 * through cloudsplaining).
 */
export const ESCALATIONS: Readonly<Record<string, readonly string[]>> = {
    "create an access key for another user": ["iam:CreateAccessKey"],
    "set another user's console password": ["iam:CreateLoginProfile"],
    "change another user's console password": ["iam:UpdateLoginProfile"],
    "join a more privileged group": ["iam:AddUserToGroup"],
    "rewrite a managed policy": ["iam:CreatePolicyVersion"],
    "switch a managed policy to another version": ["iam:SetDefaultPolicyVersion"],
    "attach a policy to a user": ["iam:AttachUserPolicy"],
    "attach a policy to a group": ["iam:AttachGroupPolicy"],
    "attach a policy to a role": ["iam:AttachRolePolicy"],
    "write a user's inline policy": ["iam:PutUserPolicy"],
    "write a group's inline policy": ["iam:PutGroupPolicy"],
    "write a role's inline policy": ["iam:PutRolePolicy"],
    "rewrite a role's trust policy": ["iam:UpdateAssumeRolePolicy"],
    "pass a role to a new EC2 instance": ["iam:PassRole", "ec2:RunInstances"],
    "pass a role to a new Lambda function and invoke it": [
        "iam:PassRole",
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
    ],
    "pass a role to a new Lambda function triggered by an event source": [
        "iam:PassRole",
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
    ],
    "pass a role to a new Glue development endpoint": ["iam:PassRole", "glue:CreateDevEndpoint"],
    "pass a role to a new CloudFormation stack": ["iam:PassRole", "cloudformation:CreateStack"],
    "pass a role to a new Data Pipeline": ["iam:PassRole", "datapipeline:CreatePipeline"],
    "pass a role to a new ECS task": ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
    "pass a role to a new CodeBuild project": [
        "iam:PassRole",
        "codebuild:CreateProject",
        "codebuild:StartBuild",
    ],
    "change a Glue development endpoint's keys": ["glue:UpdateDevEndpoint"],
    "replace a Lambda function's code (and run as its role)": ["lambda:UpdateFunctionCode"],
};

/** The lower-cased actions a statement allows on every resource (`*`), wildcards expanded. */
function unscopedActions(s: Statement): string[] {
    if (s.effect !== "Allow" || s.notAction || s.notResource || !s.resources.includes("*")) return [];
    return s.actions.flatMap((pattern) => {
        // Every action: iam-policy-no-wildcard-actions reports it.
        if (pattern === "*" || pattern === "*:*") return [];
        const matched = actionsMatching(pattern).map((a) => a.action.toLowerCase());
        return matched.length > 0 ? matched : [pattern.toLowerCase()];
    });
}

/**
 * IAM policies must not allow, on every resource (`*`), a set of actions that escalates privileges.
 * A policy that can attach policies, write inline policies, rewrite trust policies or pass any role to
 * new compute grants itself administrator access. Scoping the actions to named resources (the one role
 * a service may be passed, the functions a deployer updates) removes the escalation; each document is
 * judged as a whole, so actions split across statements count together.
 */
export const iamPolicyNoPrivilegeEscalation = resourcePolicy({
    name: "iam-policy-no-privilege-escalation",
    description:
        "IAM policies must not allow, on every resource (`*`), a set of actions that escalates privileges.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", checkov: ["CKV_AWS_286"] },
    resourceTypes: IDENTITY_POLICY_TYPES,
    check: (props, { type }) =>
        documentsOf(type, props).flatMap(({ where, statements }) => {
            const allowed = new Set(statements.flatMap(unscopedActions));
            if (allowed.size === 0) return [];
            const found = Object.entries(ESCALATIONS).filter(([, actions]) =>
                actions.every((a) => allowed.has(a.toLowerCase())),
            );
            // A method whose actions include another found method's adds nothing to the message.
            const minimal = found.filter(
                ([, actions]) => !found.some(([, other]) => isStrictSubset(other, actions)),
            );
            if (minimal.length === 0) return [];
            const methods = minimal.map(([how, actions]) => `${actions.join(" + ")} (${how})`).join("; ");
            return [
                `${where === "" ? "the policy" : where.trim()} allows privilege escalation on every resource ('*'): ${methods}; scope these actions to named resources.`,
            ];
        }),
});

/** True when `a` is a strict subset of `b` (so `b` adds nothing worth a message of its own). */
const isStrictSubset = (a: readonly string[], b: readonly string[]): boolean =>
    a.length < b.length && a.every((x) => b.includes(x));
