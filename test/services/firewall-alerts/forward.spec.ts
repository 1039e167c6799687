/**
 * The firewall-alerts function against a local fake of Security Hub (../support/securityhub.ts),
 * through the real AWS SDK client: an alert record becomes exactly the ASFF finding below, repeats
 * keep one Id, large deliveries are split into requests Security Hub accepts, and records that are not
 * this firewall's alerts are logged and send nothing.
 */
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { configFromEnvironment } from "../../../services/firewall-alerts/config";
import { createFirewallAlertsHandler } from "../../../services/firewall-alerts/forward";
import { severityOf } from "../../../services/firewall-alerts/findings";
import { securityHubFindingsApi } from "../../../services/firewall-alerts/securityhub";
import { memoryLogger } from "../support/http";
import { startFakeSecurityHub, type FakeSecurityHub } from "../support/securityhub";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const FIREWALL = "hub-network-dev-inspection";
const FIREWALL_ARN = `arn:aws:network-firewall:${REGION}:${ACCOUNT}:firewall/${FIREWALL}`;
const config = configFromEnvironment({ FIREWALL_ARN });

/** An alert record as Network Firewall writes it to its alert log (firewall-logging-contents). */
const alertRecord = (
    overrides: { event?: Record<string, unknown>; alert?: Record<string, unknown>; firewall?: string } = {},
) =>
    JSON.stringify({
        firewall_name: overrides.firewall ?? FIREWALL,
        availability_zone: "eu-west-1a",
        event_timestamp: "1772359505",
        event: {
            timestamp: "2026-03-01T10:05:05.598481+0000",
            flow_id: 1770453319291727,
            event_type: "alert",
            src_ip: "10.1.2.3",
            src_port: 49157,
            dest_ip: "198.51.100.7",
            dest_port: 443,
            proto: "TCP",
            app_proto: "tls",
            alert: {
                action: "blocked",
                signature_id: 9100002,
                rev: 1,
                signature: "hub-network block list: to a blocked address",
                category: "",
                severity: 1,
                ...overrides.alert,
            },
            ...overrides.event,
        },
    });

const delivery = (messages: readonly string[], messageType = "DATA_MESSAGE") => ({
    awslogs: {
        data: gzipSync(
            JSON.stringify({
                messageType,
                owner: ACCOUNT,
                logGroup: "/hub-network/dev/network-firewall/alert",
                logStream: "/aws/network-firewall/alert/hub-network-dev-inspection_2026-03-01-10",
                subscriptionFilters: ["hub-network-dev-firewall-alerts"],
                logEvents: messages.map((message, i) => ({
                    id: String(1000 + i),
                    timestamp: 1772359505000,
                    message,
                })),
            }),
        ).toString("base64"),
    },
});

describe("firewall-alerts function", function () {
    let hub: FakeSecurityHub;
    let logger: ReturnType<typeof memoryLogger>;
    const handler = () =>
        createFirewallAlertsHandler({ api: securityHubFindingsApi(hub.client), config, logger });

    beforeEach(async () => {
        hub = await startFakeSecurityHub(ACCOUNT, REGION);
        logger = memoryLogger();
    });
    afterEach(() => hub.stop());

    it("turns an alert record into exactly this ASFF finding of the account's default product", async () => {
        const outcome = await handler()(delivery([alertRecord()]));
        expect(outcome).to.deep.equal({
            outcome: "imported",
            imported: 1,
            failed: 0,
            rejected: 0,
            requests: 1,
        });
        expect(hub.requests).to.have.length(1);
        const [finding] = hub.requests[0]!;
        expect(finding).to.deep.equal({
            SchemaVersion: "2018-10-08",
            Id: `${FIREWALL_ARN}/alert/9100002/${String(finding!.Id).split("/")[4]}/2026-03-01T10:00:00.000Z`,
            ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
            GeneratorId: `${FIREWALL_ARN}/sid/9100002`,
            AwsAccountId: ACCOUNT,
            Region: REGION,
            Types: ["Unusual Behaviors/Network Flow"],
            CreatedAt: "2026-03-01T10:05:05.598Z",
            UpdatedAt: "2026-03-01T10:05:05.598Z",
            FirstObservedAt: "2026-03-01T10:05:05.598Z",
            LastObservedAt: "2026-03-01T10:05:05.598Z",
            Severity: { Label: "HIGH", Original: "1" },
            FindingProviderFields: {
                Severity: { Label: "HIGH", Original: "1" },
                Types: ["Unusual Behaviors/Network Flow"],
            },
            Title: "Network Firewall blocked: hub-network block list: to a blocked address",
            Description:
                "hub-network-dev-inspection blocked TCP 10.1.2.3:49157 -> 198.51.100.7:443 by rule 9100002 rev 1: hub-network block list: to a blocked address (1 alert)",
            ProductFields: {
                "hub-network/firewall_name": FIREWALL,
                "hub-network/signature_id": "9100002",
                "hub-network/action": "blocked",
                "hub-network/alerts": "1",
                "hub-network/rev": "1",
                "hub-network/flow_id": "1770453319291727",
                "hub-network/availability_zone": "eu-west-1a",
                "hub-network/app_proto": "tls",
            },
            Network: {
                Protocol: "TCP",
                SourceIpV4: "10.1.2.3",
                DestinationIpV4: "198.51.100.7",
                SourcePort: 49157,
                DestinationPort: 443,
            },
            Resources: [
                { Type: "AwsNetworkFirewallFirewall", Id: FIREWALL_ARN, Partition: "aws", Region: REGION },
            ],
            RecordState: "ACTIVE",
        });
        expect(String(finding!.Id).split("/")[4]).to.match(/^[0-9a-f]{16}$/);
        expect([...hub.findings.keys()]).to.deep.equal([finding!.Id]);
    });

    it("maps Suricata's priority to the severity: 1 HIGH, 2 MEDIUM, 3 or none LOW", () => {
        expect([1, 2, 3, 4, 255, undefined].map(severityOf)).to.deep.equal([
            "HIGH",
            "MEDIUM",
            "LOW",
            "LOW",
            "LOW",
            "LOW",
        ]);
    });

    it("gives repeats of one rule on one flow in one hour the same Id, in one delivery and across deliveries", async () => {
        const later = alertRecord({ event: { timestamp: "2026-03-01T10:59:00.000000+0000" } });
        await handler()(delivery([alertRecord(), later]));
        await handler()(delivery([alertRecord()]));
        expect(hub.requests.map((r) => r.length)).to.deep.equal([1, 1]);
        expect(hub.findings.size).to.equal(1);
        const [first] = hub.requests[0]!;
        expect(first!.FirstObservedAt).to.equal("2026-03-01T10:05:05.598Z");
        expect(first!.LastObservedAt).to.equal("2026-03-01T10:59:00.000Z");
        expect((first!.ProductFields as Record<string, string>)["hub-network/alerts"]).to.equal("2");
        expect(hub.requests[1]![0]!.Id).to.equal(first!.Id);

        // Another hour, another port or another rule: another finding.
        await handler()(
            delivery([
                alertRecord({ event: { timestamp: "2026-03-01T11:00:00.000000+0000" } }),
                alertRecord({ event: { src_port: 49158 } }),
                alertRecord({ alert: { signature_id: 9100001 } }),
            ]),
        );
        expect(hub.findings.size).to.equal(4);
    });

    it("splits a delivery of more than 100 findings into requests of at most 100", async () => {
        const records = Array.from({ length: 250 }, (_, i) => alertRecord({ event: { src_port: 1024 + i } }));
        const outcome = await handler()(delivery(records));
        expect(hub.requests.map((r) => r.length)).to.deep.equal([100, 100, 50]);
        expect(outcome).to.deep.equal({
            outcome: "imported",
            imported: 250,
            failed: 0,
            rejected: 0,
            requests: 3,
        });
        expect(hub.findings.size).to.equal(250);
    });

    it("logs and skips records that are not this firewall's alerts, and makes no call when none is", async () => {
        const bad = [
            "not json",
            JSON.stringify({ firewall_name: FIREWALL, event: { event_type: "netflow" } }),
            alertRecord({ alert: { signature_id: "x" } }),
            alertRecord({ event: { src_ip: "300.1.2.3" } }),
            alertRecord({ event: { dest_port: 70000 } }),
            alertRecord({ event: { timestamp: "yesterday" }, firewall: FIREWALL }).replace(
                '"event_timestamp":"1772359505",',
                "",
            ),
            alertRecord({ firewall: "another-firewall" }),
        ];
        const outcome = await handler()(delivery(bad));
        expect(outcome).to.deep.equal({
            outcome: "rejected",
            reason: "no alert records",
            imported: 0,
            failed: 0,
            rejected: 7,
            requests: 0,
        });
        expect(hub.requests).to.deep.equal([]);
        expect(logger.lines.map((l) => [l.level, l.msg, l.logEventId, l.reason])).to.deep.equal([
            ["warn", "record rejected", "1000", "not JSON"],
            ["warn", "record rejected", "1001", 'event_type "netflow" is not alert'],
            ["warn", "record rejected", "1002", "event.alert.signature_id is not a positive integer"],
            ["warn", "record rejected", "1003", "event.src_ip is not an IP address"],
            ["warn", "record rejected", "1004", "event.src_port or event.dest_port is not a port"],
            ["warn", "record rejected", "1005", "neither event.timestamp nor event_timestamp is a time"],
            ["warn", "record rejected", "1006", `firewall_name another-firewall is not ${FIREWALL}`],
        ]);

        // A good record next to bad ones is still sent.
        const mixed = await handler()(delivery(["not json", alertRecord()]));
        expect(mixed).to.include({ outcome: "imported", imported: 1, rejected: 1, requests: 1 });
    });

    it("answers CloudWatch Logs' control message and refuses what is not a delivery, without a call", async () => {
        expect(await handler()(delivery([], "CONTROL_MESSAGE"))).to.include({
            outcome: "control",
            requests: 0,
        });
        expect(await handler()({ detail: {} })).to.include({ outcome: "rejected", requests: 0 });
        expect(await handler()({ awslogs: { data: "bm90IGd6aXA=" } })).to.include({
            outcome: "rejected",
            reason: "awslogs.data is not base64 of gzipped JSON",
        });
        expect(hub.requests).to.deep.equal([]);
    });

    it("reads its firewall from its environment and names a bad variable", () => {
        expect(config).to.deep.include({
            firewallName: FIREWALL,
            accountId: ACCOUNT,
            region: REGION,
            productArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
        });
        expect(() => configFromEnvironment({ FIREWALL_ARN: "arn:aws:s3:::bucket" })).to.throw(
            /FIREWALL_ARN 'arn:aws:s3:::bucket' is not a firewall ARN/,
        );
        expect(() => configFromEnvironment({})).to.throw(/FIREWALL_ARN is not set/);
    });
});
