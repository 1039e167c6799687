import { expect } from "chai";
import { jsonLogger, requestIdFrom } from "../../../services/lib/log";

describe("services logs", () => {
    describe("logs", () => {
        it("write one JSON object per line with time, level, message and fields", () => {
            const lines: string[] = [];
            const logger = jsonLogger({ service: "petstore" }, (line) => lines.push(line));
            logger.info("request", { status: 200, method: "GET" });
            logger.error("request failed", { errorName: "TypeError" });
            expect(lines).to.have.length(2);
            const first = JSON.parse(lines[0]!) as Record<string, unknown>;
            expect(first).to.include({
                level: "info",
                msg: "request",
                service: "petstore",
                status: 200,
                method: "GET",
            });
            expect(Number.isNaN(Date.parse(first.time as string))).to.equal(false);
            expect(JSON.parse(lines[1]!)).to.include({ level: "error", errorName: "TypeError" });
            expect(lines.every((l) => !l.includes("\n"))).to.equal(true);
        });

        it("keep a well-formed caller request ID and replace anything else", () => {
            expect(requestIdFrom("Root=1-abc-def")).to.equal("Root=1-abc-def");
            expect(requestIdFrom("short")).to.match(/^[0-9a-f-]{36}$/);
            expect(requestIdFrom("has space in it")).to.match(/^[0-9a-f-]{36}$/);
            expect(requestIdFrom("x\r\nSet-Cookie: a=b")).to.match(/^[0-9a-f-]{36}$/);
            expect(requestIdFrom(undefined)).to.match(/^[0-9a-f-]{36}$/);
        });
    });
});
