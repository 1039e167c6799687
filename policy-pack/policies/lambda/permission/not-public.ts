import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";

/**
 * Lambda permissions must not let any principal (`*`) invoke the function. A `*` principal narrowed by
 * `principalOrgId`, `sourceAccount` or `sourceArn` is not public: the condition names who may call.
 */
export const lambdaPermissionNotPublic = resourcePolicy({
    name: "lambda-permission-not-public",
    description: "Lambda permissions must not let any principal (`*`) invoke the function.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", fsbp: ["Lambda.1"], checkov: ["CKV_AWS_301"] },
    resourceTypes: ["aws:lambda/permission:Permission"],
    check: (props) => {
        if (str(props.principal) !== "*") return [];
        const narrowed = ["principalOrgId", "sourceAccount", "sourceArn"].some(
            (field) => props[field] !== undefined && props[field] !== "",
        );
        return narrowed
            ? []
            : [
                  "principal is '*' without principalOrgId, sourceAccount or sourceArn: anyone can invoke the function; name the principal.",
              ];
    },
});
