/**
 * Item storage in one DynamoDB table whose partition key is the string attribute `id` (no sort key,
 * no index). Uses only Scan, GetItem, PutItem and DeleteItem: the actions a task or function role
 * needs on the table ARN (see `services/contract.ts`).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
    DeleteCommand,
    DynamoDBDocumentClient,
    GetCommand,
    PutCommand,
    ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import type { PageStart } from "./validation";

/** An item as stored and returned: its ID, its validated fields and when it was last written. */
export type StoredItem = { readonly id: string; readonly updatedAt: string } & Readonly<
    Record<string, unknown>
>;

/** One page of a list. */
export interface ItemPage {
    readonly items: StoredItem[];
    /** Where the next page starts; absent on the last page. */
    readonly next?: PageStart;
}

/** How a put treats an existing item. */
export type PutMode = "create" | "replace" | "upsert";

/** Outcome of a put: the item written and whether it existed before. */
export interface PutResult {
    readonly item: StoredItem;
    readonly created: boolean;
}

/** The operations the APIs need from storage. */
export interface ItemStore {
    list(limit: number, start?: PageStart): Promise<ItemPage>;
    get(id: string): Promise<StoredItem | undefined>;
    /** Writes the item; `undefined` when `mode` forbids it (create over an existing item, replace of a missing one). */
    put(id: string, fields: Readonly<Record<string, unknown>>, mode: PutMode): Promise<PutResult | undefined>;
    /** Deletes the item; false when there was none. */
    delete(id: string): Promise<boolean>;
}

/** The table's partition key attribute. */
export const KEY_ATTRIBUTE = "id";

const CONDITIONS: Record<PutMode, string | undefined> = {
    create: "attribute_not_exists(#id)",
    replace: "attribute_exists(#id)",
    upsert: undefined,
};

/** {@link ItemStore} over a DynamoDB table through the document client. */
export class DynamoItemStore implements ItemStore {
    private readonly doc: DynamoDBDocumentClient;

    constructor(
        client: DynamoDBClient,
        private readonly tableName: string,
        private readonly now: () => Date = () => new Date(),
    ) {
        this.doc = DynamoDBDocumentClient.from(client, {
            marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
        });
    }

    /** A store for `tableName` with the SDK's default credentials, region and endpoint (from the environment). */
    static forTable(tableName: string): DynamoItemStore {
        return new DynamoItemStore(new DynamoDBClient({}), tableName);
    }

    async list(limit: number, start?: PageStart): Promise<ItemPage> {
        const out = await this.doc.send(
            new ScanCommand({
                TableName: this.tableName,
                Limit: limit,
                ExclusiveStartKey: start === undefined ? undefined : { [KEY_ATTRIBUTE]: start.id },
            }),
        );
        const items = (out.Items ?? []) as StoredItem[];
        const lastId = out.LastEvaluatedKey?.[KEY_ATTRIBUTE];
        return typeof lastId === "string" ? { items, next: { id: lastId } } : { items };
    }

    async get(id: string): Promise<StoredItem | undefined> {
        const out = await this.doc.send(
            new GetCommand({ TableName: this.tableName, Key: { [KEY_ATTRIBUTE]: id } }),
        );
        return out.Item as StoredItem | undefined;
    }

    async put(
        id: string,
        fields: Readonly<Record<string, unknown>>,
        mode: PutMode,
    ): Promise<PutResult | undefined> {
        const item: StoredItem = { [KEY_ATTRIBUTE]: id, ...fields, updatedAt: this.now().toISOString() };
        const condition = CONDITIONS[mode];
        try {
            const out = await this.doc.send(
                new PutCommand({
                    TableName: this.tableName,
                    Item: item,
                    ConditionExpression: condition,
                    ExpressionAttributeNames: condition === undefined ? undefined : { "#id": KEY_ATTRIBUTE },
                    ReturnValues: "ALL_OLD",
                }),
            );
            return { item, created: out.Attributes === undefined };
        } catch (err) {
            // By name, not instanceof: the Lambda runtime's SDK copy is not the one this file was built with.
            if (err instanceof Error && err.name === "ConditionalCheckFailedException") return undefined;
            throw err;
        }
    }

    async delete(id: string): Promise<boolean> {
        const out = await this.doc.send(
            new DeleteCommand({
                TableName: this.tableName,
                Key: { [KEY_ATTRIBUTE]: id },
                ReturnValues: "ALL_OLD",
            }),
        );
        return out.Attributes !== undefined;
    }
}
