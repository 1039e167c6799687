/**
 * The plan's files for review, beside plan.json: `summary.md` (the pull-request comment, see
 * markdown.ts) and `plan.sarif` (the policy and config findings for code scanning, see sarif.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "../../stacks/schema/errors";
import { formatProblem } from "../../stacks/schema/errors";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import type { Comparison } from "./changes";
import type { FlowFinding, FlowResult } from "./flows/types";
import { cell, planMarkdown } from "./markdown";
import type { PolicyFinding } from "./policy";
import type { StackResult } from "./run";
import { planSarif, problemsInMessage } from "./sarif";

/** The version the SARIF log names its tool by: this package's. */
function toolVersion(): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
        version?: string;
    };
    return pkg.version ?? "0.0.0";
}

/** What the review files are made of. */
export interface ReviewInput {
    readonly env: string;
    readonly preview: boolean;
    readonly root: string;
    readonly out: string;
    readonly results: readonly StackResult[];
    readonly comparison?: Comparison;
    readonly findings?: readonly PolicyFinding[];
    readonly failingFlows: readonly FlowResult[];
    /** Flow findings of severity `error`. @default [] */
    readonly flowErrors?: readonly FlowFinding[];
    readonly violatingPaths: number;
    readonly monthlyUsd?: number;
}

/** `summary.md` and `plan.sarif` of a plan, as [file, content]. */
export function reviewFiles(input: ReviewInput): [string, string][] {
    const markdown = planMarkdown({
        env: input.env,
        mode: input.preview ? "preview" : "update",
        stacks: input.results.map((r) => ({
            name: r.stack.name,
            resources: r.run?.resources.length ?? 0,
            ...(r.error ? { error: r.error } : {}),
        })),
        ...(input.comparison ? { comparison: input.comparison } : {}),
        ...(input.findings ? { findings: input.findings } : {}),
        failingFlows: input.failingFlows,
        ...(input.flowErrors ? { flowErrors: input.flowErrors } : {}),
        violatingPaths: input.violatingPaths,
        ...(input.monthlyUsd !== undefined ? { monthlyUsd: input.monthlyUsd } : {}),
    });
    const sarif = planSarif({
        env: input.env,
        root: input.root,
        toolVersion: toolVersion(),
        findings: input.findings ?? [],
        problems: input.results.flatMap((r) => (r.error ? problemsInMessage(r.error) : [])),
    });
    return [
        [path.join(input.out, "summary.md"), markdown],
        [path.join(input.out, "plan.sarif"), `${JSON.stringify(sarif, null, 2)}\n`],
    ];
}

/** The review files of an environment whose stack files are refused before anything is planned. */
export function refusedFiles(
    env: string,
    root: string,
    out: string,
    problems: readonly ConfigProblem[],
): [string, string][] {
    const sarif = planSarif({ env, root, toolVersion: toolVersion(), findings: [], problems });
    const markdown = [
        `### Offline plan of ${env}`,
        "",
        `**${env}**: not planned; **fails**: ${problems.length} problem(s) in its files (see docs/troubleshooting.md):`,
        "",
        ...problems.slice(0, 50).map((p) => `- ${cell(formatProblem(p), 300)}`),
        ...(problems.length > 50 ? [`- …and ${problems.length - 50} more in plan.sarif`] : []),
        "",
    ].join("\n");
    return [
        [path.join(out, "summary.md"), markdown],
        [path.join(out, "plan.sarif"), `${JSON.stringify(sarif, null, 2)}\n`],
    ];
}
