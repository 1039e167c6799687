import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { z } from "zod";
import {
    ReferenceError,
    renderReference,
    wrap,
    type ReferenceSection,
} from "../../../cli/docs/configuration";
import { CONFIGURATION_PAGE, configurationPage } from "../../../cli/docs/main";
import { describeValue, fieldsOf, jsonSchemaOf } from "../../../cli/docs/schema-fields";

const region = z.strictObject({ name: z.string(), azs: z.number().int().min(1).max(6).default(2) });
const fixture = z.strictObject({
    name: z.string().regex(/^[a-z]+$/),
    size: z.number().int(),
    regions: z.strictObject({ primary: region, dr: region.optional() }),
    groups: z
        .array(
            z.discriminatedUnion("kind", [
                z.strictObject({ kind: z.literal("list"), items: z.array(z.ipv4()).min(1) }),
                z.strictObject({ kind: z.literal("text"), body: z.string().max(64) }),
            ]),
        )
        .optional(),
    mode: z.enum(["on", "off"]).default("off"),
    tags: z.record(z.string(), z.string()).default({}),
    noted: z.boolean().describe("Described in the schema itself."),
});

const described: Record<string, string> = {
    name: "The name.",
    size: "The size.",
    regions: "The regions.",
    "regions.<primary|dr>": "One region.",
    "regions.<primary|dr>.name": "The region's name.",
    "regions.<primary|dr>.azs": "The AZ count.",
    groups: "The groups.",
    "groups[list].kind": "A list group.",
    "groups[list].items": "Its addresses.",
    "groups[text].kind": "A text group.",
    "groups[text].body": "Its body.",
    mode: "The mode.",
    tags: "The tags.",
};

const section = (descriptions = described): ReferenceSection => ({
    title: "Fixture file",
    intro: "The fixture.",
    schema: fixture,
    prefix: "fx:",
    descriptions,
    groups: [{ title: "Groups", under: "groups", intro: "Every group." }],
    notes: "After the fields.",
});

describe("configuration reference", () => {
    describe("fieldsOf", () => {
        const fields = fieldsOf(jsonSchemaOf(fixture));
        const byPath = new Map(fields.map((f) => [f.path, f]));

        it("lists every field depth first, objects and lists included, in declaration order", () => {
            expect(fields.map((f) => f.path)).to.deep.equal([
                "name",
                "size",
                "regions",
                "regions.<primary|dr>",
                "regions.<primary|dr>.name",
                "regions.<primary|dr>.azs",
                "groups",
                "groups[list].kind",
                "groups[list].items",
                "groups[text].kind",
                "groups[text].body",
                "mode",
                "tags",
                "noted",
            ]);
        });

        it("documents keys of one shape once, saying which are required", () => {
            expect(byPath.get("regions.<primary|dr>")?.presence).to.equal(
                "`primary` required, `dr` optional",
            );
        });

        it("reads the value each field takes and its default from the schema", () => {
            expect(byPath.get("regions.<primary|dr>.azs")).to.include({
                value: "whole number from 1 to 6",
                presence: "default `2`",
            });
            expect(byPath.get("size")).to.include({ value: "whole number", presence: "required" });
            expect(byPath.get("mode")).to.include({ value: "`on` | `off`", presence: "default `off`" });
            expect(byPath.get("groups")).to.include({
                value: "list of mappings by `kind`: `list` | `text`",
                presence: "optional",
            });
            expect(byPath.get("groups[list].items")?.value).to.equal("list of IPv4 addresses, at least 1");
            expect(byPath.get("groups[text].body")?.value).to.equal("text of at most 64 characters");
            expect(byPath.get("tags")).to.include({
                value: "map of names to text",
                presence: "default `{}`",
            });
            expect(byPath.get("noted")?.description).to.equal("Described in the schema itself.");
        });

        it("words number ranges, exclusive bounds and lists", () => {
            expect(describeValue(jsonSchemaOf(z.number().positive().max(10)))).to.equal(
                "number above 0, at most 10",
            );
            expect(describeValue(jsonSchemaOf(z.number().int().min(0)))).to.equal("whole number, at least 0");
            expect(describeValue(jsonSchemaOf(z.array(z.email()).max(3)))).to.equal(
                "list of email addresses, at most 3",
            );
        });
    });

    describe("renderReference", () => {
        it("renders each field with its prefix, value, presence and meaning, grouped as asked", () => {
            const page = renderReference("# Header", [section()]);
            expect(page).to.contain(
                "## Fixture file\n\nThe fixture.\n\n- `fx:name` (text; required): The name.",
            );
            expect(page).to.contain(
                "- `fx:regions.<primary|dr>.azs` (whole number from 1 to 6; default `2`): The AZ count.",
            );
            expect(page).to.contain(
                "### Groups\n\nEvery group.\n\n- `fx:groups` (list of mappings by `kind`: `list` | `text`; optional): The groups.",
            );
            expect(page).to.contain(
                "- `fx:groups[].body` (text of at most 64 characters; required): Its body.",
            );
            expect(page).to.contain(
                "- `fx:noted` (true or false; required): Described in the schema itself.",
            );
            expect(page.indexOf("`fx:tags`")).to.be.below(page.indexOf("### Groups"));
            expect(page.trimEnd().endsWith("After the fields.")).to.equal(true);
        });

        it("refuses, all at once, fields without a description and descriptions of no field", () => {
            const descriptions: Record<string, string> = { ...described, colour: "Gone.", noted: "Twice." };
            delete descriptions.size;
            delete descriptions["groups[text].body"];
            let error: unknown;
            try {
                renderReference("# Header", [section(descriptions)]);
            } catch (e) {
                error = e;
            }
            expect(error).to.be.instanceOf(ReferenceError);
            expect((error as ReferenceError).problems.map((p) => p.message)).to.have.members([
                "'colour' is described but is not a field",
                "'size' has no description",
                "'groups[text].body' has no description",
                "'noted' is described in the schema and in the reference; keep one",
            ]);
            expect((error as Error).message).to.contain("stacks/schema/reference.ts");
        });

        it("wraps list items at 100 columns, continuation lines indented", () => {
            const item = `- \`x\` (text; required): ${"word ".repeat(60).trim()}`;
            const lines = wrap(item).split("\n");
            expect(lines.length).to.be.above(2);
            for (const line of lines) expect(line.length).to.be.at.most(100);
            for (const line of lines.slice(1)) expect(line.startsWith("  word")).to.equal(true);
            expect(lines.join(" ").replace(/ {2,}/g, " ")).to.equal(item);
        });
    });

    it(`${CONFIGURATION_PAGE} is what the schemas generate (run npm run docs after changing a schema)`, async () => {
        const committed = fs.readFileSync(path.resolve(__dirname, "../../..", CONFIGURATION_PAGE), "utf8");
        expect(
            committed === (await configurationPage()),
            "run npm run docs and commit docs/configuration.md",
        ).to.equal(true);
    });
});
