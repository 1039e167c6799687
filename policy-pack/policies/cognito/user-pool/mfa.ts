import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";

/**
 * Cognito user pools must not turn multi-factor authentication off. `OPTIONAL` (each user chooses) is
 * accepted unless allowOptional is false, which requires `ON` for every user.
 */
export const cognitoUserPoolMfa = resourcePolicy<{ allowOptional: boolean }>({
    name: "cognito-user-pool-mfa",
    description: "Cognito user pools must not turn multi-factor authentication off.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", cdkNag: ["AwsSolutions-COG2"] },
    configSchema: {
        properties: {
            allowOptional: {
                type: "boolean",
                default: true,
                description: "Accept mfaConfiguration OPTIONAL; false requires ON.",
            },
        },
    },
    resourceTypes: ["aws:cognito/userPool:UserPool"],
    check: (props, { config }) => {
        if (isUnknown(props.mfaConfiguration)) return [];
        const mfa = str(props.mfaConfiguration)?.toUpperCase() ?? "OFF";
        if (mfa === "ON" || (mfa === "OPTIONAL" && config.allowOptional)) return [];
        const wanted = config.allowOptional ? "ON or OPTIONAL" : "ON";
        return [
            `mfaConfiguration is ${mfa}${props.mfaConfiguration === undefined ? " (unset)" : ""}; set it to ${wanted}.`,
        ];
    },
});
