/**
 * The block-list function against a local fake of the EC2 API (../support/ec2.ts), through the real
 * AWS SDK client: expiry, duplicates, bounds, retries, and refusals that change nothing.
 */
import { expect } from "chai";
import { createBlockListHandler, type Outcome } from "../../../services/block-list/block-list";
import { configFromEnvironment, type BlockListConfig } from "../../../services/block-list/config";
import { ec2PrefixListApi } from "../../../services/block-list/ec2";
import { startFakeEc2, type FakeEc2 } from "../support/ec2";
import { memoryLogger } from "../support/http";
import { findingEvent, portProbeFrom, scheduledEvent } from "./findings";

const NOW = new Date("2026-03-01T10:00:00.000Z");
const HOUR = 3_600_000;

const config = (overrides: Partial<Record<string, string>> = {}): BlockListConfig =>
    configFromEnvironment({
        PREFIX_LIST_ID: "pl-0a1b2c3d4e5f60718",
        MAX_ENTRIES: "10",
        BLOCK_HOURS: "24",
        MINIMUM_SEVERITY: "7",
        FINDING_TYPES: "UnauthorizedAccess:EC2/MaliciousIPCaller,Recon:EC2/PortProbe",
        PROTECTED_CIDRS: "10.128.0.0/12,172.16.0.0/16,203.0.113.0/24",
        ...overrides,
    });

const expiring = (at: Date, id = "f0") =>
    `hub-network block-list; expires ${at.toISOString()}; finding ${id}; UnauthorizedAccess:EC2/MaliciousIPCaller.Custom`;

describe("block-list function", function () {
    let ec2: FakeEc2;
    let logger: ReturnType<typeof memoryLogger>;
    let clock: Date;

    const handler = (cfg: BlockListConfig = config(), attempts = 6) =>
        createBlockListHandler({
            api: ec2PrefixListApi(ec2.client, ec2.prefixListId),
            config: cfg,
            logger,
            now: () => clock,
            sleep: async () => {},
            attempts,
        });
    const modifies = () => ec2.calls.filter((c) => c.action === "ModifyManagedPrefixList");

    beforeEach(async () => {
        ec2 = await startFakeEc2({ maxEntries: 10 });
        logger = memoryLogger();
        clock = NOW;
    });

    afterEach(async () => {
        await ec2.stop();
    });

    describe("a finding", () => {
        it("blocks its remote address until the configured hours from now, saying so in the entry", async () => {
            const outcome = await handler()(findingEvent());
            expect(outcome.outcome).to.equal("blocked");
            expect(outcome.added).to.deep.equal(["198.51.100.7/32"]);
            expect(ec2.entries).to.deep.equal([
                {
                    cidr: "198.51.100.7/32",
                    description:
                        "hub-network block-list; expires 2026-03-02T10:00:00.000Z; finding a6c2b1f0e9d84e7fb1c0d2e3f4a5b6c7; UnauthorizedAccess:EC2/MaliciousIPCaller.Custom",
                },
            ]);
            const line = logger.lines.find((l) => l.msg === "blocked");
            expect(line).to.include({
                level: "info",
                addresses: "198.51.100.7/32",
                expires: "2026-03-02T10:00:00.000Z",
                findingType: "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom",
            });
        });

        it("sends what the EC2 query API expects: AddEntry.N.Cidr and .Description, no version", async () => {
            await handler()(findingEvent());
            const [call] = modifies();
            expect(call.params).to.deep.include({
                Action: "ModifyManagedPrefixList",
                PrefixListId: ec2.prefixListId,
                "AddEntry.1.Cidr": "198.51.100.7/32",
            });
            expect(call.params).to.not.have.property("CurrentVersion");
        });

        it("blocks every probing address of a port probe in one request", async () => {
            const event = findingEvent({
                type: "Recon:EC2/PortProbeUnprotectedPort",
                severity: 7,
                action: portProbeFrom("198.51.100.10", "198.51.100.11", "198.51.100.10", "192.0.2.44"),
            });
            const outcome = await handler()(event);
            expect(outcome.added).to.deep.equal(["198.51.100.10/32", "198.51.100.11/32", "192.0.2.44/32"]);
            expect(modifies()).to.have.length(1);
            expect(ec2.entries.map((e) => e.cidr)).to.deep.equal(outcome.added);
        });

        it("changes nothing when the same finding arrives again (idempotent)", async () => {
            const run = handler();
            await run(findingEvent());
            const version = ec2.version;
            clock = new Date(NOW.getTime() + HOUR);
            const again = await run(findingEvent());
            expect(again.outcome).to.equal("unchanged");
            expect(again.already).to.deep.equal([
                { cidr: "198.51.100.7/32", expires: "2026-03-02T10:00:00.000Z" },
            ]);
            expect(modifies()).to.have.length(1);
            expect(ec2.version).to.equal(version);
            expect(ec2.entries).to.have.length(1);
        });

        it("blocks anew an address whose block expired but was not swept yet", async () => {
            ec2.entries = [
                { cidr: "198.51.100.7/32", description: expiring(new Date(NOW.getTime() - HOUR)) },
            ];
            const outcome = await handler()(findingEvent());
            expect(outcome.added).to.deep.equal(["198.51.100.7/32"]);
            expect(ec2.entries).to.have.length(1);
            expect(ec2.entries[0].description).to.contain("expires 2026-03-02T10:00:00.000Z");
        });

        it("finds an address already blocked on the second page of the list", async () => {
            ec2.maxEntries = 200;
            ec2.entries = Array.from({ length: 150 }, (_, i) => ({
                cidr: `192.0.2.${i}/32`,
                description: expiring(new Date(NOW.getTime() + HOUR)),
            }));
            ec2.entries.push({ cidr: "198.51.100.7/32", description: "blocked by hand" });
            const outcome = await handler(config({ MAX_ENTRIES: "200" }))(findingEvent());
            expect(outcome.outcome).to.equal("unchanged");
            expect(outcome.already).to.deep.equal([{ cidr: "198.51.100.7/32", expires: undefined }]);
            const reads = ec2.calls.filter((c) => c.action === "GetManagedPrefixListEntries");
            expect(reads.map((c) => c.params.NextToken)).to.deep.equal([undefined, "100"]);
            expect(modifies()).to.have.length(0);
        });
    });

    describe("bounds", () => {
        it("never asks for more entries than the list holds: the rest are refused and logged", async () => {
            ec2.maxEntries = 3;
            ec2.entries = [
                { cidr: "192.0.2.1/32", description: expiring(new Date(NOW.getTime() + HOUR)) },
                { cidr: "192.0.2.2/32", description: "blocked by hand" },
            ];
            const event = findingEvent({
                action: portProbeFrom("198.51.100.10", "198.51.100.11"),
                type: "Recon:EC2/PortProbeUnprotectedPort",
            });
            const outcome = await handler(config({ MAX_ENTRIES: "3" }))(event);
            expect(outcome.added).to.deep.equal(["198.51.100.10/32"]);
            expect(outcome.skipped).to.deep.equal([
                { address: "198.51.100.11", reason: "the block list is full (3 entries)" },
            ]);
            expect(ec2.entries).to.have.length(3);
            expect(ec2.calls.filter((c) => c.error)).to.deep.equal([]);
            expect(logger.lines.find((l) => l.level === "error")).to.include({
                msg: "block list full: address not blocked",
                address: "198.51.100.11",
                maxEntries: 3,
            });
        });

        it("makes room from expired entries, never from live ones", async () => {
            ec2.maxEntries = 2;
            ec2.entries = [
                { cidr: "192.0.2.1/32", description: expiring(new Date(NOW.getTime() - HOUR)) },
                { cidr: "192.0.2.2/32", description: expiring(new Date(NOW.getTime() + HOUR)) },
            ];
            const outcome = await handler(config({ MAX_ENTRIES: "2" }))(findingEvent());
            expect(outcome.added).to.deep.equal(["198.51.100.7/32"]);
            expect(ec2.entries.map((e) => e.cidr)).to.deep.equal(["192.0.2.2/32", "198.51.100.7/32"]);
            expect(modifies()[0].params).to.include({ "RemoveEntry.1.Cidr": "192.0.2.1/32" });
        });

        it("adds a finding with more than 100 addresses in requests of at most 100 entries", async () => {
            ec2.maxEntries = 300;
            const remotes = Array.from({ length: 130 }, (_, i) => `198.51.100.${i}`);
            const event = findingEvent({
                action: portProbeFrom(...remotes),
                type: "Recon:EC2/PortProbeUnprotectedPort",
            });
            const outcome = await handler(config({ MAX_ENTRIES: "300" }))(event);
            expect(outcome.added).to.have.length(130);
            expect(
                modifies().map((c) => Object.keys(c.params).filter((k) => k.endsWith(".Cidr")).length),
            ).to.deep.equal([100, 30]);
        });
    });

    describe("the sweep", () => {
        it("lifts expired blocks and keeps live ones and entries added by hand", async () => {
            ec2.entries = [
                { cidr: "192.0.2.1/32", description: expiring(new Date(NOW.getTime() - 1)) },
                { cidr: "192.0.2.2/32", description: expiring(new Date(NOW.getTime() + HOUR)) },
                { cidr: "192.0.2.3/32", description: "incident 4711: blocked by hand" },
                { cidr: "192.0.2.4/32" },
                { cidr: "192.0.2.5/32", description: expiring(NOW) },
            ];
            const outcome: Outcome = await handler()(scheduledEvent());
            expect(outcome).to.deep.include({ outcome: "swept", removed: ["192.0.2.1/32", "192.0.2.5/32"] });
            expect(ec2.entries.map((e) => e.cidr)).to.deep.equal([
                "192.0.2.2/32",
                "192.0.2.3/32",
                "192.0.2.4/32",
            ]);
            expect(logger.lines.find((l) => l.msg === "expired blocks lifted")).to.include({ count: 2 });
        });

        it("blocks an address for exactly the configured time: kept one second before, lifted at expiry", async () => {
            const run = handler(config({ BLOCK_HOURS: "2" }));
            await run(findingEvent());
            clock = new Date(NOW.getTime() + 2 * HOUR - 1000);
            expect((await run(scheduledEvent())).removed).to.deep.equal([]);
            clock = new Date(NOW.getTime() + 2 * HOUR);
            expect((await run(scheduledEvent())).removed).to.deep.equal(["198.51.100.7/32"]);
            expect(ec2.entries).to.deep.equal([]);
        });

        it("makes no request when nothing expired", async () => {
            ec2.entries = [{ cidr: "192.0.2.2/32", description: expiring(new Date(NOW.getTime() + HOUR)) }];
            await handler()(scheduledEvent());
            expect(modifies()).to.have.length(0);
        });
    });

    describe("a busy or changing list", () => {
        it("reads the list again and retries while EC2 says it is modifying", async () => {
            ec2.failNextModify(2, "IncorrectState");
            const outcome = await handler()(findingEvent());
            expect(outcome.added).to.deep.equal(["198.51.100.7/32"]);
            expect(modifies().map((c) => c.error)).to.deep.equal([
                "IncorrectState",
                "IncorrectState",
                undefined,
            ]);
            expect(
                logger.lines.filter((l) => l.msg === "prefix list busy or changed; reading it again"),
            ).to.have.length(2);
        });

        it("fails the invocation, changing nothing, when the list stays busy", async () => {
            ec2.failNextModify(10, "IncorrectState");
            let failure: unknown;
            await handler(config(), 3)(findingEvent()).catch((e: unknown) => (failure = e));
            expect((failure as Error).name).to.equal("IncorrectState");
            expect(modifies()).to.have.length(3);
            expect(ec2.entries).to.deep.equal([]);
        });

        it("converges when another invocation added the same address in between", async () => {
            const run = handler();
            const [a, b] = await Promise.all([
                run(findingEvent()),
                run(findingEvent({ id: "b".repeat(32) })),
            ]);
            expect([a.outcome, b.outcome].sort()).to.deep.equal(["blocked", "unchanged"]);
            expect(ec2.entries.map((e) => e.cidr)).to.deep.equal(["198.51.100.7/32"]);
        });
    });

    describe("refusals change nothing and say why", () => {
        const cases: [string, unknown, string][] = [
            [
                "a non-object",
                "hello",
                "not a GuardDuty finding or a scheduled sweep (source missing, detail-type missing)",
            ],
            [
                "another service's event",
                { source: "aws.ec2", "detail-type": "EC2 Instance State-change Notification", detail: {} },
                "not a GuardDuty finding or a scheduled sweep (source 'aws.ec2', detail-type 'EC2 Instance State-change Notification')",
            ],
            [
                "a finding with a text severity",
                { ...findingEvent(), detail: { ...(findingEvent().detail as object), severity: "HIGH" } },
                "malformed GuardDuty finding: detail.severity Invalid input: expected number, received string",
            ],
            ["an archived finding", findingEvent({ archived: true }), "the finding is archived"],
            [
                "a finding below the minimum severity",
                findingEvent({ severity: 5 }),
                "severity 5 is below the minimum 7",
            ],
            [
                "a finding type the response does not act on",
                findingEvent({ type: "CryptoCurrency:EC2/BitcoinTool.B!DNS" }),
                "finding type CryptoCurrency:EC2/BitcoinTool.B!DNS is not one the response acts on",
            ],
            [
                "a finding without a remote address",
                findingEvent({
                    action: { actionType: "DNS_REQUEST", dnsRequestAction: { domain: "example.com" } },
                }),
                "the finding names no remote IPv4 address",
            ],
            [
                "a finding naming only the environment's own and private addresses",
                findingEvent({
                    action: portProbeFrom("10.130.4.5", "172.16.9.9", "169.254.169.254", "203.0.113.8"),
                }),
                "no address may be blocked: 10.130.4.5 is not globally routable (10.0.0.0/8); 172.16.9.9 is not globally routable (172.16.0.0/12); 169.254.169.254 is not globally routable (169.254.0.0/16); 203.0.113.8 is in the protected range 203.0.113.0/24",
            ],
        ];
        for (const [what, event, reason] of cases) {
            it(`refuses ${what}`, async () => {
                ec2.entries = [{ cidr: "192.0.2.9/32", description: "blocked by hand" }];
                const outcome = await handler()(event);
                expect(outcome.outcome).to.equal("rejected");
                expect(outcome.reason).to.equal(reason);
                expect(modifies()).to.have.length(0);
                expect(ec2.entries).to.deep.equal([{ cidr: "192.0.2.9/32", description: "blocked by hand" }]);
                expect(
                    logger.lines.find((l) => l.msg === "event rejected; the block list is unchanged"),
                ).to.include({
                    level: "warn",
                    reason,
                });
            });
        }

        it("blocks the addresses it may and reports the ones it may not", async () => {
            const event = findingEvent({
                type: "Recon:EC2/PortProbeUnprotectedPort",
                action: portProbeFrom("10.130.4.5", "198.51.100.20"),
            });
            const outcome = await handler()(event);
            expect(outcome.added).to.deep.equal(["198.51.100.20/32"]);
            expect(outcome.skipped).to.deep.equal([
                { address: "10.130.4.5", reason: "is not globally routable (10.0.0.0/8)" },
            ]);
        });
    });

    describe("configuration", () => {
        it("names every missing or malformed variable at once", () => {
            expect(() =>
                configFromEnvironment({
                    PREFIX_LIST_ID: "sg-123",
                    MAX_ENTRIES: "1001",
                    BLOCK_HOURS: "1.5",
                    MINIMUM_SEVERITY: "7",
                    PROTECTED_CIDRS: "10.0.0.0/8,10.0.0.1/8",
                }),
            ).to.throw(
                "block-list configuration: PREFIX_LIST_ID 'sg-123' is not a prefix list ID (pl-...); FINDING_TYPES is not set; PROTECTED_CIDRS holds '10.0.0.1/8', which is not an IPv4 CIDR; MAX_ENTRIES '1001' is not a whole number from 1 to 1000; BLOCK_HOURS '1.5' is not a whole number from 1 to 8760",
            );
        });
    });

    it("entry descriptions stay within EC2's 255 characters and allowed characters", async () => {
        const outcome = await handler(config({ FINDING_TYPES: "UnauthorizedAccess" }))(
            findingEvent({ id: "x".repeat(300), type: "UnauthorizedAccess:EC2/TorClient<script>" }),
        );
        expect(outcome.outcome).to.equal("blocked");
        const [entry] = ec2.entries;
        expect(entry.description).to.have.length(255);
        expect(entry.description).to.match(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/);
    });
});
