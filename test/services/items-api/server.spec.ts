import { expect } from "chai";
import { EventEmitter, once } from "node:events";
import * as http from "node:http";
import * as net from "node:net";
import {
    runItemsService,
    serviceConfigFromEnv,
    type ProcessHooks,
} from "../../../services/items-api/service";
import type { RunningServer } from "../../../services/items-api/server";
import { DynamoItemStore } from "../../../services/lib/store";
import { petSchema } from "../../../services/petstore/schema";
import { startLocalDynamo, type LocalDynamo } from "../support/dynamo";
import { call, memoryLogger } from "../support/http";

const definition = { service: "petstore", resource: "pets", schema: petSchema };

/** Process hooks whose signals the test raises and whose exit code it awaits. */
function fakeProcess(dynamo: LocalDynamo, env: NodeJS.ProcessEnv) {
    const signals = new EventEmitter();
    const logger = memoryLogger();
    let exited: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    const hooks: ProcessHooks = {
        env,
        signals,
        logger,
        exit: (code) => exited(code),
        store: (table) => new DynamoItemStore(dynamo.client, table),
    };
    return { hooks, signals, logger, exitCode };
}

/** Sends the head and part of a PUT body, leaving the request in flight. */
function startSlowPut(
    port: number,
    path: string,
    body: string,
): { finish(): void; response: Promise<http.IncomingMessage & { text: string }> } {
    const req = http.request({
        host: "127.0.0.1",
        port,
        method: "PUT",
        path,
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    const response = new Promise<http.IncomingMessage & { text: string }>((resolve, reject) => {
        req.on("response", (res) => {
            let text = "";
            res.on("data", (c: Buffer) => (text += c.toString("utf8")));
            res.on("end", () => resolve(Object.assign(res, { text })));
        });
        req.on("error", reject);
    });
    return { finish: () => req.end(body.slice(half)), response };
}

function connects(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

describe("container service process", function () {
    let dynamo: LocalDynamo;
    const started: RunningServer[] = [];

    before(async () => {
        dynamo = await startLocalDynamo();
        await dynamo.createTable("petstore-drain");
    });

    after(async () => {
        await Promise.all(started.map((s) => s.shutdown()));
        await dynamo?.stop();
    });

    describe("on SIGTERM", () => {
        it("stops accepting, finishes the in-flight request, closes its connection and exits 0", async () => {
            const proc = fakeProcess(dynamo, { TABLE_NAME: "petstore-drain", PORT: "0" });
            const running = await runItemsService(definition, proc.hooks);
            expect(running).to.not.equal(undefined);
            started.push(running!);
            const port = running!.port;
            expect(proc.logger.lines[0]).to.include({ msg: "listening", port });

            const arrived = once(running!.server, "request");
            const slow = startSlowPut(
                port,
                "/pets/inflight",
                JSON.stringify({ name: "Slow", species: "cat" }),
            );
            await arrived;
            proc.signals.emit("SIGTERM");
            await new Promise((r) => setTimeout(r, 20));

            expect(await connects(port), "new connections are refused").to.equal(false);
            slow.finish();
            const res = await slow.response;
            expect(res.statusCode).to.equal(201);
            expect(res.headers.connection).to.equal("close");
            expect(JSON.parse(res.text)).to.include({ id: "inflight", name: "Slow" });

            expect(await proc.exitCode).to.equal(0);
            expect(proc.logger.lines.map((l) => l.msg)).to.deep.equal([
                "listening",
                "shutting down",
                "request",
                "stopped",
            ]);
            expect(proc.logger.lines.find((l) => l.msg === "shutting down")).to.include({
                signal: "SIGTERM",
            });
        });

        it("closes idle keep-alive connections at once", async () => {
            const proc = fakeProcess(dynamo, { TABLE_NAME: "petstore-drain", PORT: "0" });
            const running = (await runItemsService(definition, proc.hooks))!;
            started.push(running);
            const agent = new http.Agent({ keepAlive: true });
            const first = await call(running.port, "GET", "/health", { agent });
            expect(first.status).to.equal(200);
            expect(first.headers.connection).to.equal("keep-alive");
            const t0 = Date.now();
            proc.signals.emit("SIGTERM");
            expect(await proc.exitCode).to.equal(0);
            expect(Date.now() - t0).to.be.below(1000);
            agent.destroy();
        });

        it("cuts requests that outlast the drain timeout", async () => {
            const proc = fakeProcess(dynamo, {
                TABLE_NAME: "petstore-drain",
                PORT: "0",
                DRAIN_TIMEOUT_MS: "200",
            });
            const running = (await runItemsService(definition, proc.hooks))!;
            started.push(running);
            const arrived = once(running.server, "request");
            const stuck = startSlowPut(
                running.port,
                "/pets/stuck",
                JSON.stringify({ name: "Stuck", species: "dog" }),
            );
            stuck.response.catch(() => undefined);
            await arrived;
            const t0 = Date.now();
            proc.signals.emit("SIGTERM");
            expect(await proc.exitCode).to.equal(0);
            expect(Date.now() - t0).to.be.within(150, 2000);
            let failure: unknown;
            await stuck.response.catch((err: unknown) => (failure = err));
            expect(failure).to.be.instanceOf(Error);
        });
    });

    describe("configuration", () => {
        it("reads TABLE_NAME, and PORT and DRAIN_TIMEOUT_MS with their defaults", () => {
            expect(serviceConfigFromEnv({ TABLE_NAME: "pets" })).to.deep.equal({
                tableName: "pets",
                port: 8080,
                drainTimeoutMs: 10_000,
            });
            expect(
                serviceConfigFromEnv({ TABLE_NAME: "pets", PORT: "3000", DRAIN_TIMEOUT_MS: "500" }),
            ).to.deep.equal({
                tableName: "pets",
                port: 3000,
                drainTimeoutMs: 500,
            });
        });

        it("rejects a missing table name and a bad port, naming both", () => {
            expect(() => serviceConfigFromEnv({ PORT: "http" })).to.throw(
                "env.TABLE_NAME: is required; env.PORT: must be a port number",
            );
            expect(() => serviceConfigFromEnv({ TABLE_NAME: "pets", PORT: "70000" })).to.throw(
                "env.PORT: must be at most 65535",
            );
        });

        it("logs a configuration error and exits 1 without listening", async () => {
            const proc = fakeProcess(dynamo, { PORT: "0" });
            const running = await runItemsService(definition, proc.hooks);
            expect(running).to.equal(undefined);
            expect(await proc.exitCode).to.equal(1);
            expect(proc.logger.lines).to.deep.equal([
                { level: "error", msg: "invalid configuration", problem: "env.TABLE_NAME: is required" },
            ]);
        });
    });
});
