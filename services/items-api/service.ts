/**
 * The process around an items service: configuration from the environment, the DynamoDB store, the
 * server, and SIGTERM/SIGINT handling (ECS sends SIGTERM, then SIGKILL after the stop timeout).
 *
 * Environment:
 * - `TABLE_NAME` (required): the service's DynamoDB table.
 * - `PORT`: listening port. @default 8080
 * - `DRAIN_TIMEOUT_MS`: longest wait for in-flight requests on shutdown. @default 10000
 * - `AWS_REGION` and credentials as the AWS SDK reads them (the ECS task role);
 *   `AWS_ENDPOINT_URL_DYNAMODB` points the SDK at a local DynamoDB-compatible server.
 */
import { z } from "zod";
import { ItemsResource } from "../lib/items";
import { jsonLogger, type Logger } from "../lib/log";
import { DynamoItemStore, type ItemStore } from "../lib/store";
import { describeIssues } from "../lib/validation";
import { ItemsApi } from "./app";
import { startServer, type RunningServer } from "./server";

/** What distinguishes one items service from another. */
export interface ItemsServiceDefinition {
    /** Service name, in every log line (`petstore`). */
    readonly service: string;
    /** Collection name and first path segment (`pets`). */
    readonly resource: string;
    /** Strict zod object for an item's fields. */
    readonly schema: z.ZodType<Record<string, unknown>>;
}

/** The environment variables a service reads. */
export interface ServiceConfig {
    readonly tableName: string;
    readonly port: number;
    readonly drainTimeoutMs: number;
}

const envSchema = z.object({
    TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name"),
    PORT: z
        .string()
        .regex(/^[0-9]{1,5}$/, "must be a port number")
        .transform(Number)
        .pipe(z.number().int().min(0).max(65535))
        .default(8080),
    DRAIN_TIMEOUT_MS: z
        .string()
        .regex(/^[0-9]{1,6}$/, "must be a number of milliseconds")
        .transform(Number)
        .default(10_000),
});

/** Reads the service's settings from `env`; throws an Error naming every bad variable. */
export function serviceConfigFromEnv(env: NodeJS.ProcessEnv): ServiceConfig {
    const result = envSchema.safeParse(env);
    if (!result.success) throw new Error(describeIssues(result.error.issues, "env", env));
    return {
        tableName: result.data.TABLE_NAME,
        port: result.data.PORT,
        drainTimeoutMs: result.data.DRAIN_TIMEOUT_MS,
    };
}

/** Process hooks, replaceable in tests. */
export interface ProcessHooks {
    readonly env: NodeJS.ProcessEnv;
    readonly signals: Pick<NodeJS.EventEmitter, "once">;
    readonly exit: (code: number) => void;
    readonly logger: Logger;
    /** The store for the table; the DynamoDB store by default. */
    readonly store?: (tableName: string) => ItemStore;
}

/**
 * Runs a service until SIGTERM or SIGINT: on a signal it drains and exits 0 (1 when draining fails);
 * on a configuration error it logs the problem and exits 1 without listening.
 */
export async function runItemsService(
    definition: ItemsServiceDefinition,
    hooks: ProcessHooks = {
        env: process.env,
        signals: process,
        exit: (code) => process.exit(code),
        logger: jsonLogger({ service: definition.service }),
    },
): Promise<RunningServer | undefined> {
    const { logger } = hooks;
    let config: ServiceConfig;
    try {
        config = serviceConfigFromEnv(hooks.env);
    } catch (err) {
        logger.error("invalid configuration", { problem: (err as Error).message });
        hooks.exit(1);
        return undefined;
    }
    const store = (hooks.store ?? DynamoItemStore.forTable)(config.tableName);
    const api = new ItemsApi({
        resource: new ItemsResource(definition.resource, definition.schema, store),
        logger,
    });
    const running = await startServer(api, { port: config.port, drainTimeoutMs: config.drainTimeoutMs });
    logger.info("listening", { port: running.port });

    const stop = (signal: string): void => {
        logger.info("shutting down", { signal });
        running.shutdown().then(
            () => {
                logger.info("stopped");
                hooks.exit(0);
            },
            (err: unknown) => {
                logger.error("shutdown failed", { errorName: (err as Error).name });
                hooks.exit(1);
            },
        );
    };
    hooks.signals.once("SIGTERM", () => stop("SIGTERM"));
    hooks.signals.once("SIGINT", () => stop("SIGINT"));
    return running;
}
