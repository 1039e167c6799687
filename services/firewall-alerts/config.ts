/**
 * The firewall-alerts function's configuration, from its environment variables (written by the
 * network stack's FirewallAlertFindings component).
 */

/** The environment variables the function reads. */
export const FIREWALL_ALERTS_ENV = {
    /** The ARN of the firewall whose alert log the function reads (the findings' resource). */
    firewallArn: "FIREWALL_ARN",
    /**
     * The Security Hub API endpoint to call, `https://<endpoint DNS name>` of the interface VPC
     * endpoint the function reaches Security Hub through (optional: the regional endpoint otherwise).
     */
    securityHubEndpoint: "SECURITYHUB_ENDPOINT",
} as const;

/** The function's configuration. */
export interface FirewallAlertsConfig {
    readonly firewallArn: string;
    readonly firewallName: string;
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    /**
     * The account's own product for custom findings,
     * `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`: with it, the
     * finding's AwsAccountId must be the calling account
     * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
     */
    readonly productArn: string;
    readonly securityHubEndpoint?: string;
}

const FIREWALL_ARN =
    /^arn:(aws[a-z-]*):network-firewall:([a-z0-9-]+):(\d{12}):firewall\/([A-Za-z0-9-]{1,128})$/;

/** Reads the configuration; a missing or malformed variable is an error naming it. */
export function configFromEnvironment(
    env: Readonly<Record<string, string | undefined>>,
): FirewallAlertsConfig {
    const problems: string[] = [];
    const firewallArn = env[FIREWALL_ALERTS_ENV.firewallArn] ?? "";
    const arn = FIREWALL_ARN.exec(firewallArn);
    if (firewallArn === "") problems.push(`${FIREWALL_ALERTS_ENV.firewallArn} is not set`);
    else if (!arn) {
        problems.push(
            `${FIREWALL_ALERTS_ENV.firewallArn} '${firewallArn}' is not a firewall ARN (arn:aws:network-firewall:<region>:<account>:firewall/<name>)`,
        );
    }
    const securityHubEndpoint = env[FIREWALL_ALERTS_ENV.securityHubEndpoint] || undefined;
    if (securityHubEndpoint !== undefined && !/^https:\/\/[a-z0-9.-]+$/.test(securityHubEndpoint)) {
        problems.push(
            `${FIREWALL_ALERTS_ENV.securityHubEndpoint} '${securityHubEndpoint}' is not an https:// endpoint`,
        );
    }
    if (problems.length > 0 || !arn) throw new Error(`firewall-alerts configuration: ${problems.join("; ")}`);
    const [, partition, region, accountId, firewallName] = arn as unknown as [
        string,
        string,
        string,
        string,
        string,
    ];
    return {
        firewallArn,
        firewallName,
        partition,
        region,
        accountId,
        productArn: `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`,
        ...(securityHubEndpoint !== undefined ? { securityHubEndpoint } : {}),
    };
}
