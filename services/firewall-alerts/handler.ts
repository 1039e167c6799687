/**
 * The Lambda entry point of the firewall-alerts function (bundled as `index.js` by
 * `lambdaArchive("firewall-alerts")`, handler `FIREWALL_ALERTS_HANDLER`). CloudWatch Logs invokes it
 * with the firewall's alert log, through a subscription filter; see ./forward.ts.
 */
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { jsonLogger } from "../lib/log";
import { configFromEnvironment } from "./config";
import { createFirewallAlertsHandler, type Outcome } from "./forward";
import { securityHubFindingsApi } from "./securityhub";

const config = configFromEnvironment(process.env);
const logger = jsonLogger({ function: "firewall-alerts", firewall: config.firewallName });
const run = createFirewallAlertsHandler({
    api: securityHubFindingsApi(
        new SecurityHubClient({
            region: config.region,
            ...(config.securityHubEndpoint ? { endpoint: config.securityHubEndpoint } : {}),
        }),
    ),
    config,
    logger,
});

export async function handler(event: unknown): Promise<Outcome> {
    return run(event);
}
