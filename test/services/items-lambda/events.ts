/** API Gateway REST proxy events for the Lambda handler tests, shaped as API Gateway sends them. */
import type { APIGatewayProxyEvent } from "aws-lambda";

/** Options of {@link proxyEvent}. */
export interface EventOptions {
    readonly id?: string;
    readonly body?: string | object | null;
    readonly headers?: Record<string, string>;
    readonly query?: Record<string, string | string[]>;
    readonly base64?: boolean;
    readonly collection?: string;
    readonly requestId?: string;
}

/** A proxy event for `method` on the collection resource, or on `/{id}` when `id` is given. */
export function proxyEvent(method: string, options: EventOptions = {}): APIGatewayProxyEvent {
    const collection = options.collection ?? "items";
    const onItem = options.id !== undefined;
    let body: string | null = null;
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (options.body !== undefined && options.body !== null) {
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
            headers["Content-Type"] = "application/json";
        }
        if (options.base64) body = Buffer.from(body, "utf8").toString("base64");
    }
    const multi: Record<string, string[]> = {};
    const single: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.query ?? {})) {
        multi[key] = Array.isArray(value) ? value : [value];
        single[key] = Array.isArray(value) ? value[value.length - 1]! : value;
    }
    const hasQuery = Object.keys(single).length > 0;
    const resource = onItem ? `/${collection}/{id}` : `/${collection}`;
    const path = onItem ? `/${collection}/${encodeURIComponent(options.id!)}` : `/${collection}`;
    return {
        resource,
        path,
        httpMethod: method,
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters: hasQuery ? single : null,
        multiValueQueryStringParameters: hasQuery ? multi : null,
        pathParameters: onItem ? { id: options.id! } : null,
        stageVariables: null,
        body,
        isBase64Encoded: options.base64 === true,
        requestContext: {
            accountId: "123456789012",
            apiId: "a1b2c3d4e5",
            authorizer: null,
            protocol: "HTTP/1.1",
            httpMethod: method,
            identity: {} as APIGatewayProxyEvent["requestContext"]["identity"],
            path: `/prod${path}`,
            stage: "prod",
            requestId: options.requestId ?? "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            requestTimeEpoch: Date.now(),
            resourceId: "abc123",
            resourcePath: resource,
        },
    };
}
