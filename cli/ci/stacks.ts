/**
 * `npm run ci-stacks`: what CI does with a change (see `--help`). The logic is in ./plan.ts (which
 * stacks, in which order, created or destroyed) and ./summary.ts (the workflow's matrices and the
 * pull-request comment); .github/workflows/hub-network.yml only follows what this prints.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { ConfigError } from "../../stacks/schema/errors";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { ciPlan, CiPlanError, parseNameStatus, type Change, type CiOptions, type CiPlan } from "./plan";
import { renderSummary, workflowPlan, type PreviewJson } from "./summary";

/** A stack CI runs `pulumi preview` / `pulumi up` on. */
export interface CiStack {
    readonly stack: string;
    readonly environment: string;
    /** 0: primary network; 1: DR network and security; 2: spokes (deploy lower levels first). */
    readonly level: number;
    readonly account: string;
    readonly region: string;
    /** The role CI assumes (OIDC) to run the stack: a spoke's deployer role, else `<roleName>` in the account. */
    readonly roleArn: string;
}

/** The Pulumi project's name, from Pulumi.yaml (this repository's, for a folder of stack files only). */
export function projectName(root = PROJECT_ROOT): string {
    const file = [root, PROJECT_ROOT]
        .map((dir) => path.join(dir, "Pulumi.yaml"))
        .find((f) => fs.existsSync(f));
    const doc = parse(fs.readFileSync(file!, "utf8")) as { name?: unknown };
    return String(doc.name);
}

/** Options of a plan with this repository's defaults. */
export function defaultOptions(root = PROJECT_ROOT, overrides: Partial<CiOptions> = {}): CiOptions {
    return {
        organization: "organization",
        project: projectName(root),
        deployRoleName: "hub-network-deployer",
        previewRoleName: "hub-network-preview",
        exists: (file) => fs.existsSync(path.join(root, file)),
        atBase: () => undefined,
        ...overrides,
    };
}

/**
 * The stacks `changed` (paths relative to the project root, present in the project) touches: a stack
 * config file its stack, an environment file every stack of that environment, the workload code every
 * spoke, and the program, components, policy pack or dependencies every stack. Ordered by
 * environment, level and name.
 */
export function stacksTouched(
    changed: readonly string[],
    root = PROJECT_ROOT,
    roleName = "hub-network-deployer",
): CiStack[] {
    const plan = ciPlan(
        changed.map((p) => ({ status: "M", path: p })),
        root,
        defaultOptions(root, { deployRoleName: roleName }),
    );
    return plan.environments
        .flatMap((e) => e.levels.flat())
        .map(({ stack, environment, level, account, region, roleArn }) => ({
            stack,
            environment,
            level,
            account,
            region,
            roleArn,
        }))
        .sort(
            (a, b) =>
                a.environment.localeCompare(b.environment) ||
                a.level - b.level ||
                a.stack.localeCompare(b.stack),
        );
}

const USAGE = `usage: npm run ci-stacks -- [--base REV] [--head REV] [options] [--plan | --summary | --matrix]

  what CI does with the change from the merge base of REV and HEAD to HEAD

  --base REV               the revision the change is compared with (default origin/main)
  --head REV               the change's last revision (default HEAD)
  --plan                   print the workflow's plan as JSON: previews, destroys, promotion stages
  --summary                print the pull-request comment (Markdown)
  --previews DIR           with --summary: the previews, DIR/<stack>.json from pulumi preview --json
  --offline DIR            with --summary: the offline plans, DIR/<env>/summary.md (else DIR/<env>.txt)
                           from npm run plan
  --matrix                 print the touched stacks as one GitHub Actions matrix
  --level N                with --matrix or alone: only the stacks of level N (0, 1 or 2)
  --org ORG                the Pulumi organization of the stacks (default organization)
  --role-name NAME         the deploy role in the network and security accounts (default hub-network-deployer)
  --preview-role-name NAME the read-only preview role in every account (default hub-network-preview)
  --order ENV,ENV,...      promotion order (default: development environments, then production)
  -h, --help               this text

  without --plan, --summary or --matrix: one JSON line per touched stack, in deployment order`;

/** The change from the merge base of `base` and `head` to `head`, and a reader of files at that base. */
function gitChange(
    base: string,
    head: string,
): { changes: Change[]; atBase: (file: string) => string | undefined } {
    const git = (...args: string[]) =>
        execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8", stdio: "pipe" });
    // Each revision is resolved to a commit first, after --end-of-options: a value can never be read
    // as an option of git (e.g. --base=--output=FILE).
    const commit = (rev: string) =>
        git("rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`).trim();
    const mergeBase = git("merge-base", commit(base), commit(head)).trim();
    const changes = parseNameStatus(git("diff", "--name-status", "--no-renames", mergeBase, head));
    return {
        changes,
        atBase: (file) => {
            try {
                return git("show", `${mergeBase}:${file}`);
            } catch {
                return undefined;
            }
        },
    };
}

/** The JSON files `DIR/<name>.json` (or text files with `ext`), by name; an absent folder is none. */
function filesIn(dir: string | undefined, ext: string): Map<string, string> {
    if (dir === undefined || !fs.existsSync(dir)) return new Map();
    return new Map(
        fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(ext))
            .map((f) => [f.slice(0, -ext.length), fs.readFileSync(path.join(dir, f), "utf8")]),
    );
}

/** The offline plans' pull-request summaries, `DIR/<env>/summary.md`, by environment. */
function planSummaries(dir: string | undefined): Map<string, string> {
    if (dir === undefined || !fs.existsSync(dir)) return new Map();
    return new Map(
        fs
            .readdirSync(dir, { withFileTypes: true })
            .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "summary.md")))
            .map((e) => [e.name, fs.readFileSync(path.join(dir, e.name, "summary.md"), "utf8")]),
    );
}

/** An IAM role name (no path): https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** A Pulumi Cloud organization (or user) name. */
const ORG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/**
 * What is wrong with the flags' values: a flag given twice, an empty value, a role or organization
 * name AWS or Pulumi would refuse. Every problem, one line each.
 */
function flagProblems(
    values: Record<string, string | boolean | undefined>,
    tokens: readonly { kind: string; name?: string }[],
): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const token of tokens) {
        if (token.kind !== "option" || token.name === undefined) continue;
        if (seen.has(token.name)) problems.push(`--${token.name} is given twice; expected it once`);
        seen.add(token.name);
    }
    for (const [name, value] of Object.entries(values)) {
        if (typeof value === "string" && value.trim() === "") {
            problems.push(`--${name} '' is empty; expected a value (see --help)`);
        }
    }
    for (const name of ["role-name", "preview-role-name"]) {
        const value = values[name];
        if (typeof value === "string" && value.trim() !== "" && !ROLE_NAME.test(value)) {
            problems.push(
                `--${name} '${value}' is not an IAM role name; expected 1-64 letters, digits and +=,.@_- without a path, e.g. hub-network-deployer`,
            );
        }
    }
    if (typeof values.org === "string" && values.org.trim() !== "" && !ORG_NAME.test(values.org)) {
        problems.push(
            `--org '${values.org}' is not a Pulumi organization name; expected letters, digits, '-' and '_', e.g. acme`,
        );
    }
    return problems;
}

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], out = (l: string) => process.stdout.write(`${l}\n`)): number {
    let values;
    let tokens;
    try {
        ({ values, tokens } = parseArgs({
            args: [...argv],
            strict: true,
            tokens: true,
            options: {
                base: { type: "string" },
                head: { type: "string" },
                plan: { type: "boolean" },
                summary: { type: "boolean" },
                previews: { type: "string" },
                offline: { type: "string" },
                matrix: { type: "boolean" },
                level: { type: "string" },
                org: { type: "string" },
                "role-name": { type: "string" },
                "preview-role-name": { type: "string" },
                order: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (error) {
        process.stderr.write(`ci-stacks: ${(error as Error).message}; see npm run ci-stacks -- --help\n`);
        return 2;
    }
    if (values.help) {
        out(USAGE);
        return 0;
    }
    const problems = flagProblems(values, tokens ?? []);
    if (problems.length > 0) {
        for (const problem of problems) process.stderr.write(`ci-stacks: ${problem}\n`);
        process.stderr.write("ci-stacks: see npm run ci-stacks -- --help\n");
        return 2;
    }
    const outputs = [values.plan, values.summary, values.matrix].filter(Boolean).length;
    if (outputs > 1) {
        process.stderr.write("ci-stacks: --plan, --summary and --matrix exclude each other; expected one\n");
        return 2;
    }
    const level = values.level === undefined ? undefined : Number(values.level);
    if (level !== undefined && ![0, 1, 2].includes(level)) {
        process.stderr.write(`ci-stacks: --level '${values.level}' is not a level; expected 0, 1 or 2\n`);
        return 2;
    }
    const base = values.base ?? "origin/main";
    const head = values.head ?? "HEAD";
    let change;
    try {
        change = gitChange(base, head);
    } catch {
        process.stderr.write(
            `ci-stacks: --base '${base}' or --head '${head}' is not a revision git knows; expected e.g. origin/main\n`,
        );
        return 2;
    }
    let plan: CiPlan;
    try {
        plan = ciPlan(
            change.changes,
            PROJECT_ROOT,
            defaultOptions(PROJECT_ROOT, {
                atBase: change.atBase,
                ...(values.org ? { organization: values.org } : {}),
                ...(values["role-name"] ? { deployRoleName: values["role-name"] } : {}),
                ...(values["preview-role-name"] ? { previewRoleName: values["preview-role-name"] } : {}),
                ...(values.order ? { order: values.order.split(",").map((e) => e.trim()) } : {}),
            }),
        );
        if (values.plan) {
            out(JSON.stringify(workflowPlan(plan)));
            return 0;
        }
    } catch (error) {
        if (
            !(error instanceof CiPlanError) &&
            !(error instanceof ConfigError) &&
            !(error instanceof Error && /workflow promotes/.test(error.message))
        )
            throw error;
        process.stderr.write(`ci-stacks: ${error.message.split("\n").join("\nci-stacks: ")}\n`);
        return 1;
    }
    if (values.summary) {
        const previews = new Map<string, PreviewJson>();
        for (const [stack, text] of filesIn(values.previews, ".json")) {
            try {
                previews.set(stack, JSON.parse(text) as PreviewJson);
            } catch (error) {
                process.stderr.write(
                    `ci-stacks: --previews ${path.join(values.previews ?? "", `${stack}.json`)} is not JSON (${(error as Error).message}); expected the output of pulumi preview --json\n`,
                );
                return 1;
            }
        }
        out(
            renderSummary(
                plan,
                previews,
                filesIn(values.offline, ".txt"),
                planSummaries(values.offline),
            ).trimEnd(),
        );
        return 0;
    }
    const stacks = plan.environments
        .flatMap((e) => e.levels.flat())
        .filter((s) => level === undefined || s.level === level);
    if (values.matrix) out(JSON.stringify({ include: stacks }));
    else for (const s of stacks) out(JSON.stringify(s));
    return 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
