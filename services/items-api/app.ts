/**
 * The container services' HTTP layer on Node's `http` module: routes `GET /<name>`,
 * `GET|PUT|DELETE /<name>/{id}` and `GET /health` onto an {@link ItemsResource}, reads bodies with a
 * size limit, answers errors in the shared error format and logs one JSON line per request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
    badRequest,
    describeInternal,
    errorResponse,
    HttpError,
    methodNotAllowed,
    notFound,
    payloadTooLarge,
    unsupportedMediaType,
} from "../lib/errors";
import type { ItemsResource, ItemsResponse } from "../lib/items";
import { requestIdFrom, type Logger } from "../lib/log";
import { decodePathSegment, isJsonContentType, MAX_BODY_BYTES, parseNoQuery } from "../lib/validation";

/** The load balancer's health check path: answered without touching DynamoDB. */
export const HEALTH_PATH = "/health";

/** Options of {@link ItemsApi}. */
export interface ItemsApiOptions {
    /** The collection served under `/<resource.name>`. */
    readonly resource: ItemsResource;
    /** Where request and error lines go. */
    readonly logger: Logger;
    /** Largest request body in bytes. @default 16384 */
    readonly maxBodyBytes?: number;
}

const SECURITY_HEADERS = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
};

/** Parses a query string; a parameter given twice is a 400. */
function parseQueryString(search: string): Record<string, string> {
    const params = new URLSearchParams(search);
    const query: Record<string, string> = {};
    for (const [key, value] of params) {
        if (Object.prototype.hasOwnProperty.call(query, key)) {
            throw badRequest("query: a parameter appears more than once");
        }
        query[key] = value;
    }
    return query;
}

/** The HTTP request handler of one items service. */
export class ItemsApi {
    /** Set when the server stops: health turns 503 and every response closes its connection. */
    draining = false;
    private readonly maxBodyBytes: number;

    constructor(private readonly options: ItemsApiOptions) {
        this.maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    }

    /** Handles one request (pass to `http.createServer`). */
    readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
        const started = process.hrtime.bigint();
        // The caller's ID, else the ALB's trace ID (which its access logs carry too).
        const requestId = requestIdFrom(
            (req.headers["x-request-id"] ?? req.headers["x-amzn-trace-id"]) as string | undefined,
        );
        const rawUrl = req.url ?? "/";
        const queryAt = rawUrl.indexOf("?");
        const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
        const search = queryAt === -1 ? "" : rawUrl.slice(queryAt + 1);
        const state = { route: "unmatched" };

        res.once("close", () => {
            this.options.logger.info("request", {
                method: req.method,
                path: path.slice(0, 256),
                route: state.route,
                status: res.statusCode,
                latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
                requestId,
                aborted: res.writableFinished ? undefined : true,
            });
        });

        this.dispatch(req, path, search, state).then(
            (response) => this.send(res, response, requestId),
            (err: unknown) => {
                if (!(err instanceof HttpError)) {
                    this.options.logger.error("request failed", { requestId, ...describeInternal(err) });
                }
                const { status, body, headers } = errorResponse(err, requestId);
                this.send(res, { status, body, headers }, requestId);
            },
        );
    };

    private async dispatch(
        req: IncomingMessage,
        path: string,
        search: string,
        state: { route: string },
    ): Promise<ItemsResponse> {
        const method = req.method ?? "GET";
        if (path === HEALTH_PATH) {
            state.route = HEALTH_PATH;
            if (method !== "GET") throw methodNotAllowed(["GET"]);
            return this.draining
                ? { status: 503, body: { status: "draining" } }
                : { status: 200, body: { status: "ok" } };
        }
        const resource = this.options.resource;
        const segments = path.split("/");
        if (segments[0] !== "" || segments[1] !== resource.name || segments.length > 3) {
            throw notFound("no such route");
        }
        const query = parseQueryString(search);
        if (segments.length === 2) {
            state.route = `/${resource.name}`;
            if (method !== "GET") throw methodNotAllowed(["GET"]);
            return resource.list(query);
        }
        state.route = `/${resource.name}/{id}`;
        const id = decodePathSegment(segments[2] ?? "");
        switch (method) {
            case "GET":
                parseNoQuery(query);
                return resource.get(id);
            case "PUT": {
                parseNoQuery(query);
                const body = await this.readBody(req);
                return resource.upsert(id, body);
            }
            case "DELETE":
                parseNoQuery(query);
                return resource.remove(id);
            default:
                throw methodNotAllowed(["GET", "PUT", "DELETE"]);
        }
    }

    /** Reads a JSON body of at most `maxBodyBytes`; the wrong type is a 415, a larger one a 413. */
    private readBody(req: IncomingMessage): Promise<string> {
        const max = this.maxBodyBytes;
        if (!isJsonContentType(req.headers["content-type"])) return Promise.reject(unsupportedMediaType());
        const declared = Number(req.headers["content-length"] ?? "0");
        if (declared > max) return Promise.reject(payloadTooLarge(max));
        return new Promise((resolve, reject) => {
            const chunks: Buffer[] = [];
            let size = 0;
            const onData = (chunk: Buffer): void => {
                size += chunk.length;
                if (size > max) {
                    req.off("data", onData);
                    req.resume();
                    reject(payloadTooLarge(max));
                    return;
                }
                chunks.push(chunk);
            };
            req.on("data", onData);
            req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
            req.once("error", reject);
        });
    }

    private send(res: ServerResponse, response: ItemsResponse, requestId: string): void {
        if (res.headersSent || res.destroyed) return;
        const payload = response.body === undefined ? "" : JSON.stringify(response.body);
        const headers: Record<string, string | number> = {
            ...response.headers,
            ...SECURITY_HEADERS,
            "x-request-id": requestId,
            "content-length": Buffer.byteLength(payload),
        };
        if (payload !== "") headers["content-type"] = "application/json; charset=utf-8";
        // Unread request bytes (a refused body) or a stopping server: do not reuse the connection.
        if (this.draining || !res.req.complete) headers.connection = "close";
        res.writeHead(response.status, headers);
        res.end(payload);
    }
}
