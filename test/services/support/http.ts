/** Plain HTTP requests to a service under test, with full control over method, headers and raw body. */
import * as http from "node:http";
import type { Logger, LogFields } from "../../../services/lib/log";

/** A response as the test sees it. */
export interface TestResponse {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly text: string;
    /** The body parsed as JSON (undefined when empty). */
    readonly json: unknown;
}

/** Options of {@link call}. */
export interface CallOptions {
    readonly headers?: Record<string, string>;
    /** Raw body; objects are sent as JSON with `content-type: application/json`. */
    readonly body?: string | Buffer | object;
    /** An agent to reuse connections; a fresh connection per request by default. */
    readonly agent?: http.Agent;
}

/** Sends one request to `127.0.0.1:port`. */
export function call(
    port: number,
    method: string,
    path: string,
    options: CallOptions = {},
): Promise<TestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | Buffer | undefined;
    if (options.body !== undefined && typeof options.body === "object" && !Buffer.isBuffer(options.body)) {
        body = JSON.stringify(options.body);
        headers["content-type"] ??= "application/json";
    } else {
        body = options.body;
        if (body !== undefined) headers["content-type"] ??= "application/json";
    }
    return new Promise((resolve, reject) => {
        const req = http.request(
            { host: "127.0.0.1", port, method, path, headers, agent: options.agent ?? false },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    resolve({
                        status: res.statusCode ?? 0,
                        headers: res.headers,
                        text,
                        json: text === "" ? undefined : (JSON.parse(text) as unknown),
                    });
                });
                res.on("error", reject);
            },
        );
        req.on("error", reject);
        req.end(body);
    });
}

/** A logger that keeps its lines for assertions. */
export function memoryLogger(): Logger & { lines: Array<{ level: string; msg: string } & LogFields> } {
    const lines: Array<{ level: string; msg: string } & LogFields> = [];
    const at =
        (level: string) =>
        (msg: string, fields: LogFields = {}): void => {
            lines.push({ level, msg, ...fields });
        };
    return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}
