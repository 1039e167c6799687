/** Shared by the IAM identity-policy policies: where each resource type keeps its policy documents. */
import { statementsOf, type Statement } from "../../../lib/iam";
import { list, record, type Props } from "../../../lib/props";

const ROLE = "aws:iam/role:Role";

/** Resource types that carry identity policy documents. */
export const IDENTITY_POLICY_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    ROLE,
];

/** One document: where it sits (for messages) and its statements. */
export interface Document {
    /** `` (the resource's own `policy`) or `inline policy 'name' ` (a role's `inlinePolicies`). */
    readonly where: string;
    readonly statements: readonly Statement[];
}

/**
 * The identity policy documents of a resource: `policy`, or a role's `inlinePolicies[].policy`
 * (its trust policy is not one). Documents unknown in a preview are left out: judged in the update.
 */
export function documentsOf(type: string, props: Props): Document[] {
    const sources =
        type === ROLE
            ? list(props.inlinePolicies).map((p) => {
                  const inline = record(p);
                  return { where: `inline policy '${String(inline.name ?? "")}' `, policy: inline.policy };
              })
            : [{ where: "", policy: props.policy }];
    return sources.flatMap(({ where, policy }) => {
        const statements = statementsOf(policy);
        return statements ? [{ where, statements }] : [];
    });
}
