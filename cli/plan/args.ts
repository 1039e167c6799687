/** The command line of the offline plan: its options, their checks and the usage text. */
import * as path from "node:path";
import {
    closest,
    HelpRequested,
    intFlag,
    parseCommandLine,
    strayWordHint,
    UsageError,
    type FlagSpecs,
} from "../args";
import { checkInputFile, checkInputFolder, checkOutputFile, checkOutputFolder } from "../paths";
import { ENVIRONMENTS_DIR, environmentNames, STACK_CONFIG_DIR } from "../../stacks/schema/stack-config";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";

/** The usage text: printed on stdout for --help, and on stderr after a command-line mistake. */
export const USAGE = `usage: npm run plan -- --env <env> [--stack NAME] [--preview | --update] [--json FILE] [--out DIR]
                            [--policy-config FILE | --no-policy] [--allow-uninspected] [--allow-asymmetric]
                            [--allow-dropped-flows] [--all-flows]
                            [--reach SPOKE[:AZ] DESTINATION] [--workers N] [--root DIR] [--quiet] [-h|--help]
                            [--baseline PLAN.json|GIT-REF [--allow-replace URN-OR-NAME]...]

  --env ENV             environment to plan (a file in stacks/environments)
  --stack NAME          plan only this stack and the stacks it may reference
  --preview             IDs and computed attributes unknown, as in 'pulumi preview' (default)
  --update              every ID known, as after 'pulumi up'
  --json FILE           write the plan as JSON in the shape of 'pulumi preview --json'
  --out DIR             write every artefact (plan.json, topology.svg) into DIR (default plan-out/<env>,
                        or plan-out/<env>/<stack> with --stack)
  --baseline SPEC       compare with a previous plan: a plan.json, or a git commit, branch or tag whose
                        plan is evaluated in a temporary worktree; report creations, updates,
                        replacements (and why) and deletions
  --allow-replace NAME  a critical or protected resource (URN, name or STACK:NAME) this change may
                        replace or delete; repeatable
  --policy-config FILE  policy levels and settings (the file 'pulumi preview --policy-pack-config' takes)
  --no-policy           do not run the policy pack
  --reach SRC DST       answer one question hop by hop: SRC a spoke (optionally :AZ), DST a spoke,
                        "internet", or an IPv4 address or CIDR
  --allow-uninspected   report paths that bypass inspection without failing
  --allow-asymmetric    report paths whose return crosses other endpoints without failing
  --allow-dropped-flows report required flows that are not allowed, and flow findings in error
                        (BGP, DNS, GWLB, WAF), without failing
  --all-flows           list every flow's verdict in the console, not only the ones not allowed
  --workers N           threads evaluating the stacks of a level in parallel, this one included
                        (default from 8 stacks on: one per core, half of them with the policy pack
                        on; 1 evaluates every stack here)
  --root DIR            project folder whose stacks/ holds the config and environment files
  --quiet               print only the summary, mandatory violations and errors
  -h, --help            print this help

Exit codes: 0 planned; 1 a stack failed, a mandatory policy or a flow is violated; 2 bad command line.
See docs/troubleshooting.md for the errors and their fixes.`;

export { HelpRequested, UsageError };

/** The parsed command line. */
export interface PlanOptions {
    readonly env: string;
    readonly stack?: string;
    readonly preview: boolean;
    readonly json?: string;
    /** Where the artefacts go. */
    readonly out: string;
    /** Run the policy pack (default), unless `--no-policy`. */
    readonly policy: boolean;
    readonly policyConfig?: string;
    /** `--reach SRC DST`: one reachability question. */
    readonly reach?: { readonly source: string; readonly destination: string };
    readonly allowUninspected: boolean;
    readonly allowAsymmetric: boolean;
    /** Report required flows that are not allowed without failing the plan. */
    readonly allowDroppedFlows: boolean;
    /** List every flow in the console (plan.json always has them all). */
    readonly allFlows: boolean;
    /** Worker threads for the stacks of a level (1: this thread; 0: one per core from 8 stacks on). */
    readonly workers: number;
    /** The project folder whose `stacks/` holds the config and environment files. */
    readonly root: string;
    readonly quiet: boolean;
    /** `--baseline`: a plan JSON file or a git ref to compare with. */
    readonly baseline?: string;
    /** `--allow-replace`: critical resources this change may replace or delete. */
    readonly allowReplace: readonly string[];
}

/** The flags of the plan. */
const FLAGS: FlagSpecs = {
    env: { type: "string", expects: "an environment name (a file in stacks/environments), e.g. dev" },
    stack: { type: "string", expects: "a stack name, e.g. network-dev" },
    preview: { type: "boolean" },
    update: { type: "boolean" },
    json: { type: "string", expects: "a file to write the plan to, e.g. plan.json" },
    out: { type: "string", expects: "a folder for the plan's files, e.g. plan-out/dev" },
    "policy-config": { type: "string", expects: "a policy config file (JSON)" },
    "no-policy": { type: "boolean" },
    reach: { type: "string", expects: "a spoke name, optionally with :AZ, then a destination" },
    "allow-uninspected": { type: "boolean" },
    "allow-asymmetric": { type: "boolean" },
    "allow-dropped-flows": { type: "boolean" },
    "all-flows": { type: "boolean" },
    workers: { type: "string", expects: "a whole number of threads from 1 to 64" },
    root: { type: "string", expects: "the project folder that holds stacks/config and stacks/environments" },
    quiet: { type: "boolean" },
    baseline: { type: "string", expects: "a plan.json file or a git ref to compare with, e.g. main" },
    "allow-replace": {
        type: "string",
        multiple: true,
        expects: "the name or URN of a critical resource this change may replace or delete",
    },
    help: { type: "boolean" },
};

/** A Pulumi stack name: letters, digits, '-', '_' and '.', at most 100 characters. */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Parses and checks the arguments (without the node and script paths): every flag's value, and every
 * file and folder the plan reads or writes, before anything runs. `-h`/`--help` throws
 * {@link HelpRequested}; a mistake throws a {@link UsageError}.
 */
export function parsePlanArgs(argv: readonly string[]): PlanOptions {
    const { values: raw, positionals } = parseCommandLine(argv, FLAGS, { script: "plan", positionals: 1 });
    const values = raw as {
        env?: string;
        stack?: string;
        preview?: boolean;
        update?: boolean;
        json?: string;
        out?: string;
        "policy-config"?: string;
        "no-policy"?: boolean;
        reach?: string;
        "allow-uninspected"?: boolean;
        "allow-asymmetric"?: boolean;
        "allow-dropped-flows"?: boolean;
        "all-flows"?: boolean;
        workers?: string;
        root?: string;
        quiet?: boolean;
        baseline?: string;
        "allow-replace"?: string[];
    };
    if (values.reach !== undefined && positionals.length !== 1) {
        throw new UsageError(
            "--reach takes a source and a destination: --reach <spoke>[:az] <cidr-or-spoke>",
        );
    }
    if (values.reach === undefined && positionals.length > 0) {
        throw new UsageError(
            `unexpected argument '${positionals[0]}'${strayWordHint(positionals[0], FLAGS, "plan")}`,
        );
    }
    if (values.reach !== undefined && !/^[a-z][a-z0-9-]*(:[a-z0-9-]+)?$/.test(values.reach)) {
        throw new UsageError(
            `--reach '${values.reach}' is not a spoke; expected a spoke name, optionally with :AZ (e.g. petstore or petstore:az1)`,
        );
    }
    if (!values.env) throw new UsageError("--env is required; expected e.g. --env dev");
    if (values.preview && values.update)
        throw new UsageError("--preview and --update exclude each other; give one");
    if (values["allow-replace"] !== undefined && values.baseline === undefined)
        throw new UsageError("--allow-replace needs --baseline: it allows what the comparison finds");
    if (values.baseline !== undefined && values.baseline.trim() === "")
        throw new UsageError("--baseline '' is empty; expected a plan.json or a git ref (e.g. main)");
    if (values["no-policy"] && values["policy-config"] !== undefined)
        throw new UsageError("--no-policy and --policy-config exclude each other; give one");
    if (values.stack !== undefined && !STACK_NAME.test(values.stack)) {
        throw new UsageError(
            `--stack '${values.stack}' is not a stack name; expected letters, digits, '-', '_' and '.', e.g. network-${values.env}`,
        );
    }
    const root =
        values.root !== undefined
            ? checkInputFolder("--root", values.root, "the project folder that holds stacks/config")
            : PROJECT_ROOT;
    for (const dir of [STACK_CONFIG_DIR, ENVIRONMENTS_DIR]) {
        checkInputFolder(
            values.root !== undefined ? "--root" : "project",
            path.join(root, dir),
            `the folder ${dir}`,
        );
    }
    const workers =
        values.workers !== undefined
            ? intFlag("workers", values.workers, 1, 64, "the number of threads evaluating stacks")
            : 0;
    const envs = environmentNames(root);
    if (!envs.includes(values.env)) {
        const meant = closest(values.env, envs);
        throw new UsageError(
            `unknown environment '${values.env}'; ${meant ? `did you mean ${meant}? ` : ""}expected one of ${envs.join(", ")} (files in stacks/environments)`,
        );
    }
    const out = values.out ?? path.join("plan-out", values.env, ...(values.stack ? [values.stack] : []));
    checkOutputFolder("--out", out, "a folder for plan.json and topology.svg");
    if (values.json !== undefined) checkOutputFile("--json", values.json, "a file to write the plan to");
    if (values["policy-config"] !== undefined) {
        checkInputFile("--policy-config", values["policy-config"], "a policy config file (JSON)");
    }
    return {
        env: values.env,
        stack: values.stack,
        preview: !values.update,
        json: values.json,
        out,
        policy: !values["no-policy"],
        policyConfig: values["policy-config"],
        ...(values.reach !== undefined
            ? { reach: { source: values.reach, destination: positionals[0] } }
            : {}),
        allowUninspected: values["allow-uninspected"] ?? false,
        allowAsymmetric: values["allow-asymmetric"] ?? false,
        allowDroppedFlows: values["allow-dropped-flows"] ?? false,
        allFlows: values["all-flows"] ?? false,
        workers,
        root,
        quiet: values.quiet ?? false,
        ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
        allowReplace: values["allow-replace"] ?? [],
    };
}
