import { statementName, statementsOf } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";

/** IAM policies must not allow every action (`*` or `*:*`). */
export const iamPolicyNoWildcardActions = resourcePolicy({
    name: "iam-policy-no-wildcard-actions",
    description: "IAM policies must not allow every action (`*` or `*:*`).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        fsbp: ["IAM.1", "IAM.21"],
        cdkNag: ["AwsSolutions-IAM5"],
        checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_286"],
    },
    resourceTypes: [
        "aws:iam/policy:Policy",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/userPolicy:UserPolicy",
        "aws:iam/groupPolicy:GroupPolicy",
    ],
    check: (props) =>
        (statementsOf(props.policy) ?? [])
            .filter((s) => s.effect === "Allow" && s.actions.some((a) => a === "*" || a === "*:*"))
            .map((s) => `${statementName(s)} allows every action ('*'); list the actions it needs.`),
});
