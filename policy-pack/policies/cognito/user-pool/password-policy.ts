import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, record } from "../../../lib/props";

/** What Cognito applies when a user pool has no password policy at all. */
const AWS_DEFAULT = {
    minimumLength: 8,
    requireLowercase: true,
    requireUppercase: true,
    requireNumbers: true,
    requireSymbols: true,
};
const CLASSES = ["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"] as const;

/**
 * Cognito user pools must require passwords of the minimum length with lower and upper case letters,
 * numbers and symbols. Without a password policy Cognito requires 8 characters of every class; in a
 * policy, a class left unset is not required.
 */
export const cognitoUserPoolPasswordPolicy = resourcePolicy<{ minimumLength: number }>({
    name: "cognito-user-pool-password-policy",
    description:
        "Cognito user pools must require passwords of the minimum length with lower and upper case letters, numbers and symbols.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", cdkNag: ["AwsSolutions-COG1"] },
    configSchema: {
        properties: {
            minimumLength: {
                type: "integer",
                minimum: 6,
                maximum: 99,
                default: 12,
                description: "Fewest characters a password may have.",
            },
        },
    },
    resourceTypes: ["aws:cognito/userPool:UserPool"],
    check: (props, { config }) => {
        if (isUnknown(props.passwordPolicy)) return [];
        const policy = props.passwordPolicy === undefined ? AWS_DEFAULT : record(props.passwordPolicy);
        const found: string[] = [];
        const length = policy.minimumLength;
        if (!isUnknown(length)) {
            const effective = typeof length === "number" ? length : AWS_DEFAULT.minimumLength;
            if (effective < config.minimumLength) {
                found.push(
                    `passwordPolicy.minimumLength is ${effective}${props.passwordPolicy === undefined ? " (the default)" : ""}; require at least ${config.minimumLength}.`,
                );
            }
        }
        for (const field of CLASSES) {
            const value = policy[field];
            if (value !== true && !isUnknown(value)) {
                found.push(`passwordPolicy.${field} is ${String(value ?? false)}; set it to true.`);
            }
        }
        return found;
    },
});
