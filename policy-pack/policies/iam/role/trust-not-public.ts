import { statementName, statementsOf, type Statement } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";
import { record } from "../../../lib/props";

/** Condition keys that tie a caller to the organization, and to named principals. */
const ORGANIZATION_KEYS = ["aws:principalorgid", "aws:principalorgpaths"];
const PRINCIPAL_ARN_KEYS = ["aws:principalarn"];

/** The condition keys of a statement, lower-cased, whatever their operator. */
const conditionKeys = (s: Statement): string[] =>
    Object.values(s.condition).flatMap((operator) =>
        Object.keys(record(operator)).map((k) => k.toLowerCase()),
    );

/**
 * IAM role trust policies must not let any principal (`*`) assume the role without both an
 * organization and a principal-ARN condition. `*` counts in every form: `"Principal": "*"`,
 * `{"AWS": "*"}`, a list holding `"*"`, and an Allow with `NotPrincipal` (everyone but the named). Only
 * `aws:PrincipalOrgID` (or `aws:PrincipalOrgPaths`) together with `aws:PrincipalArn` narrows it enough:
 * the first keeps callers inside the organization, the second names which of them.
 */
export const iamRoleTrustNotPublic = resourcePolicy({
    name: "iam-role-trust-not-public",
    description:
        "IAM role trust policies must not let any principal (`*`) assume the role without both an organization and a principal-ARN condition.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", checkov: ["CKV_AWS_60", "CKV_AWS_61"] },
    resourceTypes: ["aws:iam/role:Role"],
    check: (props) =>
        (statementsOf(props.assumeRolePolicy) ?? [])
            .filter((s) => s.effect === "Allow" && (s.principals.includes("*") || s.notPrincipal))
            .filter((s) => {
                const keys = conditionKeys(s);
                return !(
                    ORGANIZATION_KEYS.some((k) => keys.includes(k)) &&
                    PRINCIPAL_ARN_KEYS.some((k) => keys.includes(k))
                );
            })
            .map(
                (s) =>
                    `${statementName(s)} lets any principal ('*') assume the role; name the principals, or narrow it with both aws:PrincipalOrgID and aws:PrincipalArn conditions.`,
            ),
});
