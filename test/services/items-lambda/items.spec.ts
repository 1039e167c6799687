import { expect } from "chai";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { createItemsHandler, type ProxyHandler } from "../../../services/items-lambda/items";
import { ITEM_JSON_SCHEMA } from "../../../services/items-lambda/schema";
import { DynamoItemStore } from "../../../services/lib/store";
import { startLocalDynamo, type LocalDynamo } from "../support/dynamo";
import { memoryLogger } from "../support/http";
import { proxyEvent, type EventOptions } from "./events";

type ErrorJson = { error: { code: string; message: string; requestId: string } };
type Item = { id: string; updatedAt: string; name: string } & Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("items Lambda handler", function () {
    let dynamo: LocalDynamo;
    let handler: ProxyHandler;
    let logger: ReturnType<typeof memoryLogger>;

    const invoke = async (method: string, options: EventOptions = {}) => {
        const res = await handler(proxyEvent(method, options), { awsRequestId: "lambda-req" });
        return { ...res, json: res.body === "" ? undefined : (JSON.parse(res.body) as unknown) };
    };

    before(async () => {
        dynamo = await startLocalDynamo();
        await dynamo.createTable("lambda-items");
        await dynamo.createTable("lambda-orders");
        logger = memoryLogger();
        handler = createItemsHandler({ store: new DynamoItemStore(dynamo.client, "lambda-items"), logger });
    });

    after(async () => {
        await dynamo?.stop();
    });

    describe("routes", () => {
        it("creates with POST (201, new ID, Location), reads, updates with PUT and deletes", async () => {
            const created = await invoke("POST", { body: { name: "Widget", quantity: 3, tags: ["blue"] } });
            expect(created.statusCode).to.equal(201);
            const item = created.json as Item;
            expect(item.id).to.match(UUID);
            expect(item).to.include({ name: "Widget", quantity: 3 });
            expect(created.headers?.Location).to.equal(`/items/${item.id}`);
            expect(created.headers?.["content-type"]).to.equal("application/json; charset=utf-8");

            const read = await invoke("GET", { id: item.id });
            expect(read.statusCode).to.equal(200);
            expect(read.json).to.deep.equal(item);

            const updated = await invoke("PUT", { id: item.id, body: { name: "Widget 2" } });
            expect(updated.statusCode).to.equal(200);
            expect(updated.json)
                .to.include({ id: item.id, name: "Widget 2" })
                .and.not.have.property("quantity");

            const deleted = await invoke("DELETE", { id: item.id });
            expect(deleted.statusCode).to.equal(204);
            expect(deleted.body).to.equal("");
            expect((await invoke("GET", { id: item.id })).statusCode).to.equal(404);
            expect((await invoke("DELETE", { id: item.id })).statusCode).to.equal(404);
        });

        it("does not create with PUT: an update of a missing item is a 404", async () => {
            const res = await invoke("PUT", { id: "never-created", body: { name: "Ghost" } });
            expect(res.statusCode).to.equal(404);
            expect((res.json as ErrorJson).error).to.deep.equal({
                code: "NotFound",
                message: "no item with this id",
                requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            });
            expect((await invoke("GET", { id: "never-created" })).statusCode).to.equal(404);
        });

        it("stores items in the DynamoDB table under the partition key id", async () => {
            const created = (await invoke("POST", { body: { name: "Stored", description: "in the table" } }))
                .json as Item;
            const out = await dynamo.client.send(
                new GetItemCommand({ TableName: "lambda-items", Key: { id: { S: created.id } } }),
            );
            expect(out.Item?.name).to.deep.equal({ S: "Stored" });
            expect(out.Item?.description).to.deep.equal({ S: "in the table" });
        });

        it("lists every item across pages", async () => {
            const ids: string[] = [];
            for (let i = 0; i < 5; i++)
                ids.push(((await invoke("POST", { body: { name: `n${i}` } })).json as Item).id);
            const seen: string[] = [];
            let query: Record<string, string> = { limit: "2" };
            for (let pages = 0; pages < 20; pages++) {
                const page = (await invoke("GET", { query })).json as { items: Item[]; nextToken?: string };
                expect(page.items.length).to.be.at.most(2);
                seen.push(...page.items.map((i) => i.id));
                if (page.nextToken === undefined) break;
                query = { limit: "2", nextToken: page.nextToken };
            }
            expect(seen).to.include.members(ids);
            expect(new Set(seen).size).to.equal(seen.length);
        });

        it("accepts a base64-encoded body", async () => {
            const res = await invoke("POST", { body: { name: "Encoded" }, base64: true });
            expect(res.statusCode).to.equal(201);
            expect(res.json).to.include({ name: "Encoded" });
        });

        it("serves any collection name from the resource path", async () => {
            const orders = createItemsHandler({
                store: new DynamoItemStore(dynamo.client, "lambda-orders"),
                logger: memoryLogger(),
                newId: () => "order-1",
            });
            const res = await orders(proxyEvent("POST", { collection: "orders", body: { name: "Order" } }));
            expect(res.statusCode).to.equal(201);
            expect(res.headers?.Location).to.equal("/orders/order-1");
            expect(
                (await orders(proxyEvent("GET", { collection: "orders", id: "order-1" }))).statusCode,
            ).to.equal(200);
        });

        it("refuses a create whose generated ID exists (409) instead of overwriting", async () => {
            const fixed = createItemsHandler({
                store: new DynamoItemStore(dynamo.client, "lambda-items"),
                logger: memoryLogger(),
                newId: () => "fixed-id",
            });
            expect((await fixed(proxyEvent("POST", { body: { name: "First" } }))).statusCode).to.equal(201);
            const second = await fixed(proxyEvent("POST", { body: { name: "Second" } }));
            expect(second.statusCode).to.equal(409);
            expect(((await invoke("GET", { id: "fixed-id" })).json as Item).name).to.equal("First");
        });

        it("answers wrong methods with 405 and an Allow header", async () => {
            const patch = await invoke("PATCH", { id: "x", body: {} });
            expect(patch.statusCode).to.equal(405);
            expect(patch.headers?.Allow).to.equal("GET, PUT, DELETE");
            const del = await invoke("DELETE");
            expect(del.statusCode).to.equal(405);
            expect(del.headers?.Allow).to.equal("GET, POST");
        });
    });

    describe("bad input", () => {
        const cases: Array<{
            what: string;
            method?: string;
            options: EventOptions;
            status: number;
            code?: string;
            message: string;
        }> = [
            {
                what: "malformed JSON",
                options: { body: "{name:" },
                status: 400,
                message: "body: is not valid JSON",
            },
            {
                what: "no body",
                options: { headers: { "content-type": "application/json" } },
                status: 400,
                message: "body: is required",
            },
            {
                what: "a JSON array",
                options: { body: "[1]" },
                status: 400,
                message: "body: must be a JSON object",
            },
            {
                what: "an unknown field",
                options: { body: { name: "a", price: 1 } },
                status: 400,
                message: "body: unknown field price",
            },
            {
                what: "a client-chosen id",
                options: { body: { id: "mine", name: "a" } },
                status: 400,
                message: "body: unknown field id",
            },
            {
                what: "a name of the wrong type",
                options: { body: { name: ["a"] } },
                status: 400,
                message: "body.name: expected a string",
            },
            {
                what: "a missing name",
                options: { body: { quantity: 1 } },
                status: 400,
                message: "body.name: is required",
            },
            {
                what: "a negative quantity",
                options: { body: { name: "a", quantity: -5 } },
                status: 400,
                message: "body.quantity: must be at least 0",
            },
            {
                what: "a fractional quantity",
                options: { body: { name: "a", quantity: 0.5 } },
                status: 400,
                message: "body.quantity: expected a whole number",
            },
            {
                what: "a quantity as a string",
                options: { body: { name: "a", quantity: "5" } },
                status: 400,
                message: "body.quantity: expected a number",
            },
            {
                what: "a description over 2000 characters",
                options: { body: { name: "a", description: "d".repeat(2001) } },
                status: 400,
                message: "body.description: must be at most 2000 characters",
            },
            {
                what: "an empty tag",
                options: { body: { name: "a", tags: [" "] } },
                status: 400,
                message: "body.tags[0]: must not be empty",
            },
            {
                what: "two problems at once",
                options: { body: { name: "", quantity: -1 } },
                status: 400,
                message: "body.name: must not be empty; body.quantity: must be at least 0",
            },
            {
                what: "a body over 16 KiB",
                options: { body: { name: "a", description: "x".repeat(17_000) } },
                status: 413,
                code: "PayloadTooLarge",
                message: "request body exceeds 16384 bytes",
            },
            {
                what: "a base64 body over 16 KiB",
                options: { body: { name: "x".repeat(16_400) }, base64: true },
                status: 413,
                code: "PayloadTooLarge",
                message: "request body exceeds 16384 bytes",
            },
            {
                what: "a text/plain body",
                options: { body: "name=a", headers: { "Content-Type": "text/plain" } },
                status: 415,
                code: "UnsupportedMediaType",
                message: "content-type must be application/json",
            },
            {
                what: "JSON with a foreign charset",
                options: {
                    body: { name: "a" },
                    headers: { "content-type": "application/json; charset=latin1" },
                },
                status: 415,
                code: "UnsupportedMediaType",
                message: "content-type must be application/json",
            },
            {
                what: "an ID with a space",
                method: "GET",
                options: { id: "a b" },
                status: 400,
                message: "id: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -",
            },
            {
                what: "an ID with a slash",
                method: "DELETE",
                options: { id: "../etc" },
                status: 400,
                message: "id: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -",
            },
            {
                what: "an ID over 64 characters",
                method: "PUT",
                options: { id: "i".repeat(65), body: { name: "a" } },
                status: 400,
                message: "id: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -",
            },
            {
                what: "a query on an item route",
                method: "GET",
                options: { id: "a", query: { expand: "all" } },
                status: 400,
                message: "query: unknown field expand",
            },
            {
                what: "a query on create",
                options: { body: { name: "a" }, query: { upsert: "1" } },
                status: 400,
                message: "query: unknown field upsert",
            },
            {
                what: "limit=1000",
                method: "GET",
                options: { query: { limit: "1000" } },
                status: 400,
                message: "query.limit: must be at most 100",
            },
            {
                what: "a negative limit",
                method: "GET",
                options: { query: { limit: "-1" } },
                status: 400,
                message: "query.limit: must be a whole number",
            },
            {
                what: "a repeated limit",
                method: "GET",
                options: { query: { limit: ["1", "2"] } },
                status: 400,
                message: "query: a parameter appears more than once",
            },
            {
                what: "a forged nextToken",
                method: "GET",
                options: { query: { nextToken: "eyJpZCI6IiJ9" } },
                status: 400,
                message: "query.nextToken: is not a token this API returned",
            },
        ];

        for (const c of cases) {
            it(`answers ${c.status} to ${c.what}`, async () => {
                const res = await invoke(c.method ?? "POST", c.options);
                expect(res.statusCode).to.equal(c.status);
                expect(res.json).to.deep.equal({
                    error: {
                        code: c.code ?? "BadRequest",
                        message: c.message,
                        requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                    },
                });
                expect(res.headers?.["x-request-id"]).to.equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
            });
        }

        it("answers 404 to a resource the handler does not serve", async () => {
            const event = { ...proxyEvent("GET", { id: "a" }), resource: "/items/{itemId}" };
            const res = await handler(event);
            expect(res.statusCode).to.equal(404);
            expect((JSON.parse(res.body) as ErrorJson).error.code).to.equal("NotFound");
        });
    });

    describe("unexpected failures", () => {
        it("answer 500 with a generic message, and log the cause for operators", async () => {
            const log = memoryLogger();
            const broken = createItemsHandler({
                store: new DynamoItemStore(dynamo.client, "secret-missing-table"),
                logger: log,
            });
            for (const [method, options] of [
                ["GET", {}],
                ["GET", { id: "a" }],
                ["POST", { body: { name: "a" } }],
                ["PUT", { id: "a", body: { name: "a" } }],
                ["DELETE", { id: "a" }],
            ] as const) {
                const res = await broken(proxyEvent(method, options));
                expect(res.statusCode, method).to.equal(500);
                expect(JSON.parse(res.body)).to.deep.equal({
                    error: {
                        code: "InternalError",
                        message: "internal error",
                        requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                    },
                });
                for (const leak of ["secret-missing-table", "ResourceNotFound", "non-existent", "    at "]) {
                    expect(res.body).to.not.include(leak);
                }
            }
            const failures = log.lines.filter((l) => l.msg === "request failed");
            expect(failures).to.have.length(5);
            expect(failures[0]).to.include({ level: "error", errorName: "ResourceNotFoundException" });
        });
    });

    describe("logs", () => {
        it("writes one line per invocation with method, resource, path, status, latency and request ID", async () => {
            const log = memoryLogger();
            const h = createItemsHandler({
                store: new DynamoItemStore(dynamo.client, "lambda-items"),
                logger: log,
            });
            await h(proxyEvent("GET", { id: "nope", requestId: "req-log-1" }));
            expect(log.lines).to.have.length(1);
            expect(log.lines[0]).to.include({
                level: "info",
                msg: "request",
                method: "GET",
                resource: "/items/{id}",
                path: "/items/nope",
                status: 404,
                requestId: "req-log-1",
            });
            expect(log.lines[0]?.latencyMs).to.be.a("number");
        });
    });

    describe("request model", () => {
        it("is the item schema as JSON Schema draft 4, refusing additional properties", () => {
            expect(ITEM_JSON_SCHEMA).to.deep.include({
                $schema: "http://json-schema.org/draft-04/schema#",
                type: "object",
                required: ["name"],
                additionalProperties: false,
            });
            expect(Object.keys(ITEM_JSON_SCHEMA.properties as object)).to.deep.equal([
                "name",
                "description",
                "quantity",
                "tags",
            ]);
            expect((ITEM_JSON_SCHEMA.properties as Record<string, unknown>).quantity).to.deep.equal({
                type: "integer",
                minimum: 0,
                maximum: 1_000_000,
            });
        });
    });
});
