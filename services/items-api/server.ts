/**
 * Starting and stopping an items service: an HTTP server with timeouts suited to an ALB, and a
 * graceful shutdown that stops accepting connections, lets in-flight requests finish (up to a drain
 * timeout) and closes keep-alive connections.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { ItemsApi } from "./app";

/** Options of {@link startServer}. */
export interface ServerOptions {
    /** TCP port; 0 picks a free one. */
    readonly port: number;
    /** Address to bind. @default all interfaces */
    readonly host?: string;
    /** Longest wait for in-flight requests on shutdown before connections are cut, in ms. @default 10000 */
    readonly drainTimeoutMs?: number;
}

/** A listening server. */
export interface RunningServer {
    readonly server: http.Server;
    /** The port actually bound. */
    readonly port: number;
    /** Stops accepting, drains in-flight requests, then resolves; safe to call more than once. */
    shutdown(): Promise<void>;
}

/** Seconds an ALB keeps an idle connection by default; the server must keep its side open longer. */
const ALB_IDLE_TIMEOUT_MS = 60_000;

/** Starts `api` on `options.port` and resolves once it listens. */
export function startServer(api: ItemsApi, options: ServerOptions): Promise<RunningServer> {
    const server = http.createServer(api.handle);
    server.keepAliveTimeout = ALB_IDLE_TIMEOUT_MS + 5_000;
    server.headersTimeout = ALB_IDLE_TIMEOUT_MS + 6_000;
    server.requestTimeout = 30_000;
    const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    let stopping: Promise<void> | undefined;

    const shutdown = (): Promise<void> => {
        stopping ??= new Promise<void>((resolve, reject) => {
            api.draining = true;
            const timer = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
            timer.unref();
            server.close((err) => {
                clearTimeout(timer);
                if (err) reject(err);
                else resolve();
            });
            server.closeIdleConnections();
        });
        return stopping;
    };

    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => {
            server.off("error", reject);
            resolve({ server, port: (server.address() as AddressInfo).port, shutdown });
        });
    });
}
