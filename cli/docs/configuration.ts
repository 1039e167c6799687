/**
 * Renders docs/configuration.md from the config schemas: every field of every config file, with the
 * value it takes and its default read from the schema, and its meaning from stacks/schema/reference.ts.
 * A field without a description, or a description of a field the schema no longer has, is an error, so
 * the page cannot drift from the schemas.
 */
import * as path from "node:path";
import type { z } from "zod";
import { fieldsOf, jsonSchemaOf, type SchemaField } from "./schema-fields";

/** One part of the page: a config file, or a block of one. */
export interface ReferenceSection {
    /** The section's heading. */
    readonly title: string;
    /** Markdown before the fields: where the block lives and how it is checked. */
    readonly intro: string;
    /** The schema whose fields the section lists. */
    readonly schema: z.ZodType;
    /** Written in front of every path, e.g. `hub-network:spoke.` for the spoke request. */
    readonly prefix?: string;
    /** The meaning of each field, by its path as {@link fieldsOf} gives it (without the prefix). */
    readonly descriptions: Readonly<Record<string, string>>;
    /** Sub-sections: the fields under `under` (longest match wins) are listed under `title`. */
    readonly groups?: readonly { readonly title: string; readonly under: string; readonly intro?: string }[];
    /** Markdown after the fields. */
    readonly notes?: string;
}

/** A field of a section, or the description it lacks. */
interface Problem {
    readonly section: string;
    readonly message: string;
}

/** Thrown when the descriptions and the schemas disagree; lists every mismatch. */
export class ReferenceError extends Error {
    constructor(
        readonly problems: readonly Problem[],
        source: string,
    ) {
        super(
            `the configuration reference does not match the schemas (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  ${p.section}: ${p.message}`).join("\n") +
                `\nexpected a description in ${source} for every field of the schema and none for a field it lacks`,
        );
        this.name = "ReferenceError";
    }
}

const WIDTH = 100;

/** The page, before formatting. Throws a {@link ReferenceError} listing every field left undescribed. */
export function renderReference(
    header: string,
    sections: readonly ReferenceSection[],
    source = "stacks/schema/reference.ts",
): string {
    const problems: Problem[] = [];
    const parts = [header.trim()];
    for (const section of sections) {
        const fields = fieldsOf(jsonSchemaOf(section.schema));
        const known = new Set(fields.map((f) => f.path));
        for (const key of Object.keys(section.descriptions)) {
            if (!known.has(key)) {
                problems.push({
                    section: section.title,
                    message: `'${key}' is described but is not a field`,
                });
            }
        }
        const entry = (field: SchemaField): string => {
            const description = field.description ?? section.descriptions[field.path];
            if (field.description !== undefined && section.descriptions[field.path] !== undefined) {
                problems.push({
                    section: section.title,
                    message: `'${field.path}' is described in the schema and in the reference; keep one`,
                });
            }
            if (description === undefined) {
                problems.push({ section: section.title, message: `'${field.path}' has no description` });
            }
            const shown = `${section.prefix ?? ""}${field.path}`.replace(/\[[^\]]+\]/g, "[]");
            return wrap(`- \`${shown}\` (${field.value}; ${field.presence}): ${description ?? ""}`);
        };
        const groups = section.groups ?? [];
        const groupOf = (field: SchemaField) =>
            groups
                .filter((g) => field.path === g.under || field.path.startsWith(g.under))
                .sort((a, b) => b.under.length - a.under.length)[0];
        parts.push(`## ${section.title}`, section.intro.trim());
        const main = fields.filter((f) => groupOf(f) === undefined);
        if (main.length > 0) parts.push(main.map(entry).join("\n"));
        for (const group of groups) {
            const inGroup = fields.filter((f) => groupOf(f) === group);
            parts.push(`### ${group.title}`);
            if (group.intro) parts.push(group.intro.trim());
            if (inGroup.length > 0) parts.push(inGroup.map(entry).join("\n"));
        }
        if (section.notes) parts.push(section.notes.trim());
    }
    if (problems.length > 0) throw new ReferenceError(problems, source);
    return parts.join("\n\n") + "\n";
}

/** Wraps a list item at {@link WIDTH} columns, continuation lines indented under its text. */
export function wrap(item: string): string {
    const words = item.split(" ");
    const lines: string[] = [];
    let line = "";
    for (const word of words) {
        if (line !== "" && line.length + 1 + word.length > WIDTH) {
            lines.push(line);
            line = `  ${word}`;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    lines.push(line);
    return lines.join("\n");
}

/** The page as Prettier formats it with the project's settings, so `npm run lint` accepts it as is. */
export async function formatMarkdown(markdown: string, file: string): Promise<string> {
    const prettier = await import("prettier");
    const options = (await prettier.resolveConfig(file)) ?? {};
    return prettier.format(markdown, { ...options, parser: "markdown", filepath: path.basename(file) });
}
