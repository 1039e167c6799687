/**
 * The items resource, independent of transport: each operation validates its input, calls the store
 * and returns a status and body. The container services (plain HTTP) and the Lambda handlers (API
 * Gateway proxy events) both adapt requests to these operations.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { conflict, notFound } from "./errors";
import type { ItemStore, StoredItem } from "./store";
import { encodePageToken, parseId, parseJsonBody, parseListQuery } from "./validation";

/** A response before transport: status, JSON body (none for 204) and extra headers. */
export interface ItemsResponse {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>>;
}

/** Body of a list response. */
export interface ItemList {
    readonly items: StoredItem[];
    /** Pass as `?nextToken=` to get the next page; absent on the last page. */
    readonly nextToken?: string;
}

/** The operations on one collection of items, validated against `schema`. */
export class ItemsResource {
    constructor(
        /** Collection name, the first path segment (`pets` serves `/pets` and `/pets/{id}`). */
        readonly name: string,
        /** Strict zod object for an item's fields (without `id` and `updatedAt`, which the service owns). */
        private readonly schema: z.ZodType<Record<string, unknown>>,
        private readonly store: ItemStore,
        private readonly newId: () => string = randomUUID,
    ) {}

    /** `GET /<name>`: one page of items. */
    async list(query: Readonly<Record<string, string | undefined>>): Promise<ItemsResponse> {
        const { limit, start } = parseListQuery(query);
        const page = await this.store.list(limit, start);
        const body: ItemList =
            page.next === undefined
                ? { items: page.items }
                : { items: page.items, nextToken: encodePageToken(page.next) };
        return { status: 200, body };
    }

    /** `GET /<name>/{id}`. */
    async get(rawId: string | undefined): Promise<ItemsResponse> {
        const id = parseId(rawId);
        const item = await this.store.get(id);
        if (item === undefined) throw notFound("no item with this id");
        return { status: 200, body: item };
    }

    /** `PUT /<name>/{id}` on the container APIs: create (201) or replace (200). */
    async upsert(rawId: string | undefined, bodyText: string): Promise<ItemsResponse> {
        const id = parseId(rawId);
        const fields = parseJsonBody(bodyText, this.schema);
        const result = await this.store.put(id, fields, "upsert");
        if (result === undefined) throw new Error("an unconditional put reported a failed condition");
        return { status: result.created ? 201 : 200, body: result.item };
    }

    /** `POST /<name>` on the Lambda API: create with a new ID (201, `Location` of the item under `basePath`). */
    async create(bodyText: string, basePath = `/${this.name}`): Promise<ItemsResponse> {
        const fields = parseJsonBody(bodyText, this.schema);
        const id = this.newId();
        const result = await this.store.put(id, fields, "create");
        if (result === undefined) throw conflict("an item with this id already exists");
        return { status: 201, body: result.item, headers: { Location: `${basePath}/${id}` } };
    }

    /** `PUT /<name>/{id}` on the Lambda API: replace an existing item (200), 404 when there is none. */
    async update(rawId: string | undefined, bodyText: string): Promise<ItemsResponse> {
        const id = parseId(rawId);
        const fields = parseJsonBody(bodyText, this.schema);
        const result = await this.store.put(id, fields, "replace");
        if (result === undefined) throw notFound("no item with this id");
        return { status: 200, body: result.item };
    }

    /** `DELETE /<name>/{id}`: 204, or 404 when there was no such item. */
    async remove(rawId: string | undefined): Promise<ItemsResponse> {
        const id = parseId(rawId);
        if (!(await this.store.delete(id))) throw notFound("no item with this id");
        return { status: 204 };
    }
}
