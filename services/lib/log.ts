/**
 * Structured logs: one JSON object per line on stdout, which CloudWatch Logs (awslogs driver or the
 * Lambda runtime) stores as is and Logs Insights can query by field.
 */
import { randomUUID } from "node:crypto";

/** Values a log line may carry. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Writes structured log lines. */
export interface Logger {
    info(msg: string, fields?: LogFields): void;
    warn(msg: string, fields?: LogFields): void;
    error(msg: string, fields?: LogFields): void;
}

/** A logger writing JSON lines through `write` (stdout by default). */
export function jsonLogger(
    base: LogFields = {},
    write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
    const emit =
        (level: "info" | "warn" | "error") =>
        (msg: string, fields: LogFields = {}): void => {
            write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }));
        };
    return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

const REQUEST_ID = /^[A-Za-z0-9._:=+/-]{8,128}$/;

/** The caller's request ID when it looks like one, otherwise a fresh UUID. */
export function requestIdFrom(header: string | undefined): string {
    return header !== undefined && REQUEST_ID.test(header) ? header : randomUUID();
}
