import { expect } from "chai";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { writeJsonFile } from "../../../cli/plan/json-file";

describe("writeJsonFile", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(tmpdir(), "json-file-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const written = (value: unknown, indent?: number) => {
        const file = path.join(dir, "out.json");
        writeJsonFile(file, value, indent);
        return fs.readFileSync(file, "utf8");
    };

    it("writes the text JSON.stringify gives, and a newline", () => {
        const value = {
            name: "spoke-s001-bench",
            empty: {},
            none: [],
            skipped: undefined,
            fn: () => 1,
            list: [1, "two", null, undefined, () => 3, { deep: [[], [{}], 'é \u2028 "quoted"'] }],
            when: new Date(Date.UTC(2026, 11, 7)),
            custom: { toJSON: (key: string) => ({ key }) },
            numbers: [0, -1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY],
            boxed: [new String("s"), new Number(2), new Boolean(false)],
            flags: [true, false],
        };
        for (const indent of [2, 4, 0]) {
            expect(written(value, indent)).to.equal(`${JSON.stringify(value, null, indent)}\n`);
        }
        expect(written([])).to.equal("[]\n");
        expect(written("text")).to.equal('"text"\n');
    });

    it("writes a document larger than one chunk whole", () => {
        const value = {
            resources: Array.from({ length: 20_000 }, (_, i) => ({
                urn: `urn:pulumi:bench::hub-network::aws:ec2/subnet:Subnet::s${i}`,
                inputs: {
                    cidrBlock: `10.${i % 256}.0.0/28`,
                    tags: { Name: `s${i}`, "hub-network:environment": "bench" },
                },
            })),
        };
        const text = written(value);
        expect(text.length).to.be.greaterThan(2 * 1024 * 1024);
        expect(text).to.equal(`${JSON.stringify(value, null, 2)}\n`);
    });

    it("writes small parts of a large document in one piece, indented where they stand", () => {
        // Line breaks in strings (escaped by JSON), toJSON and skipped members inside parts written whole,
        // under a part large enough to be written member by member.
        const part = (i: number) => ({
            message: `line one\nline two ${i}\r\n\u2028`,
            when: new Date(Date.UTC(2026, 11, 7, 0, 0, i)),
            skipped: undefined,
            nested: [{ deep: [i, [`a\nb`]] }, []],
        });
        const value = { top: { parts: Array.from({ length: 3_000 }, (_, i) => part(i)), small: part(-1) } };
        for (const indent of [2, 4, 0]) {
            expect(written(value, indent)).to.equal(`${JSON.stringify(value, null, indent)}\n`);
        }
    });

    it("refuses a value JSON has no text for, as JSON.stringify returns none", () => {
        expect(() => written(undefined)).to.throw(TypeError, "the value has no JSON text");
    });
});
