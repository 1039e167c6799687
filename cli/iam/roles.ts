/**
 * The IAM roles the project's stacks declare, with their trust policy, their permission policies
 * (inline and customer-managed) and their tags, indexed by ARN: what a provider that assumes one of
 * them is allowed.
 */
import type { RecordedResource } from "../mock-cloud/run";
import type { NamedPolicy } from "./evaluate";
import { parsePolicy, type Statement } from "./policy";

/** A role of a stack. */
export interface StackRole {
    readonly arn: string;
    readonly account: string;
    readonly urn: string;
    readonly trust: NamedPolicy;
    readonly policies: readonly NamedPolicy[];
    /** The role's tags: principal tags of every session of the role. */
    readonly tags: Readonly<Record<string, string>>;
}

const safeParse = (text: unknown): Statement[] => {
    if (typeof text !== "string") return [];
    try {
        return parsePolicy(text);
    } catch {
        return [];
    }
};

/** Every role of `resources` (the resources of one or more stacks) with a known ARN, by ARN. */
export function rolesOf(resources: readonly RecordedResource[]): Map<string, StackRole> {
    const roles = new Map<string, StackRole>();
    const managed = new Map<string, NamedPolicy>();
    for (const r of resources) {
        if (r.type === "aws:iam/policy:Policy" && typeof r.outputs.arn === "string") {
            managed.set(r.outputs.arn, {
                name: `${r.name} (managed policy)`,
                statements: safeParse(r.inputs.policy),
            });
        }
    }
    for (const role of resources.filter((r) => r.type === "aws:iam/role:Role")) {
        const arn = role.outputs.arn;
        if (typeof arn !== "string") continue;
        const names = new Set([role.id, role.inputs.name, arn].filter((n) => typeof n === "string"));
        const policies: NamedPolicy[] = [];
        for (const r of resources) {
            if (!names.has(r.inputs.role as string)) continue;
            if (r.type === "aws:iam/rolePolicy:RolePolicy") {
                policies.push({ name: `${r.name} (inline policy)`, statements: safeParse(r.inputs.policy) });
            } else if (r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
                const policy = managed.get(String(r.inputs.policyArn));
                if (policy) policies.push(policy);
            }
        }
        roles.set(arn, {
            arn,
            account: arn.split(":")[4],
            urn: role.urn,
            trust: { name: `${role.name} trust policy`, statements: safeParse(role.inputs.assumeRolePolicy) },
            policies,
            tags: (role.inputs.tags as Record<string, string> | undefined) ?? {},
        });
    }
    return roles;
}
