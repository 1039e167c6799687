/** The command line of the offline plan: its options, their checks and the usage text. */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { environmentNames } from "../../stacks/schema/stack-config";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";

/** The usage text printed with a command-line mistake. */
export const USAGE = `usage: npm run plan -- --env <env> [--stack NAME] [--preview | --update] [--json FILE] [--out DIR]
                            [--policy-config FILE | --no-policy] [--allow-uninspected] [--allow-asymmetric]
                            [--allow-dropped-flows] [--all-flows]
                            [--reach SPOKE[:AZ] DESTINATION] [--workers N] [--root DIR] [--quiet]

  --env ENV             environment to plan (a file in stacks/environments)
  --stack NAME          plan only this stack and the stacks it may reference
  --preview             IDs and computed attributes unknown, as in 'pulumi preview' (default)
  --update              every ID known, as after 'pulumi up'
  --json FILE           write the plan as JSON in the shape of 'pulumi preview --json'
  --out DIR             write every artefact (plan.json, topology.svg) into DIR (default plan-out/<env>)
  --policy-config FILE  policy levels and settings (the file 'pulumi preview --policy-pack-config' takes)
  --no-policy           do not run the policy pack
  --reach SRC DST       answer one question hop by hop: SRC a spoke (optionally :AZ), DST a spoke,
                        "internet", or an IPv4 address or CIDR
  --allow-uninspected   report paths that bypass inspection without failing
  --allow-asymmetric    report paths whose return crosses other endpoints without failing
  --allow-dropped-flows report required flows that are not allowed without failing
  --all-flows           list every flow's verdict in the console, not only the ones not allowed
  --workers N           threads evaluating the stacks of a level in parallel, this one included
                        (default from 8 stacks on: one per core, half of them with the policy pack
                        on; 1 evaluates every stack here)
  --root DIR            project folder whose stacks/ holds the config and environment files
  --quiet               print only the summary, mandatory violations and errors`;

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

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
}

/** Parses and checks the arguments (without the node and script paths). */
export function parsePlanArgs(argv: readonly string[]): PlanOptions {
    let values;
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: true,
            options: {
                env: { type: "string" },
                stack: { type: "string" },
                preview: { type: "boolean" },
                update: { type: "boolean" },
                json: { type: "string" },
                out: { type: "string" },
                "policy-config": { type: "string" },
                "no-policy": { type: "boolean" },
                reach: { type: "string" },
                "allow-uninspected": { type: "boolean" },
                "allow-asymmetric": { type: "boolean" },
                "allow-dropped-flows": { type: "boolean" },
                "all-flows": { type: "boolean" },
                workers: { type: "string" },
                root: { type: "string" },
                quiet: { type: "boolean" },
                help: { type: "boolean" },
            },
        }));
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (values.help) throw new UsageError("");
    if (values.reach !== undefined && positionals.length !== 1) {
        throw new UsageError(
            "--reach takes a source and a destination: --reach <spoke>[:az] <cidr-or-spoke>",
        );
    }
    if (values.reach === undefined && positionals.length > 0) {
        throw new UsageError(`unexpected argument '${positionals[0]}'`);
    }
    if (!values.env) throw new UsageError("--env is required");
    if (values.preview && values.update)
        throw new UsageError("--preview and --update exclude each other; give one");
    if (values["no-policy"] && values["policy-config"] !== undefined)
        throw new UsageError("--no-policy and --policy-config exclude each other; give one");
    const root = values.root !== undefined ? path.resolve(values.root) : PROJECT_ROOT;
    const workers = values.workers !== undefined ? Number(values.workers) : 0;
    if (!Number.isInteger(workers) || workers < 0 || (values.workers !== undefined && workers < 1)) {
        throw new UsageError(
            `--workers '${values.workers}' is not a whole number of threads; expected 1 or more`,
        );
    }
    const envs = environmentNames(root);
    if (!envs.includes(values.env)) {
        throw new UsageError(
            `unknown environment '${values.env}'; expected one of ${envs.join(", ")} (files in stacks/environments)`,
        );
    }
    return {
        env: values.env,
        stack: values.stack,
        preview: !values.update,
        json: values.json,
        out: values.out ?? path.join("plan-out", values.env),
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
    };
}
