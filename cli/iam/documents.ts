/**
 * The policy documents a stack writes, found by resource type and property (one table), each checked
 * against the policy grammar, the Service Authorization Reference and its size quota.
 */
import type { RecordedResource } from "../mock-cloud/run";
import { parsePolicy, PolicyGrammarError, policySize, type Statement } from "./policy";
import { checkAgainstReference, type PolicyKind } from "./service-reference";

/** A size quota and where it is documented. */
export interface Quota {
    readonly what: string;
    readonly limit: number;
    readonly source: string;
}

const IAM_QUOTAS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";

/** IAM's size quotas (characters without white space), at their defaults. */
export const QUOTAS = {
    trust: { what: "role trust policy", limit: 2048, source: `${IAM_QUOTAS} (default 2,048, at most 4,096)` },
    inline: { what: "inline policies of one role (aggregate)", limit: 10240, source: IAM_QUOTAS },
    managed: { what: "managed policy", limit: 6144, source: IAM_QUOTAS },
    keyPolicy: {
        what: "KMS key policy",
        limit: 32768,
        source: "https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html",
    },
    bucketPolicy: {
        what: "S3 bucket policy",
        limit: 20480,
        source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html",
    },
    endpointPolicy: {
        what: "VPC endpoint policy",
        limit: 20480,
        source: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
    },
} as const satisfies Record<string, Quota>;

/** Where a resource type keeps a policy document, and what kind of document it is. */
interface PolicyProperty {
    readonly property: string;
    readonly kind: PolicyKind;
    readonly quota?: Quota;
}

/**
 * Every property of the provider's resource types that holds a policy document the project may
 * write. A JSON document with a `Statement` in a property not listed here fails the check (see
 * {@link unlistedDocuments}), so the table cannot silently miss one.
 */
export const POLICY_PROPERTIES: Readonly<Record<string, readonly PolicyProperty[]>> = {
    "aws:iam/role:Role": [{ property: "assumeRolePolicy", kind: "trust", quota: QUOTAS.trust }],
    "aws:iam/rolePolicy:RolePolicy": [{ property: "policy", kind: "identity" }],
    "aws:iam/policy:Policy": [{ property: "policy", kind: "identity", quota: QUOTAS.managed }],
    "aws:iam/userPolicy:UserPolicy": [{ property: "policy", kind: "identity" }],
    "aws:kms/key:Key": [{ property: "policy", kind: "resource", quota: QUOTAS.keyPolicy }],
    "aws:s3/bucketPolicy:BucketPolicy": [
        { property: "policy", kind: "resource", quota: QUOTAS.bucketPolicy },
    ],
    "aws:ec2/vpcEndpoint:VpcEndpoint": [
        { property: "policy", kind: "resource", quota: QUOTAS.endpointPolicy },
    ],
    "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy": [
        { property: "policy", kind: "resource", quota: QUOTAS.endpointPolicy },
    ],
    "aws:apigateway/restApi:RestApi": [{ property: "policy", kind: "resource" }],
    "aws:apigateway/restApiPolicy:RestApiPolicy": [{ property: "policy", kind: "resource" }],
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": [{ property: "policyDocument", kind: "resource" }],
    "aws:sns/topicPolicy:TopicPolicy": [{ property: "policy", kind: "resource" }],
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": [{ property: "policy", kind: "resource" }],
    "aws:sqs/queuePolicy:QueuePolicy": [{ property: "policy", kind: "resource" }],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": [{ property: "policy", kind: "resource" }],
    "aws:secretsmanager/secretPolicy:SecretPolicy": [{ property: "policy", kind: "resource" }],
};

/** One policy document of a stack. */
export interface StackDocument {
    readonly urn: string;
    readonly type: string;
    readonly property: string;
    readonly kind: PolicyKind;
    readonly text: string;
    readonly quota?: Quota;
}

/** The known policy documents of `resources` (unknown values, as in a preview, are skipped). */
export function policyDocuments(resources: readonly RecordedResource[]): StackDocument[] {
    const documents: StackDocument[] = [];
    for (const r of resources) {
        for (const p of POLICY_PROPERTIES[r.type] ?? []) {
            const value = r.inputs[p.property];
            if (typeof value !== "string" || value === "") continue;
            documents.push({
                urn: r.urn,
                type: r.type,
                property: p.property,
                kind: p.kind,
                text: value,
                quota: p.quota,
            });
        }
    }
    return documents;
}

/** Input properties that hold a policy document (JSON with `Statement`) but are not in the table. */
export function unlistedDocuments(resources: readonly RecordedResource[]): string[] {
    const found: string[] = [];
    for (const r of resources) {
        const listed = new Set((POLICY_PROPERTIES[r.type] ?? []).map((p) => p.property));
        for (const [property, value] of Object.entries(r.inputs)) {
            if (listed.has(property) || typeof value !== "string" || !value.includes('"Statement"')) continue;
            try {
                if ((JSON.parse(value) as { Statement?: unknown }).Statement !== undefined) {
                    found.push(`${r.urn} ${property}`);
                }
            } catch {
                // Not JSON: not a policy document.
            }
        }
    }
    return found;
}

/** A problem with one policy document. */
export interface PolicyFinding {
    readonly urn: string;
    readonly property: string;
    /** The statement's Sid (`#<index>` without one), or undefined for the whole document. */
    readonly statement?: string;
    readonly problem: string;
}

/** How large a document is against its quota. */
export interface SizedDocument {
    readonly urn: string;
    readonly what: string;
    readonly size: number;
    readonly quota: Quota;
}

/** The findings of every document of `resources`, and the sizes of those with a quota. */
export async function checkPolicyDocuments(
    resources: readonly RecordedResource[],
): Promise<{ findings: PolicyFinding[]; sizes: SizedDocument[]; documents: number }> {
    const findings: PolicyFinding[] = [];
    const sizes: SizedDocument[] = [];
    const documents = policyDocuments(resources);
    for (const doc of documents) {
        let statements: Statement[];
        try {
            statements = parsePolicy(doc.text);
        } catch (error) {
            if (!(error instanceof PolicyGrammarError)) throw error;
            findings.push({ urn: doc.urn, property: doc.property, problem: error.message });
            continue;
        }
        for (const p of await checkAgainstReference(statements, doc.kind)) {
            findings.push({
                urn: doc.urn,
                property: doc.property,
                statement: p.statement,
                problem: p.problem,
            });
        }
        if (doc.quota)
            sizes.push({ urn: doc.urn, what: doc.quota.what, size: policySize(doc.text), quota: doc.quota });
    }
    sizes.push(...inlineAggregates(resources));
    for (const s of sizes) {
        if (s.size > s.quota.limit) {
            findings.push({
                urn: s.urn,
                property: "size",
                problem: `${s.what} is ${s.size} characters, over IAM's quota of ${s.quota.limit} (${s.quota.source})`,
            });
        }
    }
    for (const unlisted of unlistedDocuments(resources)) {
        const [urn, property] = unlisted.split(" ");
        findings.push({
            urn,
            property,
            problem:
                "holds a policy document of a kind cli/iam/documents.ts does not list: add its resource type and property to POLICY_PROPERTIES",
        });
    }
    return { findings, sizes, documents: documents.length };
}

/** The inline policies of each role, summed: IAM's quota is on the aggregate per role. */
function inlineAggregates(resources: readonly RecordedResource[]): SizedDocument[] {
    const byRole = new Map<string, { urn: string; size: number }>();
    for (const r of resources) {
        if (r.type !== "aws:iam/rolePolicy:RolePolicy" || typeof r.inputs.policy !== "string") continue;
        const role = String(r.inputs.role);
        const entry = byRole.get(role) ?? { urn: r.urn, size: 0 };
        entry.size += policySize(r.inputs.policy);
        byRole.set(role, entry);
    }
    return [...byRole.values()].map((e) => ({
        urn: e.urn,
        what: QUOTAS.inline.what,
        size: e.size,
        quota: QUOTAS.inline,
    }));
}
