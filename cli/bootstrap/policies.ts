/**
 * The bootstrap's policy documents for one account kind: the deploy role's permissions (every action
 * the kind's stacks need, regional services pinned to the environment's regions, IAM writes to the
 * account's own roles, roles passed only to the services that take them, nothing on the bootstrap's
 * own roles), the preview role's read-only permissions, both trusts (GitHub OIDC), split into managed
 * policies within IAM's size quota. `${AWS::Partition}` and `${AWS::AccountId}` are left for
 * CloudFormation to substitute (template.ts), so one template serves every account of a kind.
 */
import type { PolicyDocument, RawStatement } from "../iam/policy";
import { policySize } from "../iam/policy";
import { QUOTAS } from "../iam/documents";
import type { KindActions } from "./actions";
import type { AccountKind } from "./declared";

/** GitHub's OIDC issuer, as IAM names the provider and its condition keys. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** Services whose API is global: `aws:RequestedRegion` is us-east-1 for them, whatever the stack's region. */
const GLOBAL_SERVICES = new Set(["iam", "route53", "organizations", "sts"]);

/** What the policies are made from. */
export interface PolicyInputs {
    readonly kind: AccountKind;
    /** The environment's name (the GitHub environment the deploy jobs run in). */
    readonly environment: string;
    /** `owner/repo` of the repository whose workflows assume the roles. */
    readonly repository: string;
    /** The environment's regions (primary first). */
    readonly regions: readonly string[];
    readonly actions: KindActions;
    readonly deployRoleName: string;
    readonly previewRoleName: string;
    /** Roles in the network account the deploy role assumes (a spoke's `hub` provider), with session tags. */
    readonly hubDeployRoles: readonly string[];
    /** Roles in other accounts the deploy role assumes without session tags (the management account's). */
    readonly managementRoles?: readonly string[];
    /** Roles in the network account the preview role assumes. */
    readonly hubPreviewRoles: readonly string[];
    /** A self-managed state backend: its bucket and the KMS key of its secrets provider. */
    readonly stateBucket?: string;
    readonly stateKeyArn?: string;
}

/** One role's documents. */
export interface RoleDocuments {
    readonly name: string;
    readonly trust: PolicyDocument;
    /** Managed policies, each within the managed-policy quota. */
    readonly policies: readonly PolicyDocument[];
}

/** What nobody but the bootstrap may do to its own roles and policies (the deploy role's Deny). */
export const PROTECTED_ACTIONS = [
    "iam:AttachRolePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:DeleteRole",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PassRole",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:TagPolicy",
    "iam:TagRole",
    "iam:UntagPolicy",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
] as const;

const ACCOUNT_ARN = "arn:${AWS::Partition}:iam::${AWS::AccountId}";
const service = (action: string) => action.split(":")[0];

/** The OIDC subject a workflow job presents: `repo:<owner>/<repo>:<context>`. */
export function githubSubject(repository: string, context: string): string {
    return `repo:${repository}:${context}`;
}

/** The deploy role's subject: jobs in the GitHub environment named like the hub-network environment. */
export function deploySubject(repository: string, environment: string): string {
    return githubSubject(repository, `environment:${environment}`);
}

/** The preview role's subject: pull-request jobs (without a GitHub environment). */
export function previewSubject(repository: string): string {
    return githubSubject(repository, "pull_request");
}

function trust(subject: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GitHubActions",
                Effect: "Allow",
                Principal: { Federated: `${ACCOUNT_ARN}:oidc-provider/${GITHUB_OIDC_HOST}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
                        [`${GITHUB_OIDC_HOST}:sub`]: subject,
                    },
                },
            },
        ],
    };
}

/** Statements for `actions`: regional ones pinned to the regions, global ones apart, IAM on the account's own. */
function byScope(
    sid: string,
    actions: readonly string[],
    regions: readonly string[],
    iamResources: readonly string[],
): RawStatement[] {
    const iam = actions.filter((a) => service(a) === "iam");
    const global = actions.filter((a) => GLOBAL_SERVICES.has(service(a)) && service(a) !== "iam");
    const regional = actions.filter((a) => !GLOBAL_SERVICES.has(service(a)));
    const out: RawStatement[] = [];
    if (regional.length) {
        out.push({
            Sid: `${sid}Regional`,
            Effect: "Allow",
            Action: regional,
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": [...regions] } },
        });
    }
    if (global.length) out.push({ Sid: `${sid}Global`, Effect: "Allow", Action: global, Resource: "*" });
    if (iam.length) out.push({ Sid: `${sid}Iam`, Effect: "Allow", Action: iam, Resource: [...iamResources] });
    return out;
}

/** The deploy role's statements (before packing into managed policies). */
export function deployStatements(i: PolicyInputs): RawStatement[] {
    const iamActions = i.actions.deploy.filter(
        (a) => a !== "iam:PassRole" && a !== "iam:CreateServiceLinkedRole",
    );
    const iamOn = (pattern: RegExp) => iamActions.some((a) => pattern.test(a));
    const out = byScope("Deploy", iamActions, i.regions, [
        `${ACCOUNT_ARN}:role/*`,
        ...(iamOn(/^iam:\w*Polic(y|yVersion|yVersions)$/) && iamOn(/^iam:(Create|Get|Delete)Policy$/)
            ? [`${ACCOUNT_ARN}:policy/*`]
            : []),
        ...(iamOn(/InstanceProfile$/) ? [`${ACCOUNT_ARN}:instance-profile/*`] : []),
    ]);
    if (i.actions.passRoleTo.length) {
        out.push({
            Sid: "PassRoleToServices",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: `${ACCOUNT_ARN}:role/*`,
            Condition: { StringEquals: { "iam:PassedToService": [...i.actions.passRoleTo] } },
        });
    }
    if (i.actions.serviceLinkedRoles.length) {
        out.push({
            Sid: "ServiceLinkedRoles",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: `${ACCOUNT_ARN}:role/aws-service-role/*`,
            Condition: { StringEquals: { "iam:AWSServiceName": [...i.actions.serviceLinkedRoles] } },
        });
    }
    if (i.hubDeployRoles.length) {
        out.push({
            Sid: "HubOnboarding",
            Effect: "Allow",
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Resource: [...i.hubDeployRoles],
        });
    }
    if (i.managementRoles?.length) {
        out.push({
            Sid: "ManagementAccount",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: [...i.managementRoles],
        });
    }
    out.push(...stateStatements(i, true));
    // The deployer may manage the account's roles, but never the bootstrap's own: it cannot widen its
    // own permissions or its trust, nor the preview role's.
    out.push({
        Sid: "ProtectBootstrap",
        Effect: "Deny",
        Action: [...PROTECTED_ACTIONS],
        Resource: [
            `${ACCOUNT_ARN}:role/${i.deployRoleName}`,
            `${ACCOUNT_ARN}:role/${i.previewRoleName}`,
            `${ACCOUNT_ARN}:policy/${i.deployRoleName}-*`,
            `${ACCOUNT_ARN}:policy/${i.previewRoleName}-*`,
        ],
    });
    return out;
}

/** The preview role's statements: reads only. */
export function previewStatements(i: PolicyInputs): RawStatement[] {
    const out = byScope("Read", i.actions.read, i.regions, ["*"]);
    if (i.hubPreviewRoles.length) {
        out.push({
            Sid: "HubPreview",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: [...i.hubPreviewRoles],
        });
    }
    out.push(...stateStatements(i, false));
    return out;
}

/** A self-managed backend: the deployer reads and writes the state; the preview reads it and takes its lock. */
function stateStatements(i: PolicyInputs, write: boolean): RawStatement[] {
    const out: RawStatement[] = [];
    if (i.stateBucket) {
        const bucket = `arn:\${AWS::Partition}:s3:::${i.stateBucket}`;
        out.push({ Sid: "StateList", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket });
        out.push({
            Sid: "StateObjects",
            Effect: "Allow",
            Action: write ? ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] : "s3:GetObject",
            Resource: `${bucket}/*`,
        });
        if (!write) {
            // `pulumi preview` on a self-managed backend locks the stack while it runs.
            out.push({
                Sid: "StateLocks",
                Effect: "Allow",
                Action: ["s3:PutObject", "s3:DeleteObject"],
                Resource: `${bucket}/.pulumi/locks/*`,
            });
        }
    }
    if (i.stateKeyArn) {
        out.push({
            Sid: "StateSecrets",
            Effect: "Allow",
            Action: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : "kms:Decrypt",
            Resource: i.stateKeyArn,
        });
    }
    return out;
}

/** IAM's size of a document (characters without white space). */
export function documentSize(doc: PolicyDocument): number {
    return policySize(JSON.stringify(doc));
}

/**
 * Packs statements into as few documents as fit `limit` (the managed-policy quota by default): a
 * statement too large for one document is split by action, keeping its resources and conditions.
 */
export function packStatements(
    statements: readonly RawStatement[],
    limit: number = QUOTAS.managed.limit,
): PolicyDocument[] {
    const doc = (s: readonly RawStatement[]): PolicyDocument => ({
        Version: "2012-10-17",
        Statement: [...s],
    });
    const pieces: RawStatement[] = [];
    const split = (s: RawStatement, part: number): void => {
        const actions = typeof s.Action === "string" ? [s.Action] : [...(s.Action ?? [])];
        if (documentSize(doc([s])) <= limit || actions.length < 2) {
            pieces.push(s);
            return;
        }
        const half = Math.ceil(actions.length / 2);
        split({ ...s, Sid: `${s.Sid}${part}a`, Action: actions.slice(0, half) }, 1);
        split({ ...s, Sid: `${s.Sid}${part}b`, Action: actions.slice(half) }, 1);
    };
    statements.forEach((s) => split(s, 1));
    const docs: RawStatement[][] = [];
    for (const piece of pieces) {
        const home = docs.find((d) => documentSize(doc([...d, piece])) <= limit);
        if (home) home.push(piece);
        else docs.push([piece]);
    }
    return docs.map(doc);
}

/** Both roles' documents for one account kind. */
export function roleDocuments(i: PolicyInputs): { deploy: RoleDocuments; preview: RoleDocuments } {
    return {
        deploy: {
            name: i.deployRoleName,
            trust: trust(deploySubject(i.repository, i.environment)),
            policies: packStatements(deployStatements(i)),
        },
        preview: {
            name: i.previewRoleName,
            trust: trust(previewSubject(i.repository)),
            policies: packStatements(previewStatements(i)),
        },
    };
}
