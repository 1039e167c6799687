/**
 * The plan to compare with (`--baseline`): a plan JSON file, or the plan of a git commit, evaluated in
 * a temporary `git worktree` of that commit by that commit's own plan (so a change to the program, the
 * components or the config all show), with this checkout's `node_modules`. The ref is checked to be a
 * commit before git sees it as anything else; the worktree is removed afterwards.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../../stacks/schema/yaml-file";
import type { ResourceSnapshot } from "./diff";

/** A baseline that cannot be used: the message names the file or ref and the fix. */
export class BaselineError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BaselineError";
    }
}

/** What the comparison reads of a plan document (any version of the plan's JSON). */
export interface BaselineDocument {
    readonly steps: readonly {
        readonly op?: string;
        readonly urn: string;
        readonly newState?: {
            readonly type: string;
            readonly custom?: boolean;
            readonly protect?: boolean;
            readonly inputs?: Record<string, unknown>;
            readonly propertyDependencies?: Record<string, readonly string[]>;
        };
    }[];
    readonly hubNetwork?: {
        readonly environment?: string;
        readonly mode?: string;
        readonly stacks?: readonly { readonly name: string; readonly error?: string }[];
        readonly reachability?: {
            readonly results?: readonly BaselinePath[];
            /** False when only the paths that are not clean are listed (see preview-json.ts). */
            readonly listsCleanPaths?: boolean;
            readonly cleanBySource?: Readonly<Record<string, number>>;
        } | null;
        readonly flows?: { readonly results?: readonly BaselineFlow[] } | null;
    };
}

/** A reachability result as the comparison reads it. */
export interface BaselinePath {
    readonly source: string;
    readonly destination: string;
    readonly verdict: string;
    readonly inspected?: boolean;
    readonly symmetric?: boolean | null;
}

/** A flow verdict as the comparison reads it. */
export interface BaselineFlow {
    readonly id: string;
    readonly verdict: string;
    readonly required?: boolean;
    readonly source?: string;
    readonly destination?: string;
    readonly decidedBy?: string;
}

/** A loaded baseline. */
export interface Baseline {
    /** How the output names it: the file, or `<ref> (<short sha>)`. */
    readonly label: string;
    readonly document: BaselineDocument;
}

/** The resources of a baseline document (the end state of every step that is not a deletion). */
export function baselineResources(doc: BaselineDocument): ResourceSnapshot[] {
    return doc.steps.flatMap((s) =>
        s.op === "delete" || !s.newState
            ? []
            : [
                  {
                      urn: s.urn,
                      type: s.newState.type,
                      custom: s.newState.custom !== false,
                      inputs: s.newState.inputs ?? {},
                      protect: s.newState.protect === true,
                      ...(s.newState.propertyDependencies
                          ? { propertyDependencies: s.newState.propertyDependencies }
                          : {}),
                  },
              ],
    );
}

/** Parses and checks a plan document for `env` in `mode`; `where` names it in messages. */
export function checkBaseline(
    text: string,
    where: string,
    env: string,
    mode: "preview" | "update",
): BaselineDocument {
    let doc: BaselineDocument;
    try {
        doc = JSON.parse(text) as BaselineDocument;
    } catch (error) {
        throw new BaselineError(
            `--baseline ${where} is not valid JSON (${(error as Error).message}); expected a plan.json written by npm run plan`,
        );
    }
    if (!doc || typeof doc !== "object" || !Array.isArray(doc.steps)) {
        throw new BaselineError(
            `--baseline ${where} has no 'steps' list; expected a plan.json written by npm run plan`,
        );
    }
    const planned = doc.hubNetwork?.environment;
    if (planned !== undefined && planned !== env) {
        throw new BaselineError(
            `--baseline ${where} is a plan of environment '${planned}'; expected a plan of '${env}' (the same --env)`,
        );
    }
    const was = doc.hubNetwork?.mode;
    if (was !== undefined && was !== mode) {
        throw new BaselineError(
            `--baseline ${where} was planned with --${was}; this plan runs with --${mode}: compare plans of the same mode`,
        );
    }
    return doc;
}

/** A git ref as the command line may give it: no option, no space, no control character. */
const REF = /^[A-Za-z0-9][A-Za-z0-9._/@{}^~:+-]*$/;

function git(cwd: string, args: readonly string[]): { ok: boolean; out: string; err: string } {
    const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8" });
    return { ok: r.status === 0, out: (r.stdout ?? "").trim(), err: (r.stderr ?? "").trim() };
}

/** The commit `ref` names in the repository holding `root`, checked; throws a BaselineError. */
export function resolveCommit(root: string, ref: string): string {
    if (!REF.test(ref) || ref.includes("..")) {
        throw new BaselineError(
            `--baseline '${ref}' is neither a file nor a git ref; expected a plan.json or a commit, branch or tag (e.g. main, HEAD~1, v1.2.0)`,
        );
    }
    const inRepo = git(root, ["rev-parse", "--is-inside-work-tree"]);
    if (!inRepo.ok) {
        throw new BaselineError(
            `--baseline '${ref}' is not a file, and ${root} is not in a git repository; expected a plan.json, or a ref of the project's repository`,
        );
    }
    const sha = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    if (!sha.ok || !/^[0-9a-f]{40,64}$/.test(sha.out)) {
        throw new BaselineError(
            `--baseline '${ref}' is neither a file nor a commit of the repository at ${root}; expected a plan.json or a commit, branch or tag (git fetch it first if it is remote)`,
        );
    }
    return sha.out;
}

/** How to plan the baseline commit. */
export interface RefPlanOptions {
    readonly env: string;
    readonly preview: boolean;
    readonly stack?: string;
    /** The project folder whose `stacks/` the current plan reads. */
    readonly root: string;
    /** Receives progress lines. */
    readonly log?: (line: string) => void;
}

function run(
    command: string,
    args: readonly string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
        child.stderr.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
        child.on("close", (code) => resolve({ code: code ?? 1, output }));
        child.on("error", (error) => resolve({ code: 1, output: error.message }));
    });
}

/**
 * Plans the commit `ref` in a temporary worktree and returns its plan. When the program itself lives in
 * the same repository (the usual case), the commit's own plan runs; when `root` is a repository of
 * stack files only, this checkout's plan runs over the commit's files.
 */
export async function planOfRef(ref: string, options: RefPlanOptions): Promise<Baseline> {
    const sha = resolveCommit(options.root, ref);
    const top = git(options.root, ["rev-parse", "--show-toplevel"]).out;
    const temp = fs.mkdtempSync(path.join(tmpdir(), "hub-network-baseline-"));
    const tree = path.join(temp, "tree");
    try {
        const added = git(top, ["worktree", "add", "--detach", "--quiet", tree, sha]);
        if (!added.ok) throw new BaselineError(`--baseline '${ref}': git worktree add failed: ${added.err}`);
        const sameRepo = !path.relative(top, PROJECT_ROOT).startsWith("..");
        const program = sameRepo ? tree : PROJECT_ROOT;
        const root = path.join(tree, path.relative(top, options.root));
        if (!fs.existsSync(path.join(program, "cli", "plan", "cli.ts"))) {
            throw new BaselineError(
                `--baseline '${ref}' (${sha.slice(0, 12)}) has no offline plan (cli/plan/cli.ts); compare with a later commit or a plan.json`,
            );
        }
        if (sameRepo && !fs.existsSync(path.join(tree, "node_modules"))) {
            fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(tree, "node_modules"), "dir");
        }
        const json = path.join(temp, "plan.json");
        options.log?.(`... baseline: planning ${ref} (${sha.slice(0, 12)}) in a temporary worktree`);
        const { output } = await run(
            process.execPath,
            [
                "--max-semi-space-size=64",
                "--require",
                path.join(program, "cli", "register.js"),
                path.join(program, "cli", "plan", "cli.ts"),
                "--env",
                options.env,
                "--json",
                json,
                "--out",
                path.join(temp, "out"),
                "--no-policy",
                "--quiet",
                ...(options.preview ? [] : ["--update"]),
                ...(options.stack ? ["--stack", options.stack] : []),
                ...(sameRepo ? [] : ["--root", root]),
            ],
            program,
            { ...process.env, HUB_NETWORK_TS_CACHE: path.join(temp, "cache") },
        );
        if (!fs.existsSync(json)) {
            const tail = output.trim().split("\n").slice(-8).join("\n");
            throw new BaselineError(
                `--baseline '${ref}' (${sha.slice(0, 12)}): its plan wrote no plan.json:\n${tail}`,
            );
        }
        const label = `${ref} (${sha.slice(0, 12)})`;
        // Paths inside the worktree (a container image's build context) are this checkout's paths.
        const text = fs
            .readFileSync(json, "utf8")
            .split(JSON.stringify(tree).slice(1, -1))
            .join(JSON.stringify(top).slice(1, -1));
        return {
            label,
            document: checkBaseline(text, label, options.env, options.preview ? "preview" : "update"),
        };
    } finally {
        git(top, ["worktree", "remove", "--force", tree]);
        fs.rmSync(temp, { recursive: true, force: true });
        git(top, ["worktree", "prune"]);
    }
}

/** The baseline `spec` names: a plan JSON file if one exists there, else a git ref. */
export async function loadBaseline(spec: string, options: RefPlanOptions): Promise<Baseline> {
    const mode = options.preview ? "preview" : "update";
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(spec);
    } catch {
        stat = undefined;
    }
    if (stat?.isDirectory()) {
        const inside = path.join(spec, "plan.json");
        if (!fs.existsSync(inside)) {
            throw new BaselineError(
                `--baseline ${spec} is a folder without plan.json; expected a plan.json or a git ref`,
            );
        }
        return {
            label: inside,
            document: checkBaseline(fs.readFileSync(inside, "utf8"), inside, options.env, mode),
        };
    }
    if (stat?.isFile()) {
        return {
            label: spec,
            document: checkBaseline(fs.readFileSync(spec, "utf8"), spec, options.env, mode),
        };
    }
    return planOfRef(spec, options);
}
