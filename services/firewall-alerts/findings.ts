/**
 * Firewall alerts as Security Hub findings in the AWS Security Finding Format (ASFF,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html),
 * and the batches that BatchImportFindings accepts.
 *
 * - **Id**, idempotent: `<firewall ARN>/alert/<sid>/<flow hash>/<hour>`, the flow hash being the
 *   first 16 hex digits of the SHA-256 of the 5-tuple (protocol, source and destination address and
 *   port), the hour the start of the UTC hour of the alert. Every alert of one rule on one flow in one
 *   hour is one finding: a repeated delivery, a retried invocation or a flood of alerts updates it
 *   instead of adding findings; the next hour opens a new one.
 * - **Severity** from Suricata's priority (`alert.severity`, 1 the highest, 3 when the rule sets
 *   none): 1 HIGH, 2 MEDIUM, anything else (3 and below, or none) LOW. Whether the firewall
 *   dropped the packet does not change it: a blocked attempt is still an attempt. Severity and Types go
 *   in FindingProviderFields too, the fields a finding provider owns
 *   (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html).
 * - **Batches**: at most 100 findings and 6 MB per request, each finding under 240 KB
 *   (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
 */
import { createHash } from "node:crypto";
import type { FirewallAlertsConfig } from "./config";
import { isIpv4, type Alert } from "./records";

/** The ASFF fields the function writes. */
export interface AsffFinding {
    readonly SchemaVersion: "2018-10-08";
    readonly Id: string;
    readonly ProductArn: string;
    readonly GeneratorId: string;
    readonly AwsAccountId: string;
    readonly Region: string;
    readonly Types: string[];
    readonly CreatedAt: string;
    readonly UpdatedAt: string;
    readonly FirstObservedAt: string;
    readonly LastObservedAt: string;
    readonly Severity: { Label: SeverityLabel; Original: string };
    readonly FindingProviderFields: { Severity: { Label: SeverityLabel; Original: string }; Types: string[] };
    readonly Title: string;
    readonly Description: string;
    readonly ProductFields: Record<string, string>;
    readonly Network: Record<string, string | number>;
    readonly Resources: { Type: string; Id: string; Partition: string; Region: string }[];
    readonly RecordState: "ACTIVE";
}

export type SeverityLabel = "LOW" | "MEDIUM" | "HIGH";

/** The ASFF type of every firewall alert (namespace/category of the ASFF types taxonomy). */
export const ALERT_FINDING_TYPE = "Unusual Behaviors/Network Flow";

/** BatchImportFindings takes at most this many findings per request. */
export const MAX_FINDINGS_PER_REQUEST = 100;
/** ... and at most this many bytes of request. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** The finding's severity label for Suricata's priority. */
export function severityOf(priority: number | undefined): SeverityLabel {
    if (priority === 1) return "HIGH";
    if (priority === 2) return "MEDIUM";
    return "LOW";
}

const HOUR_MS = 3_600_000;

/** The idempotent Id of the finding an alert belongs to. */
export function findingId(config: FirewallAlertsConfig, alert: Alert): string {
    const tuple = [alert.proto, alert.srcIp, alert.srcPort ?? "", alert.destIp, alert.destPort ?? ""].join(
        "|",
    );
    const flow = createHash("sha256").update(tuple).digest("hex").slice(0, 16);
    const hour = new Date(Math.floor(alert.time.getTime() / HOUR_MS) * HOUR_MS).toISOString();
    return `${config.firewallArn}/alert/${alert.signatureId}/${flow}/${hour}`;
}

const endpoint = (ip: string, port: number | undefined) =>
    ip.includes(":")
        ? `[${ip}]${port !== undefined ? `:${port}` : ""}`
        : `${ip}${port !== undefined ? `:${port}` : ""}`;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 3)}...`);

/**
 * One finding for the alerts that share an Id (all of one rule, flow and hour): first and last seen
 * from the earliest and the latest of them, the rest from the latest.
 */
export function toFinding(config: FirewallAlertsConfig, alerts: readonly Alert[]): AsffFinding {
    const sorted = [...alerts].sort((a, b) => a.time.getTime() - b.time.getTime());
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const severity = { Label: severityOf(last.severity), Original: String(last.severity ?? "none") };
    const rule = last.signature !== "" ? last.signature : `sid ${last.signatureId}`;
    const flow = `${last.proto} ${endpoint(last.srcIp, last.srcPort)} -> ${endpoint(last.destIp, last.destPort)}`;
    const network: Record<string, string | number> = { Protocol: last.proto };
    network[isIpv4(last.srcIp) ? "SourceIpV4" : "SourceIpV6"] = last.srcIp;
    network[isIpv4(last.destIp) ? "DestinationIpV4" : "DestinationIpV6"] = last.destIp;
    if (last.srcPort !== undefined) network.SourcePort = last.srcPort;
    if (last.destPort !== undefined) network.DestinationPort = last.destPort;
    const fields: Record<string, string> = {
        "hub-network/firewall_name": last.firewallName,
        "hub-network/signature_id": String(last.signatureId),
        "hub-network/action": last.action,
        "hub-network/alerts": String(sorted.length),
    };
    if (last.rev !== undefined) fields["hub-network/rev"] = String(last.rev);
    if (last.category !== undefined) fields["hub-network/category"] = clip(last.category, 1024);
    if (last.flowId !== undefined) fields["hub-network/flow_id"] = last.flowId;
    if (last.availabilityZone !== undefined) fields["hub-network/availability_zone"] = last.availabilityZone;
    if (last.appProto !== undefined) fields["hub-network/app_proto"] = last.appProto;
    return {
        SchemaVersion: "2018-10-08",
        Id: findingId(config, last),
        ProductArn: config.productArn,
        GeneratorId: `${config.firewallArn}/sid/${last.signatureId}`,
        AwsAccountId: config.accountId,
        Region: config.region,
        Types: [ALERT_FINDING_TYPE],
        CreatedAt: first.time.toISOString(),
        UpdatedAt: last.time.toISOString(),
        FirstObservedAt: first.time.toISOString(),
        LastObservedAt: last.time.toISOString(),
        Severity: severity,
        FindingProviderFields: { Severity: { ...severity }, Types: [ALERT_FINDING_TYPE] },
        Title: clip(`Network Firewall ${last.action}: ${rule}`, 256),
        Description: clip(
            `${last.firewallName} ${last.action} ${flow} by rule ${last.signatureId}${last.rev !== undefined ? ` rev ${last.rev}` : ""}: ${rule} (${sorted.length} alert${sorted.length === 1 ? "" : "s"})`,
            1024,
        ),
        ProductFields: fields,
        Network: network,
        Resources: [
            {
                Type: "AwsNetworkFirewallFirewall",
                Id: config.firewallArn,
                Partition: config.partition,
                Region: config.region,
            },
        ],
        RecordState: "ACTIVE",
    };
}

/** The findings of `alerts`, one per Id, in the order of their first alert. */
export function findingsOf(config: FirewallAlertsConfig, alerts: readonly Alert[]): AsffFinding[] {
    const groups = new Map<string, Alert[]>();
    for (const alert of alerts) {
        const id = findingId(config, alert);
        const group = groups.get(id);
        if (group) group.push(alert);
        else groups.set(id, [alert]);
    }
    return [...groups.values()].map((group) => toFinding(config, group));
}

/** `findings` in requests of at most 100 findings and 6 MB each (`{"Findings":[...]}`). */
export function batches(findings: readonly AsffFinding[]): AsffFinding[][] {
    const envelope = Buffer.byteLength('{"Findings":[]}');
    const result: AsffFinding[][] = [];
    let current: AsffFinding[] = [];
    let bytes = envelope;
    for (const finding of findings) {
        const size = Buffer.byteLength(JSON.stringify(finding)) + 1;
        if (
            current.length > 0 &&
            (current.length === MAX_FINDINGS_PER_REQUEST || bytes + size > MAX_REQUEST_BYTES)
        ) {
            result.push(current);
            current = [];
            bytes = envelope;
        }
        current.push(finding);
        bytes += size;
    }
    if (current.length > 0) result.push(current);
    return result;
}
