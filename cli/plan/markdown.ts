/**
 * The plan as Markdown for a pull-request comment (`summary.md` beside plan.json): one line of
 * totals, then what a reviewer must see before approving, each section capped so that the whole stays
 * far below GitHub's comment limit however large the environment (every detail is in plan.json):
 * critical replacements and deletions, changes by stack (stacks with replacements first), the
 * replacements with the property that forces each, deletions, updates with their changed properties,
 * policy violations (mandatory first), flows and paths whose verdict changed against the baseline,
 * required flows not allowed, and stacks that failed.
 */
import type { Comparison, ResourceChange } from "./changes";
import type { ChangeOp } from "./changes/diff";
import { countsText, propertyText, replaceText } from "./changes/report";
import type { FlowFinding, FlowResult } from "./flows/types";
import type { PolicyFinding } from "./policy";

/** At most this many rows per table. */
export const MARKDOWN_ROWS = 25;

/**
 * At most this many characters in all: GitHub refuses a comment body over 65,536 characters
 * (the REST API's "body is too long" validation error); a comment also carries the CI summary and
 * the other environments' plans.
 */
export const MARKDOWN_CHARS = 20_000;

/** What the summary reads of a plan. */
export interface MarkdownInput {
    readonly env: string;
    readonly mode: "preview" | "update";
    readonly stacks: readonly {
        readonly name: string;
        readonly resources: number;
        readonly error?: string;
    }[];
    readonly comparison?: Comparison;
    /** Policy findings; undefined with `--no-policy`. */
    readonly findings?: readonly PolicyFinding[];
    /** Required flows that are not allowed. */
    readonly failingFlows: readonly FlowResult[];
    /** Flow findings of severity `error` (BGP, DNS, GWLB, WAF): they fail the plan too. @default [] */
    readonly flowErrors?: readonly FlowFinding[];
    /** Paths that violate the traffic design (uninspected, asymmetric, looping). */
    readonly violatingPaths: number;
    /** Estimated monthly cost of the fixed parts, USD. */
    readonly monthlyUsd?: number;
}

/** A table cell: one line, pipes escaped, at most `max` characters. */
export function cell(text: string, max = 160): string {
    const line = text.replace(/\r?\n/g, " ").replace(/\s+/g, " ").trim();
    const short = line.length > max ? `${line.slice(0, max - 1)}…` : line;
    return short.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;");
}

/** Code in a cell: backticks that cannot close early. */
const code = (text: string) => `\`${cell(text, 120).replace(/`/g, "'")}\``;

const typeName = (type: string) => type.slice(type.lastIndexOf(":") + 1);

/** A table of `rows` under `header`, capped at {@link MARKDOWN_ROWS}, saying how many were left out. */
function table(header: readonly string[], rows: readonly string[][], more: string): string[] {
    const shown = rows.slice(0, MARKDOWN_ROWS);
    const out = [
        `| ${header.join(" | ")} |`,
        `| ${header.map(() => "---").join(" | ")} |`,
        ...shown.map((r) => `| ${r.join(" | ")} |`),
    ];
    if (rows.length > shown.length)
        out.push("", `…and ${rows.length - shown.length} more ${more} in plan.json.`);
    return out;
}

/** The headline: what the plan does, against what, and whether it passes. */
function headline(input: MarkdownInput): string {
    const failed = input.stacks.filter((s) => s.error).length;
    const mandatory = (input.findings ?? []).filter((f) => f.enforcementLevel === "mandatory").length;
    const critical = input.comparison?.changes.violations.length ?? 0;
    const problems = [
        failed ? `${failed} stack(s) failed` : "",
        critical ? `${critical} critical replacement(s) or deletion(s) not allowed` : "",
        mandatory ? `${mandatory} mandatory policy violation(s)` : "",
        input.failingFlows.length ? `${input.failingFlows.length} required flow(s) not allowed` : "",
        input.flowErrors?.length ? `${input.flowErrors.length} flow finding(s) in error` : "",
        input.violatingPaths ? `${input.violatingPaths} path(s) violating the traffic design` : "",
    ].filter(Boolean);
    const resources = input.stacks.reduce((n, s) => n + s.resources, 0);
    const what = input.comparison
        ? `${countsText(input.comparison.changes.counts)} against \`${cell(input.comparison.baseline, 80)}\``
        : `${resources} resources to create (no baseline)`;
    const verdict = problems.length ? `**fails**: ${problems.join(", ")}` : "passes";
    return `**${input.env}** (${input.mode}): ${input.stacks.length} stack(s), ${what}; ${verdict}.`;
}

function changeSections(comparison: Comparison): string[] {
    const { changes } = comparison;
    const all = changes.stacks.flatMap((s) => s.changes);
    const out: string[] = [];
    if (changes.violations.length) {
        out.push(
            "",
            `#### Critical resources replaced or deleted (${changes.violations.length})`,
            "",
            "Each needs `--allow-replace <name-or-urn>` on the plan if it is intended.",
            "",
            ...table(
                ["op", "stack", "resource", "type", "why it matters", "cause"],
                changes.violations.map((c) => [
                    `**${c.op}**`,
                    code(c.stack),
                    code(c.name),
                    typeName(c.type),
                    cell(c.critical ?? ""),
                    cell(c.op === "replace" ? replaceText(c) : "removed from the program"),
                ]),
                "critical changes",
            ),
        );
    }
    const touched = changes.stacks.filter((s) => s.changes.length > 0);
    if (touched.length) {
        const ranked = [...touched].sort(
            (a, b) =>
                b.counts.replace - a.counts.replace ||
                b.counts.delete - a.counts.delete ||
                b.counts.update - a.counts.update ||
                b.counts.create - a.counts.create ||
                a.stack.localeCompare(b.stack),
        );
        out.push(
            "",
            `#### Changes by stack (${touched.length} of ${changes.stacks.length})`,
            "",
            ...table(
                ["stack", "replace", "delete", "update", "create", "unchanged"],
                ranked.map((s) => [
                    code(s.stack),
                    s.counts.replace ? `**${s.counts.replace}**` : "",
                    s.counts.delete ? `**${s.counts.delete}**` : "",
                    s.counts.update ? String(s.counts.update) : "",
                    s.counts.create ? String(s.counts.create) : "",
                    String(s.counts.same),
                ]),
                "stacks",
            ),
        );
    }
    const section = (op: ChangeOp, title: string, row: (c: ResourceChange) => string[], header: string[]) => {
        // Critical ones are in their own table above.
        const list = all.filter((c) => c.op === op && !changes.violations.includes(c));
        if (!list.length) return;
        out.push(
            "",
            `#### ${title} (${list.length})`,
            "",
            ...table(header, list.map(row), title.toLowerCase()),
        );
    };
    const flags = (c: ResourceChange) =>
        [c.allowed ? "allowed" : "", c.deleteBeforeReplace ? "deleted before its replacement exists" : ""]
            .filter(Boolean)
            .join(", ");
    section(
        "replace",
        "Replacements",
        (c) => [code(c.stack), code(c.name), typeName(c.type), cell(replaceText(c)), flags(c)],
        ["stack", "resource", "type", "replaced because", "notes"],
    );
    section(
        "delete",
        "Deletions",
        (c) => [
            code(c.stack),
            code(c.name),
            typeName(c.type),
            [c.allowed ? "allowed" : "", c.retained ? "retained in the cloud" : ""]
                .filter(Boolean)
                .join(", "),
        ],
        ["stack", "resource", "type", "notes"],
    );
    section(
        "update",
        "Updates in place",
        (c) => [code(c.stack), code(c.name), typeName(c.type), cell(propertyText(c), 240)],
        ["stack", "resource", "type", "changed"],
    );
    const verdicts = comparison.verdicts;
    if (verdicts.length) {
        out.push(
            "",
            `#### Flows and paths whose verdict changed (${verdicts.length})`,
            "",
            ...table(
                ["", "kind", "flow or path", "before", "after", "decided by"],
                verdicts.map((v) => [
                    v.worse ? "**worse**" : "",
                    v.kind,
                    code(v.key),
                    cell(v.before),
                    v.worse ? `**${cell(v.after)}**` : cell(v.after),
                    cell(v.detail ?? ""),
                ]),
                "verdict changes",
            ),
        );
    }
    if (changes.unusedAllows.length) {
        out.push(
            "",
            ...changes.unusedAllows.map(
                (a) =>
                    `- \`--allow-replace ${cell(a, 120)}\` names no resource this plan replaces or deletes.`,
            ),
        );
    }
    return out;
}

function policySection(findings: readonly PolicyFinding[]): string[] {
    if (!findings.length) return [];
    const sorted = [...findings].sort(
        (a, b) =>
            Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory") ||
            a.policyName.localeCompare(b.policyName) ||
            a.stack.localeCompare(b.stack),
    );
    const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory").length;
    return [
        "",
        `#### Policy violations (${mandatory} mandatory, ${findings.length - mandatory} advisory)`,
        "",
        ...table(
            ["level", "policy", "stack", "resource", "message"],
            sorted.map((f) => [
                f.enforcementLevel === "mandatory" ? "**mandatory**" : f.enforcementLevel,
                code(f.policyName),
                code(f.stack),
                f.urn ? code(f.urn.slice(f.urn.lastIndexOf("::") + 2)) : "(stack)",
                cell(f.message, 240),
            ]),
            "violations",
        ),
    ];
}

/** The summary as Markdown, at most {@link MARKDOWN_CHARS} characters. */
export function planMarkdown(input: MarkdownInput): string {
    const lines: string[] = [`### Offline plan of ${input.env}`, "", headline(input)];
    if (input.monthlyUsd !== undefined) {
        lines.push(
            "",
            `Estimated fixed cost: $${input.monthlyUsd.toLocaleString("en-US", { maximumFractionDigits: 2 })} a month (list prices; traffic excluded).`,
        );
    }
    const failed = input.stacks.filter((s) => s.error);
    if (failed.length) {
        lines.push(
            "",
            `#### Stacks that failed (${failed.length})`,
            "",
            ...table(
                ["stack", "error"],
                failed.map((s) => [code(s.name), cell(s.error ?? "", 400)]),
                "failed stacks",
            ),
        );
    }
    if (input.comparison) lines.push(...changeSections(input.comparison));
    lines.push(...policySection(input.findings ?? []));
    if (input.failingFlows.length) {
        lines.push(
            "",
            `#### Required flows not allowed (${input.failingFlows.length})`,
            "",
            ...table(
                ["stack", "from", "to", "protocol/port", "verdict", "decided by"],
                input.failingFlows.map((f) => [
                    code(f.stack),
                    cell(f.source),
                    cell(f.destination),
                    `${f.protocol}/${f.port ?? "-"}`,
                    `**${f.verdict}**`,
                    cell(f.decidedBy, 200),
                ]),
                "flows",
            ),
        );
    }
    if (input.flowErrors?.length) {
        lines.push(
            "",
            `#### Flow findings in error (${input.flowErrors.length})`,
            "",
            ...table(
                ["stack", "kind", "finding"],
                input.flowErrors.map((f) => [code(f.stack), f.kind, cell(f.message, 400)]),
                "flow findings",
            ),
        );
    }
    return fit(lines);
}

/** Keeps whole lines up to {@link MARKDOWN_CHARS}, ending with a note when something was cut. */
function fit(lines: readonly string[]): string {
    const note = "\n\n…cut to fit a pull-request comment; every change is in plan.json.\n";
    let size = 0;
    const kept: string[] = [];
    for (const line of lines) {
        if (size + line.length + 1 > MARKDOWN_CHARS - note.length) return `${kept.join("\n")}${note}`;
        kept.push(line);
        size += line.length + 1;
    }
    return `${kept.join("\n")}\n`;
}
