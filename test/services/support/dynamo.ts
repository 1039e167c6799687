/**
 * A DynamoDB-compatible server for service tests: dynalite, in memory, on a free localhost port, with
 * tables that are ACTIVE as soon as they are created. Each suite starts one and stops it in `after`.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

// dynalite ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, number>) => Server;

/** Credentials the local server accepts (it checks only that a signature is present). */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
export const LOCAL_REGION = "eu-west-1";

/** A running local DynamoDB. */
export interface LocalDynamo {
    /** `http://127.0.0.1:<port>`. */
    readonly endpoint: string;
    /** A client for it (no retries, so failures show at once). */
    readonly client: DynamoDBClient;
    /** Creates a table keyed like the services' tables and returns its name. */
    createTable(name: string): Promise<string>;
    /** Stops the server and the client. */
    stop(): Promise<void>;
}

/** A client for `endpoint` with local credentials. */
export function localClient(endpoint: string): DynamoDBClient {
    return new DynamoDBClient({
        endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        maxAttempts: 1,
    });
}

/** Starts dynalite on a free port. */
export async function startLocalDynamo(): Promise<LocalDynamo> {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = localClient(endpoint);
    return {
        endpoint,
        client,
        async createTable(name: string): Promise<string> {
            await client.send(
                new CreateTableCommand({
                    TableName: name,
                    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
                    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
                    BillingMode: "PAY_PER_REQUEST",
                }),
            );
            return name;
        },
        async stop(): Promise<void> {
            client.destroy();
            server.closeAllConnections?.();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
    const { createServer } = await import("node:net");
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
}
