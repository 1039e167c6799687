import { isPublicGrant, statementName, statementsOf } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";

/** KMS key policies must not allow any principal (`*`) without a condition that narrows it. */
export const kmsKeyNoPublicPrincipal = resourcePolicy({
    name: "kms-key-no-public-principal",
    description: "KMS key policies must not allow any principal (`*`) without a condition that narrows it.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", fsbp: ["KMS.5"], checkov: ["CKV_AWS_33"] },
    resourceTypes: ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"],
    check: (props) =>
        (statementsOf(props.policy) ?? [])
            .filter(isPublicGrant)
            .map((s) => `${statementName(s)} allows principal '*' without a condition; name the principals.`),
});
