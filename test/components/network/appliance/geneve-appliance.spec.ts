import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as dgram from "node:dgram";
import * as net from "node:net";
import * as path from "node:path";
import {
    APPLIANCE_DIR,
    applianceUserData,
    MAX_USER_DATA_BYTES,
} from "../../../../components/network/appliance/user-data";

const RESPONDER = path.join(APPLIANCE_DIR, "geneve-responder.py");
const PYTHON = "python3";
const hasPython = spawnSync(PYTHON, ["--version"]).status === 0;

/** A GWLB GENEVE payload: the three AWS options (class 0x0108) and an inner IPv4 TCP packet. */
function gwlbPacket(options: { omitCookie?: boolean; version?: number } = {}): Buffer {
    const option = (type: number, data: Buffer) => {
        const head = Buffer.alloc(4);
        head.writeUInt16BE(0x0108, 0);
        head.writeUInt8(type, 2);
        head.writeUInt8(data.length / 4, 3);
        return Buffer.concat([head, data]);
    };
    const endpoint = Buffer.from("0123456789abcdef", "hex");
    const attachment = Buffer.alloc(8);
    attachment.writeBigUInt64BE(42n);
    const cookie = Buffer.alloc(4);
    cookie.writeUInt32BE(7);
    const opts = Buffer.concat([
        option(1, endpoint),
        option(2, attachment),
        ...(options.omitCookie ? [] : [option(3, cookie)]),
    ]);
    const header = Buffer.alloc(8);
    header.writeUInt8(((options.version ?? 0) << 6) | (opts.length / 4), 0);
    header.writeUInt16BE(0x0800, 2);
    const inner = Buffer.alloc(40);
    inner.writeUInt8(0x45, 0);
    inner.writeUInt16BE(40, 2);
    inner.writeUInt8(64, 8);
    inner.writeUInt8(6, 9);
    Buffer.from([10, 1, 0, 5]).copy(inner, 12);
    Buffer.from([10, 2, 0, 9]).copy(inner, 16);
    inner.writeUInt16BE(40000, 20);
    inner.writeUInt16BE(443, 22);
    return Buffer.concat([header, opts, inner]);
}

/** Runs a Python snippet with the responder module as `r` and `payload` as `data`; returns its JSON output. */
function python(snippet: string, payload: Buffer = Buffer.alloc(0)): unknown {
    const program = [
        "import importlib.util, json, sys",
        `spec = importlib.util.spec_from_file_location("r", ${JSON.stringify(RESPONDER)})`,
        "r = importlib.util.module_from_spec(spec); spec.loader.exec_module(r)",
        "data = bytes.fromhex(sys.stdin.read().strip())",
        snippet,
    ].join("\n");
    const result = spawnSync(PYTHON, ["-c", program], { input: payload.toString("hex"), encoding: "utf8" });
    expect(result.stderr, result.stderr).to.equal("");
    return JSON.parse(result.stdout) as unknown;
}

describe("appliance user data", () => {
    it("fills in the health port, path, GWLB sources and flow logging, and inlines the responder", () => {
        const script = applianceUserData({
            healthCheckPort: 9000,
            healthCheckPath: "/healthz",
            allowedSources: ["10.64.2.96/28", "10.64.2.112/28"],
            logFlows: true,
        });
        expect(script).to.include('readonly HEALTH_CHECK_PORT="9000"');
        expect(script).to.include('readonly HEALTH_CHECK_PATH="/healthz"');
        expect(script).to.include('readonly ALLOWED_SOURCES="10.64.2.96/28 10.64.2.112/28"');
        expect(script).to.include('readonly LOG_FLOWS="true"');
        expect(script).to.include("<<'GENEVE_RESPONDER'\n#!/usr/bin/env python3\n");
        expect(script).not.to.match(/@@[A-Z_]+@@/);
        expect(Buffer.byteLength(script)).to.be.below(MAX_USER_DATA_BYTES);
    });

    it("is valid bash", function () {
        if (spawnSync("bash", ["--version"]).status !== 0) this.skip();
        const script = applianceUserData({ healthCheckPort: 8080, allowedSources: ["10.64.2.96/28"] });
        const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
        expect(check.stderr).to.equal("");
        expect(check.status).to.equal(0);
    });

    it("rejects a port the health listener cannot use, a path a shell would expand, and sources that are not CIDRs", () => {
        const sources = ["10.64.2.96/28"];
        expect(() => applianceUserData({ healthCheckPort: 6081, allowedSources: sources })).to.throw(
            "applianceUserData: healthCheckPort 6081 is not a port for the health listener; expected 1-65535 other than 6081 (GENEVE)",
        );
        expect(() => applianceUserData({ healthCheckPort: 0, allowedSources: sources })).to.throw(
            "healthCheckPort 0 is not a port",
        );
        expect(() =>
            applianceUserData({
                healthCheckPort: 80,
                healthCheckPath: "/$(reboot)",
                allowedSources: sources,
            }),
        ).to.throw(
            "applianceUserData: healthCheckPath '/$(reboot)' is not a plain path; expected '/' followed by letters, digits and . _ ~ / -",
        );
        expect(() => applianceUserData({ healthCheckPort: 80, allowedSources: [] })).to.throw(
            "applianceUserData: allowedSources is empty; expected the CIDRs of the gwlb subnets",
        );
        expect(() => applianceUserData({ healthCheckPort: 80, allowedSources: ["10.64.2.97/28"] })).to.throw(
            "has host bits set",
        );
    });
});

describe("geneve-responder", () => {
    before(function () {
        if (!hasPython) this.skip();
    });

    it("parses a GWLB packet: the three AWS options and the inner flow", () => {
        expect(
            python(
                [
                    "p = r.parse_geneve(data)",
                    "print(json.dumps([p.protocol, '%x' % p.endpoint_id, p.attachment_id, p.flow_cookie, list(r.inner_flow(p))]))",
                ].join("\n"),
                gwlbPacket(),
            ),
        ).to.deep.equal([0x0800, "123456789abcdef", 42, 7, [6, "10.1.0.5", 40000, "10.2.0.9", 443]]);
    });

    it("refuses anything but a well-formed GWLB packet", () => {
        const verdict = (payload: Buffer) =>
            python("print(json.dumps(r.parse_geneve(data) is None))", payload);
        expect(verdict(gwlbPacket({ omitCookie: true })), "missing flow cookie").to.equal(true);
        expect(verdict(gwlbPacket({ version: 1 })), "GENEVE version 1").to.equal(true);
        expect(verdict(gwlbPacket().subarray(0, 20)), "options cut short").to.equal(true);
        const ethertype = gwlbPacket();
        ethertype.writeUInt16BE(0x0806, 2);
        expect(verdict(ethertype), "ARP inside").to.equal(true);
        expect(verdict(gwlbPacket()), "the well-formed packet").to.equal(false);
    });

    it("returns the payload unchanged from the appliance, keeping the GWLB's source port, to 6081", () => {
        const reply = python(
            [
                "d = r.reply_datagram('10.64.2.10', '10.64.2.100', 49152, b'payload')",
                "print(json.dumps(d.hex()))",
            ].join("\n"),
        ) as string;
        const packet = Buffer.from(reply, "hex");
        expect(packet.readUInt8(0)).to.equal(0x45);
        expect(packet.readUInt16BE(2)).to.equal(20 + 8 + 7);
        expect(packet.readUInt8(9)).to.equal(17);
        expect([...packet.subarray(12, 16)].join(".")).to.equal("10.64.2.10");
        expect([...packet.subarray(16, 20)].join(".")).to.equal("10.64.2.100");
        expect(packet.readUInt16BE(20)).to.equal(49152);
        expect(packet.readUInt16BE(22)).to.equal(6081);
        expect(packet.readUInt16BE(24)).to.equal(8 + 7);
        expect(packet.subarray(28).toString()).to.equal("payload");
    });

    describe("on the loopback interface (needs a raw socket: root)", () => {
        let responder: ChildProcess | undefined;
        let stdout = "";
        let gwlbNode: dgram.Socket;
        let geneveUdpPort: number;
        let healthPort: number;

        before(async function () {
            if (process.getuid?.() !== 0) this.skip();
            // The "GWLB node" listens on 127.0.0.2 at the GENEVE port the responder returns to.
            gwlbNode = dgram.createSocket("udp4");
            await new Promise<void>((resolve) => gwlbNode.bind(0, "127.0.0.2", resolve));
            geneveUdpPort = gwlbNode.address().port;
            healthPort = await freeTcpPort();
            responder = spawn(PYTHON, [
                RESPONDER,
                "--listen",
                "127.0.0.1",
                "--port",
                String(geneveUdpPort),
                "--allowed-source",
                "127.0.0.2/32",
                "--health-port",
                String(healthPort),
                "--health-path",
                "/healthz",
                "--log-flows",
            ]);
            responder.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
            await waitFor(async () => (await health("/healthz")).status === 200);
        });

        after(() => {
            responder?.kill("SIGTERM");
            gwlbNode?.close();
        });

        const health = async (path: string) => {
            try {
                const response = await fetch(`http://127.0.0.1:${healthPort}${path}`);
                return {
                    status: response.status,
                    body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
                };
            } catch {
                return { status: 0, body: {} };
            }
        };

        it("answers the health check on its path only", async () => {
            expect((await health("/healthz")).status).to.equal(200);
            expect((await health("/")).status).to.equal(404);
        });

        it("returns a GWLB packet to its sender from the same source port, drops others, and logs the flow", async () => {
            const sender = dgram.createSocket("udp4");
            const stranger = dgram.createSocket("udp4");
            await new Promise<void>((resolve) => sender.bind(0, "127.0.0.2", resolve));
            await new Promise<void>((resolve) => stranger.bind(0, "127.0.0.3", resolve));
            try {
                const received = new Promise<{ msg: Buffer; from: dgram.RemoteInfo }>((resolve) =>
                    gwlbNode.once("message", (msg, from) => resolve({ msg, from })),
                );
                const packet = gwlbPacket();
                sender.send(gwlbPacket({ omitCookie: true }), geneveUdpPort, "127.0.0.1");
                stranger.send(packet, geneveUdpPort, "127.0.0.1");
                sender.send(packet, geneveUdpPort, "127.0.0.1");
                const { msg, from } = await received;
                expect(msg.equals(packet)).to.equal(true);
                expect(from).to.deep.include({ address: "127.0.0.1", port: sender.address().port });
                await waitFor(async () => (await health("/healthz")).body.returned === 1);
                expect((await health("/healthz")).body).to.deep.equal({
                    healthy: true,
                    returned: 1,
                    dropped: 2,
                });
                await waitFor(() => Promise.resolve(stdout.includes('"event": "flow"')));
                expect(JSON.parse(stdout.trim().split("\n")[0])).to.deep.equal({
                    event: "flow",
                    gwlbEndpointId: "vpce-00123456789abcdef",
                    attachmentId: 42,
                    protocol: 6,
                    source: "10.1.0.5",
                    sourcePort: 40000,
                    destination: "10.2.0.9",
                    destinationPort: 443,
                });
            } finally {
                sender.close();
                stranger.close();
            }
        });
    });
});

function freeTcpPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
        if (await condition()) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`condition not met within ${timeoutMs} ms`);
}
