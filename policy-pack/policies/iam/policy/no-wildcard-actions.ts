import { statementName } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";
import { documentsOf, IDENTITY_POLICY_TYPES } from "./documents";

/** The service of a whole-service wildcard (`iam:*` -> `iam`), or undefined. */
const wholeService = (action: string): string | undefined => /^([a-z0-9-]+):\*$/i.exec(action)?.[1];

/**
 * IAM policies must not allow every action (`*`), every action of a service (`iam:*`) or every action
 * but a few (`NotAction`). Each is administrator access to everything, or to one service, on the
 * statement's resources (FSBP IAM.1 and IAM.21, Checkov CKV_AWS_62 and CKV_AWS_63); the policy reads
 * managed policies, the inline policies of roles, users and groups, and a role's `inlinePolicies`.
 */
export const iamPolicyNoWildcardActions = resourcePolicy({
    name: "iam-policy-no-wildcard-actions",
    description:
        "IAM policies must not allow every action (`*`), every action of a service (`iam:*`) or every action but a few (`NotAction`).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        fsbp: ["IAM.1", "IAM.21"],
        cdkNag: ["AwsSolutions-IAM5"],
        checkov: ["CKV_AWS_62", "CKV_AWS_63"],
    },
    resourceTypes: IDENTITY_POLICY_TYPES,
    check: (props, { type }) =>
        documentsOf(type, props).flatMap(({ where, statements }) =>
            statements
                .filter((s) => s.effect === "Allow")
                .flatMap((s) => {
                    const name = `${where}${statementName(s)}`;
                    if (s.notAction) {
                        return [
                            `${name} allows every action but its NotAction list; list the actions it needs in Action.`,
                        ];
                    }
                    if (s.actions.some((a) => a === "*" || a === "*:*")) {
                        return [`${name} allows every action ('*'); list the actions it needs.`];
                    }
                    return s.actions
                        .filter((a) => wholeService(a) !== undefined)
                        .map(
                            (a) =>
                                `${name} allows every ${wholeService(a)!.toLowerCase()} action ('${a}'); list the actions it needs.`,
                        );
                }),
        ),
});
