import { expect } from "chai";
import { z } from "zod";
import { HttpError } from "../../../services/lib/errors";
import {
    describeIssues,
    encodePageToken,
    isJsonContentType,
    parseJsonBody,
    parseListQuery,
} from "../../../services/lib/validation";

describe("services validation", () => {
    describe("describeIssues", () => {
        it("reports at most five issues and counts the rest", () => {
            const schema = z.strictObject(
                Object.fromEntries("abcdefg".split("").map((k) => [k, z.string()])),
            );
            const data = Object.fromEntries("abcdefg".split("").map((k) => [k, 1]));
            const result = schema.safeParse(data);
            expect(result.success).to.equal(false);
            const message = describeIssues(result.error!.issues, "body", data);
            expect(message).to.equal(
                "body.a: expected a string; body.b: expected a string; body.c: expected a string; " +
                    "body.d: expected a string; body.e: expected a string; and 2 more",
            );
        });

        it("names unknown keys only when they are plain identifiers", () => {
            const data = { ok_key: 1, "bad key\n": 2 };
            const result = z.strictObject({}).safeParse(data);
            expect(describeIssues(result.error!.issues, "body", data)).to.equal(
                "body: unknown fields ok_key, (unnamed)",
            );
        });
    });

    describe("parseJsonBody", () => {
        it("returns the parsed, trimmed fields of a valid body", () => {
            const schema = z.strictObject({ name: z.string().trim().min(1) });
            expect(parseJsonBody('{"name":"  Rex "}', schema)).to.deep.equal({ name: "Rex" });
        });

        it("throws 400 HttpErrors", () => {
            let failure: unknown;
            try {
                parseJsonBody("{", z.strictObject({}));
            } catch (err) {
                failure = err;
            }
            expect(failure).to.be.instanceOf(HttpError);
            expect(failure).to.include({
                status: 400,
                code: "BadRequest",
                message: "body: is not valid JSON",
            });
        });
    });

    describe("page tokens", () => {
        it("round-trip the last key through nextToken", () => {
            const token = encodePageToken({ id: "item-42" });
            expect(token).to.match(/^[A-Za-z0-9_-]+$/);
            expect(parseListQuery({ nextToken: token, limit: "10" })).to.deep.equal({
                limit: 10,
                start: { id: "item-42" },
            });
        });

        it("default to 25 items without a token", () => {
            expect(parseListQuery({})).to.deep.equal({ limit: 25 });
        });
    });

    describe("isJsonContentType", () => {
        it("accepts application/json with an optional utf-8 charset, in any case", () => {
            expect(isJsonContentType("application/json")).to.equal(true);
            expect(isJsonContentType("Application/JSON; charset=UTF-8")).to.equal(true);
            expect(isJsonContentType(undefined)).to.equal(false);
            expect(isJsonContentType("application/json-patch+json")).to.equal(false);
            expect(isJsonContentType("text/json")).to.equal(false);
            expect(isJsonContentType("application/json; charset=utf-16")).to.equal(false);
        });
    });
});
