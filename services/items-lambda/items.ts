/**
 * Items API Lambda handler (bundled as `index.js` by `lambdaArchive("items")`, handler
 * `ITEMS_HANDLER`). One function serves an API Gateway REST API collection through proxy integrations:
 *
 * - `GET /<collection>` list (`?limit=1..100&nextToken=...`), `POST /<collection>` create (201),
 * - `GET /<collection>/{id}`, `PUT /<collection>/{id}` replace an existing item, `DELETE /<collection>/{id}` (204).
 *
 * It dispatches on the method and on whether the resource ends in `/{id}`, so the collection may have
 * any name. Environment: `TABLE_NAME` (required); the role needs only `LAMBDA_TABLE_ACTIONS` on the table.
 */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import {
    badRequest,
    describeInternal,
    errorResponse,
    HttpError,
    methodNotAllowed,
    notFound,
    unsupportedMediaType,
} from "../lib/errors";
import { ItemsResource, type ItemsResponse } from "../lib/items";
import { jsonLogger, type Logger } from "../lib/log";
import { DynamoItemStore, type ItemStore } from "../lib/store";
import { checkBodySize, isJsonContentType, MAX_BODY_BYTES, parseNoQuery } from "../lib/validation";
import { itemSchema } from "./schema";

/** Options of {@link createItemsHandler}. */
export interface ItemsHandlerOptions {
    readonly store: ItemStore;
    readonly logger: Logger;
    /** Largest request body in bytes. @default 16384 */
    readonly maxBodyBytes?: number;
    /** New item IDs. @default random UUIDs */
    readonly newId?: () => string;
}

/** An API Gateway proxy handler. */
export type ProxyHandler = (
    event: APIGatewayProxyEvent,
    context?: Pick<Context, "awsRequestId">,
) => Promise<APIGatewayProxyResult>;

const RESOURCE = /^\/([A-Za-z0-9_-]+)(\/\{id\})?$/;

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
    for (const [key, value] of Object.entries(event.headers ?? {})) {
        if (key.toLowerCase() === name) return value ?? undefined;
    }
    return undefined;
}

function queryOf(event: APIGatewayProxyEvent): Record<string, string | undefined> {
    for (const values of Object.values(event.multiValueQueryStringParameters ?? {})) {
        if ((values?.length ?? 0) > 1) throw badRequest("query: a parameter appears more than once");
    }
    return { ...event.queryStringParameters };
}

function bodyOf(event: APIGatewayProxyEvent, maxBytes: number): string {
    if (!isJsonContentType(header(event, "content-type"))) throw unsupportedMediaType();
    const raw = event.body ?? "";
    const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
    checkBodySize(bytes.length, maxBytes);
    return bytes.toString("utf8");
}

/** Builds the handler around a store (tests pass one on a local DynamoDB). */
export function createItemsHandler(options: ItemsHandlerOptions): ProxyHandler {
    const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;

    async function dispatch(event: APIGatewayProxyEvent): Promise<ItemsResponse> {
        const match = RESOURCE.exec(event.resource ?? "");
        if (match === null) throw notFound("no such route");
        const [, collection = "", itemRoute] = match;
        const items = new ItemsResource(collection, itemSchema, options.store, options.newId);
        const query = queryOf(event);
        const method = event.httpMethod;
        if (itemRoute === undefined) {
            if (method === "GET") return items.list(query);
            if (method === "POST") {
                parseNoQuery(query);
                return items.create(bodyOf(event, maxBodyBytes), `/${collection}`);
            }
            throw methodNotAllowed(["GET", "POST"]);
        }
        const id = event.pathParameters?.id ?? undefined;
        switch (method) {
            case "GET":
                parseNoQuery(query);
                return items.get(id);
            case "PUT":
                parseNoQuery(query);
                return items.update(id, bodyOf(event, maxBodyBytes));
            case "DELETE":
                parseNoQuery(query);
                return items.remove(id);
            default:
                throw methodNotAllowed(["GET", "PUT", "DELETE"]);
        }
    }

    return async (event, context) => {
        const started = process.hrtime.bigint();
        const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? randomUUID();
        let response: ItemsResponse;
        try {
            response = await dispatch(event);
        } catch (err) {
            if (!(err instanceof HttpError)) {
                options.logger.error("request failed", { requestId, ...describeInternal(err) });
            }
            response = errorResponse(err, requestId);
        }
        options.logger.info("request", {
            method: event.httpMethod,
            resource: event.resource,
            path: (event.path ?? "").slice(0, 256),
            status: response.status,
            latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
            requestId,
        });
        const body = response.body === undefined ? "" : JSON.stringify(response.body);
        return {
            statusCode: response.status,
            headers: {
                ...response.headers,
                ...(body === "" ? {} : { "content-type": "application/json; charset=utf-8" }),
                "cache-control": "no-store",
                "x-content-type-options": "nosniff",
                "x-request-id": requestId,
            },
            body,
        };
    };
}

let fromEnvironment: ProxyHandler | undefined;

/** The Lambda entry point: a handler on `TABLE_NAME`, built on the first invocation and reused. */
export const handler: ProxyHandler = (event, context) => {
    if (fromEnvironment === undefined) {
        const logger = jsonLogger({ service: "items" });
        const table = process.env.TABLE_NAME;
        if (table === undefined || !/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
            logger.error("invalid configuration", {
                problem: "env.TABLE_NAME: must be a DynamoDB table name",
            });
            throw new Error("items function misconfigured");
        }
        fromEnvironment = createItemsHandler({ store: DynamoItemStore.forTable(table), logger });
    }
    return fromEnvironment(event, context);
};
