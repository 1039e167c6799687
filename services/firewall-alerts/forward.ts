/**
 * The firewall-alerts function's logic: a CloudWatch Logs delivery of the firewall's alert log in,
 * Security Hub findings out (./findings.ts), through {@link FindingsApi} (BatchImportFindings in
 * production, ./securityhub.ts; a local fake of it in the tests).
 *
 * A record that is not an alert of this firewall is rejected and logged with the reason, and sends
 * nothing; a delivery without a valid alert makes no call. Findings that Security Hub refuses
 * (FailedFindings) are logged: sending them again would not change the answer. A failed request
 * fails the invocation, and Lambda's asynchronous retries send the batch again, which the findings'
 * idempotent Ids make safe.
 */
import type { Logger } from "../lib/log";
import type { FirewallAlertsConfig } from "./config";
import { batches, findingsOf, type AsffFinding } from "./findings";
import { readAlert, readDelivery, type Alert } from "./records";

/** The call the function makes. */
export interface FindingsApi {
    /** One BatchImportFindings request; what Security Hub refused. */
    importFindings(findings: readonly AsffFinding[]): Promise<{
        readonly failed: readonly { readonly id: string; readonly code: string; readonly message: string }[];
    }>;
}

/** What one invocation did. */
export interface Outcome {
    readonly outcome: "imported" | "rejected" | "control";
    /** Why nothing was sent, for `rejected`. */
    readonly reason?: string;
    /** Findings Security Hub accepted. */
    readonly imported: number;
    /** Findings Security Hub refused. */
    readonly failed: number;
    /** Log events that are not alerts of this firewall. */
    readonly rejected: number;
    /** BatchImportFindings requests made. */
    readonly requests: number;
}

/** Options of {@link createFirewallAlertsHandler}. */
export interface FirewallAlertsOptions {
    readonly api: FindingsApi;
    readonly config: FirewallAlertsConfig;
    readonly logger: Logger;
}

/** The handler: one delivery of the alert log to Security Hub. */
export function createFirewallAlertsHandler(
    options: FirewallAlertsOptions,
): (event: unknown) => Promise<Outcome> {
    const { api, config, logger } = options;
    return async (event) => {
        const delivery = readDelivery(event);
        if ("error" in delivery) {
            logger.warn("rejected", { reason: delivery.error });
            return {
                outcome: "rejected",
                reason: delivery.error,
                imported: 0,
                failed: 0,
                rejected: 0,
                requests: 0,
            };
        }
        if (delivery.kind === "control") {
            return { outcome: "control", imported: 0, failed: 0, rejected: 0, requests: 0 };
        }
        const alerts: Alert[] = [];
        let rejected = 0;
        for (const logEvent of delivery.logEvents) {
            const alert = readAlert(logEvent.message);
            const reason =
                "error" in alert
                    ? alert.error
                    : alert.firewallName !== config.firewallName
                      ? `firewall_name ${alert.firewallName} is not ${config.firewallName}`
                      : undefined;
            if (reason !== undefined || "error" in alert) {
                rejected += 1;
                logger.warn("record rejected", {
                    logEventId: logEvent.id,
                    logGroup: delivery.logGroup,
                    reason,
                });
                continue;
            }
            alerts.push(alert);
        }
        if (alerts.length === 0) {
            return {
                outcome: "rejected",
                reason: "no alert records",
                imported: 0,
                failed: 0,
                rejected,
                requests: 0,
            };
        }
        let imported = 0;
        let failed = 0;
        let requests = 0;
        for (const batch of batches(findingsOf(config, alerts))) {
            requests += 1;
            const answer = await api.importFindings(batch);
            for (const f of answer.failed) {
                logger.error("finding refused", { findingId: f.id, code: f.code, message: f.message });
            }
            failed += answer.failed.length;
            imported += batch.length - answer.failed.length;
        }
        logger.info("imported", { alerts: alerts.length, imported, failed, rejected, requests });
        return { outcome: "imported", imported, failed, rejected, requests };
    };
}
