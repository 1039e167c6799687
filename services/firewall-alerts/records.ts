/**
 * Reading what CloudWatch Logs delivers to a subscribed function, and the firewall's alert records in
 * it.
 *
 * CloudWatch Logs invokes the function with `{ awslogs: { data } }`, `data` being base64 of the gzip
 * of `{ messageType, owner, logGroup, logStream, subscriptionFilters, logEvents: [{ id, timestamp,
 * message }] }`; `messageType` is `DATA_MESSAGE`, or `CONTROL_MESSAGE` when CloudWatch Logs checks
 * that the destination is reachable
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample).
 *
 * Each message of the alert log is one record as AWS Network Firewall writes it
 * (https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging-contents.html):
 * `firewall_name`, `availability_zone`, `event_timestamp` (epoch seconds, as a string) and `event`,
 * Suricata's EVE JSON of type `alert`: `timestamp`, `flow_id`, `event_type`, `src_ip`, `src_port`,
 * `dest_ip`, `dest_port`, `proto`, `app_proto`, and `alert` with `action` (`allowed`, `blocked`),
 * `signature_id`, `rev`, `signature`, `category` and `severity` (Suricata's priority: 1 is the
 * highest; 3 when the rule sets none).
 */
import { gunzipSync } from "node:zlib";

/** One log event of a subscription delivery. */
export interface LogEvent {
    readonly id: string;
    readonly timestamp: number;
    readonly message: string;
}

/** What a delivery holds. */
export type Delivery =
    | { readonly kind: "data"; readonly logGroup: string; readonly logEvents: readonly LogEvent[] }
    | { readonly kind: "control" };

/** One alert, as the function uses it. */
export interface Alert {
    readonly firewallName: string;
    readonly availabilityZone?: string;
    /** When the packet that raised it was seen. */
    readonly time: Date;
    readonly flowId?: string;
    readonly proto: string;
    readonly srcIp: string;
    readonly srcPort?: number;
    readonly destIp: string;
    readonly destPort?: number;
    readonly appProto?: string;
    readonly action: string;
    readonly signatureId: number;
    readonly rev?: number;
    readonly signature: string;
    readonly category?: string;
    /** Suricata's priority (1 highest); undefined when the record has none. */
    readonly severity?: number;
}

/** Decodes a subscription delivery, or says why it is not one. */
export function readDelivery(event: unknown): Delivery | { readonly error: string } {
    const data = (event as { awslogs?: { data?: unknown } } | null)?.awslogs?.data;
    if (typeof data !== "string") return { error: "not a CloudWatch Logs delivery (no awslogs.data)" };
    let payload: unknown;
    try {
        payload = JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8"));
    } catch {
        return { error: "awslogs.data is not base64 of gzipped JSON" };
    }
    const p = payload as { messageType?: unknown; logGroup?: unknown; logEvents?: unknown };
    if (p.messageType === "CONTROL_MESSAGE") return { kind: "control" };
    if (p.messageType !== "DATA_MESSAGE" || !Array.isArray(p.logEvents)) {
        return { error: `messageType ${JSON.stringify(p.messageType)} is not DATA_MESSAGE with logEvents` };
    }
    const logEvents = (p.logEvents as unknown[]).map((e, i) => {
        const le = e as { id?: unknown; timestamp?: unknown; message?: unknown } | null;
        return {
            id: typeof le?.id === "string" ? le.id : String(i),
            timestamp: typeof le?.timestamp === "number" ? le.timestamp : 0,
            message: typeof le?.message === "string" ? le.message : "",
        };
    });
    return { kind: "data", logGroup: typeof p.logGroup === "string" ? p.logGroup : "", logEvents };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]{2,45}$/;

/** Whether `s` is an IPv4 address. */
export const isIpv4 = (s: string): boolean => IPV4.test(s);

const port = (v: unknown): number | undefined | null =>
    v === undefined
        ? undefined
        : Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535
          ? (v as number)
          : null;

/**
 * The alert of one log message, or why it is not one. Suricata writes `timestamp` as
 * `2020-09-25T23:01:05.598481+0000`; `event_timestamp` (epoch seconds) is the fallback.
 */
export function readAlert(message: string): Alert | { readonly error: string } {
    let record: unknown;
    try {
        record = JSON.parse(message);
    } catch {
        return { error: "not JSON" };
    }
    const r = record as {
        firewall_name?: unknown;
        availability_zone?: unknown;
        event_timestamp?: unknown;
        event?: Record<string, unknown>;
    } | null;
    if (typeof r !== "object" || r === null) return { error: "not a JSON object" };
    if (typeof r.firewall_name !== "string" || r.firewall_name === "") return { error: "no firewall_name" };
    const e = r.event;
    if (typeof e !== "object" || e === null) return { error: "no event" };
    if (e.event_type !== "alert") return { error: `event_type ${JSON.stringify(e.event_type)} is not alert` };
    const alert = e.alert as Record<string, unknown> | undefined;
    if (typeof alert !== "object" || alert === null) return { error: "no event.alert" };
    const sid = alert.signature_id;
    if (!Number.isInteger(sid) || (sid as number) < 1)
        return { error: "event.alert.signature_id is not a positive integer" };
    if (typeof alert.action !== "string" || alert.action === "") return { error: "no event.alert.action" };
    if (
        typeof e.src_ip !== "string" ||
        !(IPV4.test(e.src_ip) || (e.src_ip.includes(":") && IPV6.test(e.src_ip)))
    ) {
        return { error: "event.src_ip is not an IP address" };
    }
    if (
        typeof e.dest_ip !== "string" ||
        !(IPV4.test(e.dest_ip) || (e.dest_ip.includes(":") && IPV6.test(e.dest_ip)))
    ) {
        return { error: "event.dest_ip is not an IP address" };
    }
    if (typeof e.proto !== "string" || e.proto === "") return { error: "no event.proto" };
    const srcPort = port(e.src_port);
    const destPort = port(e.dest_port);
    if (srcPort === null || destPort === null)
        return { error: "event.src_port or event.dest_port is not a port" };
    const time = timeOf(e.timestamp, r.event_timestamp);
    if (!time) return { error: "neither event.timestamp nor event_timestamp is a time" };
    const severity = alert.severity;
    return {
        firewallName: r.firewall_name,
        ...(typeof r.availability_zone === "string" ? { availabilityZone: r.availability_zone } : {}),
        time,
        ...(typeof e.flow_id === "number" || typeof e.flow_id === "string"
            ? { flowId: String(e.flow_id) }
            : {}),
        proto: e.proto,
        srcIp: e.src_ip,
        ...(srcPort !== undefined ? { srcPort } : {}),
        destIp: e.dest_ip,
        ...(destPort !== undefined ? { destPort } : {}),
        ...(typeof e.app_proto === "string" ? { appProto: e.app_proto } : {}),
        action: alert.action,
        signatureId: sid as number,
        ...(Number.isInteger(alert.rev) ? { rev: alert.rev as number } : {}),
        signature: typeof alert.signature === "string" ? alert.signature : "",
        ...(typeof alert.category === "string" && alert.category !== "" ? { category: alert.category } : {}),
        ...(Number.isInteger(severity) ? { severity: severity as number } : {}),
    };
}

function timeOf(timestamp: unknown, epochSeconds: unknown): Date | undefined {
    if (typeof timestamp === "string") {
        // 2020-09-25T23:01:05.598481+0000: milliseconds only, and an offset with a colon.
        const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)$/.exec(timestamp);
        if (m) {
            const fraction = (m[2] ?? "").slice(0, 4);
            const zone = m[3] === "Z" ? "Z" : `${m[3]!.slice(0, 3)}:${m[3]!.slice(-2)}`;
            const t = new Date(`${m[1]}${fraction}${zone}`);
            if (!Number.isNaN(t.getTime())) return t;
        }
    }
    const seconds =
        typeof epochSeconds === "string" || typeof epochSeconds === "number" ? Number(epochSeconds) : NaN;
    return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}
