/**
 * GuardDuty findings as EventBridge delivers them, in the shape of the GuardDuty finding format
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-summary.html) and of AWS's
 * EventBridge example (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html).
 * The addresses are documentation addresses, as in GuardDuty's own sample findings.
 */

/** Options of {@link findingEvent}. */
export interface FindingOptions {
    readonly id?: string;
    readonly type?: string;
    readonly severity?: number;
    readonly archived?: boolean;
    /** The `service.action` object (default: an outbound connection to 198.51.100.7). */
    readonly action?: Record<string, unknown>;
}

/** A network-connection action with `remote` as the remote address. */
export function connectionTo(remote: string): Record<string, unknown> {
    return {
        actionType: "NETWORK_CONNECTION",
        networkConnectionAction: {
            connectionDirection: "OUTBOUND",
            blocked: false,
            protocol: "TCP",
            localPortDetails: { port: 39677, portName: "Unknown" },
            remotePortDetails: { port: 443, portName: "HTTPS" },
            remoteIpDetails: {
                ipAddressV4: remote,
                organization: { asn: "-1", asnOrg: "GeneratedFindingASNOrg", isp: "GeneratedFindingISP" },
                country: { countryName: "GeneratedFindingCountryName" },
            },
        },
    };
}

/** A port-probe action from every address of `remotes`. */
export function portProbeFrom(...remotes: string[]): Record<string, unknown> {
    return {
        actionType: "PORT_PROBE",
        portProbeAction: {
            blocked: false,
            portProbeDetails: remotes.map((ip) => ({
                localPortDetails: { port: 22, portName: "SSH" },
                remoteIpDetails: { ipAddressV4: ip },
            })),
        },
    };
}

/** A `GuardDuty Finding` event from the security account's bus, as forwarded to the network account. */
export function findingEvent(options: FindingOptions = {}): Record<string, unknown> {
    const id = options.id ?? "a6c2b1f0e9d84e7fb1c0d2e3f4a5b6c7";
    const type = options.type ?? "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom";
    return {
        version: "0",
        id: "c8a1f0e2-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        "detail-type": "GuardDuty Finding",
        source: "aws.guardduty",
        account: "222222222222",
        time: "2026-03-01T10:00:00Z",
        region: "eu-west-1",
        resources: [],
        detail: {
            schemaVersion: "2.0",
            accountId: "333333333333",
            region: "eu-west-1",
            partition: "aws",
            id,
            arn: `arn:aws:guardduty:eu-west-1:333333333333:detector/12abc34d567e8fa901bc2d34e56789f0/finding/${id}`,
            type,
            resource: {
                resourceType: "Instance",
                instanceDetails: { instanceId: "i-0123456789abcdef0" },
            },
            service: {
                serviceName: "guardduty",
                detectorId: "12abc34d567e8fa901bc2d34e56789f0",
                action: options.action ?? connectionTo("198.51.100.7"),
                archived: options.archived ?? false,
                count: 1,
                eventFirstSeen: "2026-03-01T09:55:00Z",
                eventLastSeen: "2026-03-01T09:58:00Z",
                resourceRole: "ACTOR",
            },
            severity: options.severity ?? 8,
            createdAt: "2026-03-01T09:59:00Z",
            updatedAt: "2026-03-01T09:59:00Z",
            title: "EC2 instance is communicating with a disallowed IP address.",
            description:
                "EC2 instance i-0123456789abcdef0 is communicating with 198.51.100.7 on a custom threat list.",
        },
    };
}

/** The scheduled event of the sweep rule. */
export function scheduledEvent(): Record<string, unknown> {
    return {
        version: "0",
        id: "89d1a02d-5ec7-412e-82f5-13505f849b41",
        "detail-type": "Scheduled Event",
        source: "aws.events",
        account: "111111111111",
        time: "2026-03-02T12:00:00Z",
        region: "eu-west-1",
        resources: ["arn:aws:events:eu-west-1:111111111111:rule/block-list-sweep"],
        detail: {},
    };
}
