/**
 * The CloudFormation template of one account kind: GitHub's OIDC provider (unless the account has
 * one), the deploy role and the read-only preview role with their trusts, and their permissions as
 * managed policies. Deployable as it is with `aws cloudformation deploy` or as a service-managed
 * StackSet to the kind's organizational units (docs/deploying.md#bootstrap-the-accounts).
 */
import type { PolicyDocument } from "../iam/policy";
import type { AccountKind } from "./declared";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, type RoleDocuments } from "./policies";

/** A CloudFormation template (JSON). */
export interface Template {
    readonly AWSTemplateFormatVersion: "2010-09-09";
    readonly Description: string;
    readonly Parameters: Record<string, unknown>;
    readonly Conditions: Record<string, unknown>;
    readonly Resources: Record<
        string,
        { Type: string; Condition?: string; Properties: Record<string, unknown> }
    >;
    readonly Outputs: Record<string, unknown>;
}

/** CloudFormation's size limit for a template given inline (`--template-body`); larger ones go through S3.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html */
export const TEMPLATE_BODY_LIMIT = 51200;

/** Strings that name `${AWS::...}` become `Fn::Sub`, so the account and partition are the stack's own. */
function substituted(value: unknown): unknown {
    if (typeof value === "string") return value.includes("${AWS::") ? { "Fn::Sub": value } : value;
    if (Array.isArray(value)) return value.map(substituted);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v)]));
    }
    return value;
}

/** The trust with its federated principal: the provider this stack creates, or the account's existing one. */
function trustDocument(trust: PolicyDocument): unknown {
    const doc = substituted(trust) as { Statement: { Principal: { Federated: unknown } }[] };
    for (const s of doc.Statement) {
        s.Principal.Federated = {
            "Fn::If": ["CreateOidcProvider", { Ref: "GitHubOidcProvider" }, s.Principal.Federated],
        };
    }
    return doc;
}

/** Builds the template of `kind` for `environment` from both roles' documents. */
export function bootstrapTemplate(
    kind: AccountKind,
    environment: string,
    roles: { deploy: RoleDocuments; preview: RoleDocuments },
    tags: Readonly<Record<string, string>>,
): Template {
    const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const resources: Template["Resources"] = {
        GitHubOidcProvider: {
            Type: "AWS::IAM::OIDCProvider",
            Condition: "CreateOidcProvider",
            // IAM trusts GitHub's certificate authority itself; no thumbprint is needed:
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
            Properties: {
                Url: `https://${GITHUB_OIDC_HOST}`,
                ClientIdList: [GITHUB_OIDC_AUDIENCE],
                Tags: tagList,
            },
        },
    };
    const outputs: Template["Outputs"] = {};
    for (const [logical, role, what] of [
        [
            "DeployRole",
            roles.deploy,
            `deploys the ${kind} stacks of ${environment} from GitHub Actions (environment ${environment})`,
        ],
        [
            "PreviewRole",
            roles.preview,
            `previews the ${kind} stacks of ${environment} from pull requests (read only)`,
        ],
    ] as const) {
        resources[logical] = {
            Type: "AWS::IAM::Role",
            Properties: {
                RoleName: role.name,
                Description: `hub-network: ${what}`,
                AssumeRolePolicyDocument: trustDocument(role.trust),
                MaxSessionDuration: 3600,
                Tags: tagList,
            },
        };
        role.policies.forEach((doc, n) => {
            resources[`${logical}Policy${n + 1}`] = {
                Type: "AWS::IAM::ManagedPolicy",
                Properties: {
                    ManagedPolicyName: `${role.name}-${n + 1}`,
                    Description: `hub-network ${kind} ${environment}: permissions of ${role.name}, part ${n + 1} of ${role.policies.length}`,
                    PolicyDocument: substituted(doc),
                    Roles: [{ Ref: logical }],
                },
            };
        });
        outputs[`${logical}Arn`] = {
            Description: `The ${role.name} role`,
            Value: { "Fn::GetAtt": [logical, "Arn"] },
        };
    }
    return {
        AWSTemplateFormatVersion: "2010-09-09",
        Description: `hub-network bootstrap, ${kind} account of ${environment}: GitHub OIDC deploy and preview roles (npm run bootstrap)`,
        Parameters: {
            CreateGitHubOidcProvider: {
                Type: "String",
                AllowedValues: ["true", "false"],
                Default: "true",
                Description: `false when the account already has the ${GITHUB_OIDC_HOST} provider (an account has at most one per URL)`,
            },
        },
        Conditions: { CreateOidcProvider: { "Fn::Equals": [{ Ref: "CreateGitHubOidcProvider" }, "true"] } },
        Resources: resources,
        Outputs: outputs,
    };
}
