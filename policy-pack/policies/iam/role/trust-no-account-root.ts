import { conditionKeys, statementName, statementsOf } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";

/** `123456789012` or `arn:<partition>:iam::123456789012:root`: an account as a principal. */
const rootAccount = (principal: string): string | undefined =>
    /^(?:arn:aws[a-z-]*:iam::)?(\d{12})(?::root)?$/.exec(principal)?.[1];

/** Condition keys that say which principal of the trusted account, or which caller, may assume. */
const NARROWING = ["aws:principalarn", "sts:externalid", "aws:userid", "aws:principaltag/"];

/**
 * IAM role trust policies must not trust another account as a whole (its root, or its bare ID): that
 * delegates the decision to every administrator of that account, and every principal they allow can
 * assume the role. Name the role that may assume, or narrow the statement with `aws:PrincipalArn` or
 * `sts:ExternalId` (the confused-deputy guard for third parties). Accounts the team trusts as a whole
 * (its own, a break-glass account) go in `trustedAccounts`: a role cannot see its own account in a
 * preview, so the setting names it.
 */
export const iamRoleTrustNoAccountRoot = resourcePolicy<{ trustedAccounts: string[] }>({
    name: "iam-role-trust-no-account-root",
    description:
        "IAM role trust policies must not trust a whole other account (its root) without naming which of its principals may assume the role.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", checkov: ["CKV_AWS_61"] },
    configSchema: {
        properties: {
            trustedAccounts: {
                type: "array",
                items: { type: "string", pattern: "^\\d{12}$" },
                default: [],
                description: "Account IDs whose root a role may trust as a whole.",
            },
        },
    },
    resourceTypes: ["aws:iam/role:Role"],
    check: (props, { config }) =>
        (statementsOf(props.assumeRolePolicy) ?? [])
            .filter((s) => s.effect === "Allow" && !s.notPrincipal)
            .filter((s) => !conditionKeys(s).some((k) => NARROWING.some((n) => k.startsWith(n))))
            .flatMap((s) =>
                s.principals
                    .map(rootAccount)
                    .filter((a): a is string => a !== undefined && !config.trustedAccounts.includes(a))
                    .map(
                        (account) =>
                            `${statementName(s)} trusts every principal of account ${account} (its root); name the role that may assume this one, add an aws:PrincipalArn or sts:ExternalId condition, or list the account in trustedAccounts.`,
                    ),
            ),
});
