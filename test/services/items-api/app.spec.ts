import { expect } from "chai";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ItemsApi } from "../../../services/items-api/app";
import { startServer, type RunningServer } from "../../../services/items-api/server";
import { ItemsResource } from "../../../services/lib/items";
import { DynamoItemStore } from "../../../services/lib/store";
import { petSchema } from "../../../services/petstore/schema";
import { foodSchema } from "../../../services/foodstore/schema";
import { closedPort, localClient, startLocalDynamo, type LocalDynamo } from "../support/dynamo";
import { call, memoryLogger } from "../support/http";

type ErrorJson = { error: { code: string; message: string; requestId: string } };
type Item = { id: string; updatedAt: string } & Record<string, unknown>;

describe("container items API", function () {
    let dynamo: LocalDynamo;
    const servers: RunningServer[] = [];

    async function serve(
        name: string,
        schema: typeof petSchema | typeof foodSchema,
        table: string,
        client = dynamo.client,
    ): Promise<{ port: number; logger: ReturnType<typeof memoryLogger> }> {
        const logger = memoryLogger();
        const store = new DynamoItemStore(client, table);
        const api = new ItemsApi({ resource: new ItemsResource(name, schema, store), logger });
        const running = await startServer(api, { port: 0, host: "127.0.0.1" });
        servers.push(running);
        return { port: running.port, logger };
    }

    before(async () => {
        dynamo = await startLocalDynamo();
        await dynamo.createTable("petstore-pets");
        await dynamo.createTable("foodstore-food");
    });

    after(async () => {
        await Promise.all(servers.map((s) => s.shutdown()));
        await dynamo?.stop();
    });

    describe("petstore routes", () => {
        let port: number;
        before(async () => {
            ({ port } = await serve("pets", petSchema, "petstore-pets"));
        });

        it("creates with PUT (201), reads it back, replaces it (200) and deletes it (204)", async () => {
            const created = await call(port, "PUT", "/pets/rex-1", {
                body: { name: "Rex", species: "dog", age: 3, price: 19.99, tags: ["friendly"] },
            });
            expect(created.status).to.equal(201);
            const item = created.json as Item;
            expect(item).to.include({ id: "rex-1", name: "Rex", species: "dog", age: 3, price: 19.99 });
            expect(item.tags).to.deep.equal(["friendly"]);
            expect(Number.isNaN(Date.parse(item.updatedAt))).to.equal(false);

            const read = await call(port, "GET", "/pets/rex-1");
            expect(read.status).to.equal(200);
            expect(read.json).to.deep.equal(item);

            const replaced = await call(port, "PUT", "/pets/rex-1", {
                body: { name: "Rex II", species: "dog" },
            });
            expect(replaced.status).to.equal(200);
            expect(replaced.json).to.not.have.property("age");
            expect((await call(port, "GET", "/pets/rex-1")).json)
                .to.include({ name: "Rex II" })
                .and.not.have.property("tags");

            const deleted = await call(port, "DELETE", "/pets/rex-1");
            expect(deleted.status).to.equal(204);
            expect(deleted.text).to.equal("");
            expect((await call(port, "GET", "/pets/rex-1")).status).to.equal(404);
            const again = await call(port, "DELETE", "/pets/rex-1");
            expect(again.status).to.equal(404);
            expect((again.json as ErrorJson).error).to.include({
                code: "NotFound",
                message: "no item with this id",
            });
        });

        it("stores items in the DynamoDB table under the partition key id", async () => {
            await call(port, "PUT", "/pets/stored-1", { body: { name: "Tom", species: "cat" } });
            const out = await dynamo.client.send(
                new GetItemCommand({ TableName: "petstore-pets", Key: { id: { S: "stored-1" } } }),
            );
            expect(out.Item?.name).to.deep.equal({ S: "Tom" });
            expect(out.Item?.species).to.deep.equal({ S: "cat" });
            expect(out.Item?.updatedAt?.S).to.match(/^\d{4}-\d\d-\d\dT/);
        });

        it("lists every item across pages through nextToken", async () => {
            const ids = ["page-a", "page-b", "page-c", "page-d", "page-e"];
            for (const id of ids)
                await call(port, "PUT", `/pets/${id}`, { body: { name: id, species: "fish" } });
            const seen: string[] = [];
            let path = "/pets?limit=2";
            for (let pages = 0; pages < 20; pages++) {
                const page = await call(port, "GET", path);
                expect(page.status).to.equal(200);
                const body = page.json as { items: Item[]; nextToken?: string };
                expect(body.items.length).to.be.at.most(2);
                seen.push(...body.items.map((i) => i.id));
                if (body.nextToken === undefined) break;
                path = `/pets?limit=2&nextToken=${body.nextToken}`;
            }
            expect(seen).to.include.members(ids);
            expect(new Set(seen).size).to.equal(seen.length);
        });

        it("answers the health check with 200 without calling DynamoDB", async () => {
            const unreachable = localClient(`http://127.0.0.1:${await closedPort()}`);
            const { port: lonely } = await serve("pets", petSchema, "petstore-pets", unreachable);
            const health = await call(lonely, "GET", "/health");
            expect(health.status).to.equal(200);
            expect(health.json).to.deep.equal({ status: "ok" });
            expect((await call(lonely, "GET", "/pets/x")).status).to.equal(500);
            unreachable.destroy();
        });

        it("answers unknown paths with 404 and wrong methods with 405 and an Allow header", async () => {
            for (const path of ["/", "/pets/", "/pets/a/b", "/petsx", "/food", "/health/x"]) {
                const res = await call(port, "GET", path);
                expect(res.status, path).to.equal(path === "/pets/" ? 400 : 404);
            }
            const post = await call(port, "POST", "/pets", { body: { name: "a", species: "dog" } });
            expect(post.status).to.equal(405);
            expect(post.headers.allow).to.equal("GET");
            const patch = await call(port, "PATCH", "/pets/a", { body: {} });
            expect(patch.status).to.equal(405);
            expect(patch.headers.allow).to.equal("GET, PUT, DELETE");
            expect((await call(port, "DELETE", "/health")).status).to.equal(405);
        });

        it("returns JSON with no-store, nosniff and the request ID (the caller's or the ALB trace ID when well-formed)", async () => {
            const own = await call(port, "GET", "/pets/none", {
                headers: { "x-request-id": "req-12345678" },
            });
            expect(own.headers["x-request-id"]).to.equal("req-12345678");
            expect((own.json as ErrorJson).error.requestId).to.equal("req-12345678");
            expect(own.headers["content-type"]).to.equal("application/json; charset=utf-8");
            expect(own.headers["cache-control"]).to.equal("no-store");
            expect(own.headers["x-content-type-options"]).to.equal("nosniff");
            const traced = await call(port, "GET", "/pets/none", {
                headers: { "x-amzn-trace-id": "Root=1-67891233-abcdef012345678912345678" },
            });
            expect(traced.headers["x-request-id"]).to.equal("Root=1-67891233-abcdef012345678912345678");
            const forged = await call(port, "GET", "/pets/none", {
                headers: { "x-request-id": "<script>x</script>" },
            });
            expect(forged.headers["x-request-id"]).to.match(/^[0-9a-f-]{36}$/);
        });
    });

    describe("bad input", () => {
        let port: number;
        before(async () => {
            ({ port } = await serve("pets", petSchema, "petstore-pets"));
        });

        const pet = { name: "Rex", species: "dog" };
        const cases: Array<{
            what: string;
            method?: string;
            path?: string;
            body?: string | object;
            headers?: Record<string, string>;
            status: number;
            code?: string;
            message: string;
        }> = [
            {
                what: "malformed JSON",
                body: '{"name": "Rex",',
                status: 400,
                message: "body: is not valid JSON",
            },
            { what: "an empty body", body: "", status: 400, message: "body: is required" },
            { what: "a JSON array", body: "[]", status: 400, message: "body: must be a JSON object" },
            { what: "a JSON string", body: '"Rex"', status: 400, message: "body: must be a JSON object" },
            { what: "JSON null", body: "null", status: 400, message: "body: must be a JSON object" },
            {
                what: "an unknown field",
                body: { ...pet, owner: "me" },
                status: 400,
                message: "body: unknown field owner",
            },
            {
                what: "a __proto__ key",
                body: '{"name":"a","species":"dog","__proto__":{"admin":true}}',
                status: 400,
                message: "body: unknown field __proto__",
            },
            {
                what: "a name of the wrong type",
                body: { ...pet, name: 42 },
                status: 400,
                message: "body.name: expected a string",
            },
            {
                what: "a missing required field",
                body: { name: "Rex" },
                status: 400,
                message: "body.species: is required",
            },
            {
                what: "a value outside the enum",
                body: { ...pet, species: "dragon" },
                status: 400,
                message:
                    'body.species: must be one of "dog", "cat", "bird", "fish", "rabbit", "reptile", "other"',
            },
            {
                what: "a negative age",
                body: { ...pet, age: -1 },
                status: 400,
                message: "body.age: must be at least 0",
            },
            {
                what: "a fractional age",
                body: { ...pet, age: 1.5 },
                status: 400,
                message: "body.age: expected a whole number",
            },
            {
                what: "null for an optional field",
                body: { ...pet, age: null },
                status: 400,
                message: "body.age: expected a number",
            },
            {
                what: "a number beyond double range",
                body: '{"name":"Rex","species":"dog","price":1e400}',
                status: 400,
                message: "body.price: expected a number",
            },
            {
                what: "a price with three decimals",
                body: { ...pet, price: 1.005 },
                status: 400,
                message: "body.price: must be a multiple of 0.01",
            },
            {
                what: "a blank name",
                body: { ...pet, name: "   " },
                status: 400,
                message: "body.name: must not be empty",
            },
            {
                what: "a name over 100 characters",
                body: { ...pet, name: "x".repeat(101) },
                status: 400,
                message: "body.name: must be at most 100 characters",
            },
            {
                what: "tags that are not an array",
                body: { ...pet, tags: "a,b" },
                status: 400,
                message: "body.tags: expected an array",
            },
            {
                what: "a tag too long",
                body: { ...pet, tags: ["ok", "y".repeat(31)] },
                status: 400,
                message: "body.tags[1]: must be at most 30 characters",
            },
            {
                what: "too many tags",
                body: { ...pet, tags: Array(11).fill("t") },
                status: 400,
                message: "body.tags: must have at most 10 items",
            },
            {
                what: "a body over 16 KiB (declared)",
                body: { ...pet, name: "x".repeat(17_000) },
                status: 413,
                code: "PayloadTooLarge",
                message: "request body exceeds 16384 bytes",
            },
            {
                what: "a non-JSON content type",
                body: "name=Rex",
                headers: { "content-type": "application/x-www-form-urlencoded" },
                status: 415,
                code: "UnsupportedMediaType",
                message: "content-type must be application/json",
            },
            {
                what: "an ID with a dot",
                path: "/pets/a.b",
                body: pet,
                status: 400,
                message: "id: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -",
            },
            {
                what: "an ID over 64 characters",
                path: `/pets/${"a".repeat(65)}`,
                body: pet,
                status: 400,
                message: "id: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -",
            },
            {
                what: "an encoded slash in the ID",
                method: "GET",
                path: "/pets/a%2Fb",
                status: 400,
                message: "id: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -",
            },
            {
                what: "a malformed percent escape",
                method: "GET",
                path: "/pets/%E0%A4%A",
                status: 400,
                message: "id: is not a valid URL path segment",
            },
            {
                what: "a query on an item route",
                method: "GET",
                path: "/pets/rex?debug=1",
                status: 400,
                message: "query: unknown field debug",
            },
            {
                what: "limit=0",
                method: "GET",
                path: "/pets?limit=0",
                status: 400,
                message: "query.limit: must be at least 1",
            },
            {
                what: "limit=101",
                method: "GET",
                path: "/pets?limit=101",
                status: 400,
                message: "query.limit: must be at most 100",
            },
            {
                what: "a non-numeric limit",
                method: "GET",
                path: "/pets?limit=ten",
                status: 400,
                message: "query.limit: must be a whole number",
            },
            {
                what: "a repeated parameter",
                method: "GET",
                path: "/pets?limit=1&limit=2",
                status: 400,
                message: "query: a parameter appears more than once",
            },
            {
                what: "an unknown list parameter",
                method: "GET",
                path: "/pets?filter=x",
                status: 400,
                message: "query: unknown field filter",
            },
            {
                what: "a forged nextToken",
                method: "GET",
                path: `/pets?nextToken=${Buffer.from('{"id":"a","table":"x"}').toString("base64url")}`,
                status: 400,
                message: "query.nextToken: is not a token this API returned",
            },
            {
                what: "a garbage nextToken",
                method: "GET",
                path: "/pets?nextToken=%22%3E%3Cscript%3E",
                status: 400,
                message: "query.nextToken: is not a token this API returned",
            },
        ];

        for (const c of cases) {
            it(`answers ${c.status} to ${c.what}`, async () => {
                const method = c.method ?? "PUT";
                const path = c.path ?? "/pets/bad-input";
                const res = await call(port, method, path, { body: c.body, headers: c.headers });
                expect(res.status).to.equal(c.status);
                const { error } = res.json as ErrorJson;
                expect(error.code).to.equal(c.code ?? "BadRequest");
                expect(error.message).to.equal(c.message);
                expect(error.requestId).to.equal(res.headers["x-request-id"]);
                expect(Object.keys(res.json as object)).to.deep.equal(["error"]);
            });
        }

        it("never echoes the caller's values in a message", async () => {
            const res = await call(port, "PUT", "/pets/echo", {
                body: { name: "Rex", species: "<img src=x onerror=alert(1)>", "<b>bold</b>": 1 },
            });
            expect(res.status).to.equal(400);
            expect(res.text).to.not.include("<img").and.not.include("<b>");
            expect((res.json as ErrorJson).error.message).to.include("unknown field (unnamed)");
        });

        it("stores nothing for a refused body", async () => {
            expect((await call(port, "GET", "/pets/bad-input")).status).to.equal(404);
        });
    });

    describe("unexpected failures", () => {
        it("answer 500 with a generic message and request ID, without table name or AWS error text", async () => {
            const { port, logger } = await serve("pets", petSchema, "secret-missing-table");
            for (const [method, path, body] of [
                ["GET", "/pets", undefined],
                ["GET", "/pets/a", undefined],
                ["PUT", "/pets/a", { name: "a", species: "dog" }],
                ["DELETE", "/pets/a", undefined],
            ] as const) {
                const res = await call(port, method, path, { body });
                expect(res.status, `${method} ${path}`).to.equal(500);
                expect(res.json).to.deep.equal({
                    error: {
                        code: "InternalError",
                        message: "internal error",
                        requestId: res.headers["x-request-id"],
                    },
                });
                for (const leak of [
                    "secret-missing-table",
                    "ResourceNotFound",
                    "non-existent",
                    "dynamodb",
                    "    at ",
                ]) {
                    expect(res.text).to.not.include(leak);
                }
            }
            const failures = logger.lines.filter((l) => l.msg === "request failed");
            expect(failures).to.have.length(4);
            expect(failures[0]).to.include({ level: "error", errorName: "ResourceNotFoundException" });
        });

        it("answer 500 without network details when DynamoDB is unreachable", async () => {
            const port = await closedPort();
            const unreachable = localClient(`http://127.0.0.1:${port}`);
            const { port: api } = await serve("pets", petSchema, "petstore-pets", unreachable);
            const res = await call(api, "GET", "/pets");
            expect(res.status).to.equal(500);
            expect(res.text).to.not.include("ECONNREFUSED").and.not.include(String(port));
            unreachable.destroy();
        });
    });

    describe("request logs", () => {
        it("writes one line per request with method, path, route, status, latency and request ID", async () => {
            const { port, logger } = await serve("pets", petSchema, "petstore-pets");
            await call(port, "GET", "/pets/log-1?x=secret", { headers: { "x-request-id": "log-req-0001" } });
            await call(port, "GET", "/health");
            const requests = logger.lines.filter((l) => l.msg === "request");
            expect(requests).to.have.length(2);
            expect(requests[0]).to.include({
                level: "info",
                method: "GET",
                path: "/pets/log-1",
                route: "/pets/{id}",
                status: 400,
                requestId: "log-req-0001",
            });
            expect(requests[0]?.latencyMs).to.be.a("number").and.at.least(0);
            expect(JSON.stringify(requests)).to.not.include("secret");
            expect(requests[1]).to.include({ route: "/health", status: 200 });
        });
    });

    describe("foodstore", () => {
        it("serves /food with its own schema and table, and nothing under /pets", async () => {
            const { port } = await serve("food", foodSchema, "foodstore-food");
            const put = await call(port, "PUT", "/food/kibble-1", {
                body: { name: "Kibble", category: "dry", price: 12.5, weightGrams: 2000, inStock: true },
            });
            expect(put.status).to.equal(201);
            expect((await call(port, "GET", "/food/kibble-1")).json).to.include({
                name: "Kibble",
                category: "dry",
            });
            const list = (await call(port, "GET", "/food")).json as { items: Item[] };
            expect(list.items.map((i) => i.id)).to.deep.equal(["kibble-1"]);
            expect((await call(port, "GET", "/pets")).status).to.equal(404);
            const bad = await call(port, "PUT", "/food/kibble-2", {
                body: { name: "Kibble", category: "dry" },
            });
            expect((bad.json as ErrorJson).error.message).to.equal("body.price: is required");
            const wrong = await call(port, "PUT", "/food/kibble-2", {
                body: { name: "K", category: "dry", price: 1, species: "dog" },
            });
            expect((wrong.json as ErrorJson).error.message).to.equal("body: unknown field species");
        });
    });
});
