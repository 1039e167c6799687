import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, str } from "../../../lib/props";

/** Cognito user pools must enforce threat protection (userPoolAddOns.advancedSecurityMode ENFORCED). */
export const cognitoUserPoolAdvancedSecurity = resourcePolicy({
    name: "cognito-user-pool-advanced-security",
    description:
        "Cognito user pools must enforce threat protection (userPoolAddOns.advancedSecurityMode ENFORCED).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["Cognito.1"], cdkNag: ["AwsSolutions-COG3"] },
    resourceTypes: ["aws:cognito/userPool:UserPool"],
    check: (props) => {
        const mode = at(props, "userPoolAddOns.advancedSecurityMode");
        if (isUnknown(mode) || str(mode) === "ENFORCED") return [];
        return [`userPoolAddOns.advancedSecurityMode is ${str(mode) ?? "OFF"}; set it to ENFORCED.`];
    },
});
