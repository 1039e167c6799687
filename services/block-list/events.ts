/**
 * The events the block-list function accepts: a GuardDuty finding as EventBridge delivers it
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html, detail-type
 * `GuardDuty Finding`, source `aws.guardduty`), and the scheduled event of its sweep rule
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html, detail-type
 * `Scheduled Event`, source `aws.events`). Anything else is refused with a reason.
 */
import { z } from "zod";

const remoteIpDetails = z.looseObject({ ipAddressV4: z.string().optional() }).optional();

/**
 * The parts of a finding the function reads. The remote address sits under the action of the finding
 * (GuardDuty finding format, `service.action`): one per network connection, AWS API call, Kubernetes
 * API call or RDS login attempt, and one per probing host of a port probe.
 */
const findingDetail = z.looseObject({
    id: z.string().min(1),
    type: z.string().min(1),
    severity: z.number(),
    accountId: z.string().optional(),
    region: z.string().optional(),
    service: z
        .looseObject({
            archived: z.boolean().optional(),
            action: z
                .looseObject({
                    actionType: z.string().optional(),
                    networkConnectionAction: z.looseObject({ remoteIpDetails }).optional(),
                    awsApiCallAction: z.looseObject({ remoteIpDetails }).optional(),
                    kubernetesApiCallAction: z.looseObject({ remoteIpDetails }).optional(),
                    rdsLoginAttemptAction: z.looseObject({ remoteIpDetails }).optional(),
                    portProbeAction: z
                        .looseObject({
                            portProbeDetails: z.array(z.looseObject({ remoteIpDetails })).optional(),
                        })
                        .optional(),
                })
                .optional(),
        })
        .optional(),
});

const findingEvent = z.looseObject({
    source: z.literal("aws.guardduty"),
    "detail-type": z.literal("GuardDuty Finding"),
    detail: findingDetail,
});

const scheduledEvent = z.looseObject({
    source: z.literal("aws.events"),
    "detail-type": z.literal("Scheduled Event"),
});

/** A GuardDuty finding, reduced to what the function acts on. */
export interface Finding {
    readonly id: string;
    readonly type: string;
    readonly severity: number;
    readonly accountId?: string;
    readonly archived: boolean;
    /** Every remote IPv4 address the finding names, once each, in the order found. */
    readonly remoteAddresses: readonly string[];
}

/** What an event asks for. */
export type Request =
    | { readonly kind: "finding"; readonly finding: Finding }
    | { readonly kind: "sweep" }
    | { readonly kind: "invalid"; readonly reason: string };

/** Reads an incoming event; never throws. */
export function readEvent(event: unknown): Request {
    if (scheduledEvent.safeParse(event).success) return { kind: "sweep" };
    const parsed = findingEvent.safeParse(event);
    if (!parsed.success) {
        const record = typeof event === "object" && event !== null ? (event as Record<string, unknown>) : {};
        if (record.source === "aws.guardduty" && record["detail-type"] === "GuardDuty Finding") {
            const issue = parsed.error.issues[0];
            return {
                kind: "invalid",
                reason: `malformed GuardDuty finding: detail.${issue.path.slice(1).join(".")} ${issue.message}`,
            };
        }
        return {
            kind: "invalid",
            reason: `not a GuardDuty finding or a scheduled sweep (source ${describe(record.source)}, detail-type ${describe(record["detail-type"])})`,
        };
    }
    const detail = parsed.data.detail;
    const action = detail.service?.action;
    const candidates = [
        action?.networkConnectionAction?.remoteIpDetails?.ipAddressV4,
        action?.awsApiCallAction?.remoteIpDetails?.ipAddressV4,
        action?.kubernetesApiCallAction?.remoteIpDetails?.ipAddressV4,
        action?.rdsLoginAttemptAction?.remoteIpDetails?.ipAddressV4,
        ...(action?.portProbeAction?.portProbeDetails ?? []).map((d) => d.remoteIpDetails?.ipAddressV4),
    ].filter((a): a is string => typeof a === "string" && a.length > 0);
    return {
        kind: "finding",
        finding: {
            id: detail.id,
            type: detail.type,
            severity: detail.severity,
            accountId: detail.accountId,
            archived: detail.service?.archived === true,
            remoteAddresses: [...new Set(candidates)],
        },
    };
}

function describe(value: unknown): string {
    if (value === undefined) return "missing";
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}
