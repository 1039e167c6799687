/** A user pool as the workloads declare one: the compliant baseline of the user pool specs. */
export const TYPE = "aws:cognito/userPool:UserPool";

export const compliantPool = {
    name: "items",
    mfaConfiguration: "ON",
    softwareTokenMfaConfiguration: { enabled: true },
    passwordPolicy: {
        minimumLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
    },
    userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
    userPoolTier: "PLUS",
};
