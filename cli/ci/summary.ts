/**
 * The CI plan as the workflow consumes it (GitHub Actions matrices per promotion stage) and as a
 * reviewer reads it (the pull-request comment: what the change touches, its blast radius, the stacks
 * created and destroyed, the promotion order, and each preview's changes and policy violations).
 */
import { CiPlanError, type CiPlan, type CiStackTarget } from "./plan";

/** How many promotion stages the workflow has jobs for (.github/workflows/hub-network.yml). */
export const WORKFLOW_STAGES = 4;

/** A GitHub Actions matrix. */
export interface Matrix {
    readonly include: readonly CiStackTarget[];
}

/** One promotion stage: an environment, its levels and its removed stacks. */
export interface WorkflowStage {
    readonly environment: string;
    readonly approval: boolean;
    readonly levels: readonly Matrix[];
    readonly destroy: Matrix;
}

/** What the workflow reads from `ci-stacks --plan`. */
export interface WorkflowPlan {
    /** Every stack to preview on a pull request (all environments, every level). */
    readonly previews: Matrix;
    /** Removed stacks, previewed as a destroy on a pull request. */
    readonly destroys: Matrix;
    /** The promotion stages, `WORKFLOW_STAGES` long: `null` where there is no environment. */
    readonly stages: readonly (WorkflowStage | null)[];
}

/** The plan in the workflow's shape; refuses more environments than the workflow has stages. */
export function workflowPlan(plan: CiPlan): WorkflowPlan {
    if (plan.environments.length > WORKFLOW_STAGES) {
        throw new CiPlanError([
            `the change reaches ${plan.environments.length} environments (${plan.environments.map((e) => e.name).join(", ")}); ` +
                `the workflow promotes through ${WORKFLOW_STAGES}: add a stage job to .github/workflows/hub-network.yml`,
        ]);
    }
    const stages: (WorkflowStage | null)[] = plan.environments.map((e) => ({
        environment: e.name,
        approval: e.approval,
        levels: e.levels.map((include) => ({ include })),
        destroy: { include: e.destroy },
    }));
    while (stages.length < WORKFLOW_STAGES) stages.push(null);
    return {
        previews: { include: plan.environments.flatMap((e) => e.levels.flat()) },
        destroys: { include: plan.environments.flatMap((e) => e.destroy) },
        stages,
    };
}

/** The parts of `pulumi preview --json` (and of `npm run plan`'s plan.json) the summary reads. */
export interface PreviewJson {
    readonly changeSummary?: Readonly<Record<string, number>>;
    readonly diagnostics?: readonly {
        readonly severity?: string;
        readonly message?: string;
        readonly policyName?: string;
        readonly enforcementLevel?: string;
    }[];
}

/** What a stack's preview says, in one line. */
export function previewLine(stack: string, preview: PreviewJson | undefined): string {
    if (preview === undefined) return `| \`${stack}\` | no preview | | |`;
    const summary = preview.changeSummary ?? {};
    const ops = ["create", "update", "replace", "delete"]
        .map((op) => [op, summary[op] ?? 0] as const)
        .filter(([, n]) => n > 0)
        .map(([op, n]) => (op === "replace" || op === "delete" ? `**${n} ${op}**` : `${n} ${op}`));
    const policies = (preview.diagnostics ?? []).filter((d) => d.policyName !== undefined);
    const mandatory = policies.filter((d) => d.enforcementLevel === "mandatory").length;
    const advisory = policies.filter((d) => d.enforcementLevel === "advisory").length;
    const errors = (preview.diagnostics ?? []).filter(
        (d) => d.policyName === undefined && d.severity === "error",
    ).length;
    const changes = ops.length > 0 ? ops.join(", ") : "no changes";
    const verdict =
        errors > 0 ? `${errors} error(s)` : mandatory > 0 ? `**${mandatory} mandatory**` : "passes";
    return `| \`${stack}\` | ${changes} | ${verdict} | ${advisory > 0 ? `${advisory} advisory` : ""} |`;
}

/**
 * At most this many characters in the comment: GitHub refuses a comment body over 65,536 characters.
 * An environment's plan summary that would pass it is left out, with a pointer to the artefact.
 */
export const COMMENT_CHARS = 60_000;

/**
 * The pull-request comment. `previews` by stack name; `offline` the offline plan's console summary per
 * environment, shown where the plan wrote no `summary.md`; `markdown` the plan's `summary.md` per
 * environment (its changes against the base, policy violations, flows whose verdict changed).
 */
export function renderSummary(
    plan: CiPlan,
    previews: ReadonlyMap<string, PreviewJson> = new Map(),
    offline: ReadonlyMap<string, string> = new Map(),
    markdown: ReadonlyMap<string, string> = new Map(),
): string {
    const lines: string[] = ["## hub-network: what this change does", ""];
    if (plan.environments.length === 0) {
        lines.push("No stack is touched: nothing to preview or deploy.");
        return `${lines.join("\n")}\n`;
    }
    lines.push(
        "On merge, CI deploys the environments in this order, each after the one before succeeds:",
        "",
    );
    lines.push(
        "| order | environment | stacks | new | destroyed | approval |",
        "| --: | --- | --: | --: | --: | --- |",
    );
    plan.environments.forEach((e, i) => {
        const stacks = e.levels.flat();
        lines.push(
            `| ${i + 1} | ${e.name} | ${stacks.length} | ${stacks.filter((s) => s.isNew).length} | ` +
                `${e.destroy.length} | ${e.approval ? "required" : "no"} |`,
        );
    });
    const wide = plan.blastRadius.filter((b) => b.stacks > 1);
    if (wide.length > 0) {
        lines.push("", "### Blast radius", "");
        const groups = new Map<string, { paths: string[]; stacks: number; reason: string; envs: string }>();
        for (const b of wide) {
            const key = `${b.reason}|${b.stacks}|${b.environments.join(",")}`;
            const group = groups.get(key) ?? {
                paths: [],
                stacks: b.stacks,
                reason: b.reason,
                envs: b.environments.join(", "),
            };
            group.paths.push(b.path);
            groups.set(key, group);
        }
        for (const g of groups.values()) {
            const named = g.paths
                .slice(0, 3)
                .map((p) => `\`${p}\``)
                .join(", ");
            const more = g.paths.length > 3 ? ` and ${g.paths.length - 3} more files` : "";
            lines.push(`- ${named}${more}: ${g.reason}, **${g.stacks} stacks** (${g.envs}).`);
        }
    }
    const created = plan.environments.flatMap((e) => e.levels.flat().filter((s) => s.isNew));
    if (created.length > 0) {
        lines.push("", "### New stacks", "");
        for (const s of created)
            lines.push(`- \`${s.qualifiedName}\`: created on merge, in account ${s.account}.`);
    }
    const destroyed = plan.environments.flatMap((e) => e.destroy);
    if (destroyed.length > 0) {
        lines.push("", "### Stacks destroyed after approval", "");
        for (const s of destroyed) {
            lines.push(
                `- \`${s.qualifiedName}\`: its file is removed; on merge, after an approval, ` +
                    `\`pulumi destroy\` in account ${s.account}, then \`pulumi stack rm\`.`,
            );
        }
    }
    lines.push(
        "",
        "### Previews",
        "",
        "| stack | changes | policies | advisories |",
        "| --- | --- | --- | --- |",
    );
    for (const e of plan.environments) {
        for (const s of e.levels.flat()) lines.push(previewLine(s.stack, previews.get(s.stack)));
    }
    let size = lines.reduce((n, l) => n + l.length + 1, 0);
    const envs = [...new Set([...markdown.keys(), ...offline.keys()])].sort();
    for (const env of envs) {
        const md = markdown.get(env);
        const section =
            md !== undefined
                ? ["", md.trim()]
                : ["", `### Offline plan of ${env}`, "", "```", (offline.get(env) ?? "").trim(), "```"];
        const length = section.reduce((n, l) => n + l.length + 1, 0);
        if (size + length > COMMENT_CHARS) {
            lines.push(
                "",
                `### Offline plan of ${env}`,
                "",
                "Too long for this comment: see the `offline-plan` artefact of this run (`" +
                    `${env}/summary.md\`, \`${env}/plan.json\`).`,
            );
            continue;
        }
        lines.push(...section);
        size += length;
    }
    return `${lines.join("\n")}\n`;
}
