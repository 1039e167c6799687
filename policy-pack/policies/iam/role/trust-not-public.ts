import { isPublicGrant, statementName, statementsOf } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";

/** IAM role trust policies must not let any principal (`*`) assume the role. */
export const iamRoleTrustNotPublic = resourcePolicy({
    name: "iam-role-trust-not-public",
    description: "IAM role trust policies must not let any principal (`*`) assume the role.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", checkov: ["CKV_AWS_60", "CKV_AWS_61"] },
    resourceTypes: ["aws:iam/role:Role"],
    check: (props) =>
        (statementsOf(props.assumeRolePolicy) ?? [])
            .filter(isPublicGrant)
            .map((s) => `${statementName(s)} lets any principal ('*') assume the role; name the principals.`),
});
