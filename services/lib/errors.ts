/**
 * Errors a service may show its caller, and the one error body every service returns. Anything that is
 * not an {@link HttpError} becomes a 500 with a generic message: stack traces, table names and AWS
 * error text stay in the service's own logs.
 */

/** An error whose status, code and message are safe to return to the caller as they are. */
export class HttpError extends Error {
    constructor(
        /** HTTP status code (4xx). */
        readonly status: number,
        /** Stable machine-readable code, e.g. `BadRequest`. */
        readonly code: string,
        message: string,
        /** Extra response headers (e.g. `Allow` on a 405). */
        readonly headers: Readonly<Record<string, string>> = {},
    ) {
        super(message);
        this.name = "HttpError";
    }
}

export const badRequest = (message: string): HttpError => new HttpError(400, "BadRequest", message);
export const notFound = (message = "not found"): HttpError => new HttpError(404, "NotFound", message);
export const conflict = (message: string): HttpError => new HttpError(409, "Conflict", message);
export const methodNotAllowed = (allow: readonly string[]): HttpError =>
    new HttpError(405, "MethodNotAllowed", "method not allowed", { Allow: allow.join(", ") });
export const payloadTooLarge = (maxBytes: number): HttpError =>
    new HttpError(413, "PayloadTooLarge", `request body exceeds ${maxBytes} bytes`);
export const unsupportedMediaType = (): HttpError =>
    new HttpError(415, "UnsupportedMediaType", "content-type must be application/json");

/** The body of every error response. */
export interface ErrorBody {
    readonly error: {
        readonly code: string;
        readonly message: string;
        readonly requestId: string;
    };
}

/** The message every unexpected failure returns; the request ID lets operators find the log line. */
export const INTERNAL_ERROR_MESSAGE = "internal error";

/** Status, body and headers for `err`: an {@link HttpError} as it is, anything else a generic 500. */
export function errorResponse(
    err: unknown,
    requestId: string,
): { status: number; body: ErrorBody; headers: Readonly<Record<string, string>> } {
    if (err instanceof HttpError) {
        return {
            status: err.status,
            body: { error: { code: err.code, message: err.message, requestId } },
            headers: err.headers,
        };
    }
    return {
        status: 500,
        body: { error: { code: "InternalError", message: INTERNAL_ERROR_MESSAGE, requestId } },
        headers: {},
    };
}

/** Name and message of an unexpected error, for the service's own log (never for the caller). */
export function describeInternal(err: unknown): { errorName: string; errorMessage: string } {
    if (err instanceof Error) return { errorName: err.name, errorMessage: err.message };
    return { errorName: typeof err, errorMessage: String(err) };
}
