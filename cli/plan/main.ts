/**
 * The offline plan (`npm run plan -- --env <env>`, whose command line is cli/plan/cli.ts): evaluates
 * every stack of an environment in-process under the mock cloud, in dependency order, with no
 * credentials and no Pulumi CLI, runs the policy pack over it through the analyzer protocol, and
 * reports what it would build.
 * Exit codes: 0 planned; 1 a stack failed or a mandatory policy is violated; 2 bad command line or
 * policy config file.
 */
import "./compile-cache";
import * as fs from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { PolicyConfigError, readPolicyConfig, type PolicyConfigFile } from "../policy/config";
import { HelpRequested, parsePlanArgs, UsageError, USAGE, type PlanOptions } from "./args";
import { estimateCost, type CostEstimate } from "./cost";
import { topologyPages } from "./diagram";
import { importFileOf } from "./import-file";
import { Inventory, type InventoryStack } from "./inventory";
import type { RequiredFlow } from "../../components/shared/required-flows";
import { analyzeFlows, type FlowReport } from "./flows";
import { Reachability, type PathResult } from "./reachability";
import type { PolicyThread } from "../policy/thread";
import { PlanPolicy, type PolicyFinding, type PolicyReport } from "./policy";
import { iamText, planIam } from "./iam";
import { MAX_PATHS_WITH_HOPS, planDocument, type PlanDocument } from "./preview-json";
import { writeJsonFile } from "./json-file";
import { runStacks, type StackResult } from "./run";
import { lowerThreadPriority } from "./worker-pool";
import { loadEnvironment } from "../../stacks/schema/stack-config";
import { stacksOf, withDependencies, type PlannedStack } from "./stacks";
import { flowsText, failingFlows, flowsFailPlan } from "./flows/report";
import { ConfigError } from "../../stacks/schema/errors";
import { closest } from "../args";
import {
    costText,
    MANY_STACKS,
    policyText,
    reachabilityText,
    reachText,
    runtimeOwnedText,
    summaryTable,
} from "./summary";
import { BaselineError, changesText, compare, loadBaseline, withChanges, type Baseline } from "./changes";
import { refusedFiles, reviewFiles } from "./review-files";

/** A file's content to be written as JSON (`JSON.stringify(json, null, 2)`), piece by piece. */
interface JsonContent {
    readonly json: unknown;
}

/** From this many stacks on, the stacks of a level run on more than one thread by default. */
const PARALLEL_FROM = 8;

/** How far the threads evaluating stacks lower their priority below the pack's (nice steps). */
const PACK_PRECEDENCE = 10;

/** How a plan spreads over the cores. */
export interface Parallelism {
    /** Threads evaluating stacks, this one included. */
    readonly threads: number;
    /** Processes of the policy pack, which share the stacks as they are evaluated. */
    readonly packs: number;
}

/**
 * How a plan spreads over the cores by default. A few stacks run on this thread and one pack process
 * (a worker thread or another pack spends seconds starting). From {@link PARALLEL_FROM} stacks on,
 * every core evaluates stacks, or, with the policy pack on, half of them do (at least one) and the
 * others run the pack, whose analysis of a stack costs about as much as its evaluation.
 */
export function defaultParallelism(
    stacks: number,
    policy: boolean,
    cores = availableParallelism(),
): Parallelism {
    if (stacks < PARALLEL_FROM) return { threads: 1, packs: policy ? 1 : 0 };
    if (!policy) return { threads: Math.max(1, cores), packs: 0 };
    const packs = Math.max(1, Math.floor(cores / 2));
    return { threads: Math.max(1, cores - packs), packs };
}

/** The Pulumi project every stack belongs to. */
const PROJECT = "hub-network";

/** Runs the plan; returns the exit code. */
export async function plan(
    argv: readonly string[],
    log: (line: string) => void = console.log,
    early?: PolicyThread,
    err: (line: string) => void = console.error,
    onDocument?: (document: PlanDocument) => void,
): Promise<number> {
    // `early`: the pack, one process, started before the SDK and the program were loaded, without a
    // policy config (cli/plan/cli.ts). Used when that is what this plan wants; stopped otherwise.
    let adopted = false;
    const adopt = early
        ? () => {
              adopted = true;
              return early;
          }
        : undefined;
    try {
        return await run(argv, log, err, adopt, onDocument);
    } finally {
        if (early && !adopted) await early.close();
    }
}

async function run(
    argv: readonly string[],
    log: (line: string) => void,
    err: (line: string) => void,
    adoptEarly?: () => PolicyThread,
    onDocument?: (document: PlanDocument) => void,
): Promise<number> {
    let options: PlanOptions;
    try {
        options = parsePlanArgs(argv);
    } catch (error) {
        if (error instanceof HelpRequested) {
            log(USAGE);
            return 0;
        }
        if (!(error instanceof UsageError)) throw error;
        err(`error: ${error.message}`);
        err(USAGE);
        return 2;
    }
    let all: PlannedStack[];
    try {
        all = stacksOf(options.env, options.root);
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        err(`error: ${error.message}`);
        err(`error: ${options.env}: not planned; fix the stack files above (see docs/troubleshooting.md)`);
        // CI shows the problems on the files' lines, and in the pull request's comment.
        for (const [file, content] of refusedFiles(options.env, options.root, options.out, error.problems)) {
            try {
                fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
                fs.writeFileSync(file, content);
            } catch (failure) {
                err(`error: cannot write ${file}: ${(failure as Error).message.split("\n")[0]}`);
            }
        }
        return 1;
    }
    const stacks = options.stack ? withDependencies(all, options.stack) : all;
    if (stacks.length === 0) {
        const meant = options.stack
            ? closest(
                  options.stack,
                  all.map((s) => s.name),
              )
            : undefined;
        err(
            options.stack
                ? `error: unknown stack '${options.stack}' in ${options.env}; ${meant ? `did you mean ${meant}? ` : ""}expected one of ${all.map((s) => s.name).join(", ")}`
                : `error: no stack of environment '${options.env}' in stacks/config`,
        );
        return 2;
    }
    let policyConfig: PolicyConfigFile | undefined;
    try {
        if (options.policy && options.policyConfig) policyConfig = readPolicyConfig(options.policyConfig);
    } catch (error) {
        if (!(error instanceof PolicyConfigError)) throw error;
        err(`error: ${error.message}`);
        return 2;
    }

    const started = performance.now();
    // The baseline's own plan (of a git ref) runs in a process of its own, beside this one.
    const baselineLoad: Promise<{ baseline: Baseline } | { error: unknown }> | undefined = options.baseline
        ? loadBaseline(options.baseline, {
              env: options.env,
              preview: options.preview,
              ...(options.stack ? { stack: options.stack } : {}),
              root: options.root,
              log: options.quiet ? undefined : log,
          }).then(
              (baseline) => ({ baseline }),
              (error: unknown) => ({ error }),
          )
        : undefined;
    // The pack starts once, next to the first stacks; a config its policies reject stops the run.
    const abort = new AbortController();
    const parallelism = defaultParallelism(stacks.length, options.policy);
    const policyStart = !options.policy
        ? undefined
        : adoptEarly && !policyConfig && parallelism.packs === 1
          ? PlanPolicy.over(adoptEarly(), undefined)
          : PlanPolicy.start(policyConfig, undefined, [], parallelism.packs);
    policyStart?.catch(() => abort.abort());
    const analyses: Promise<{ findings?: PolicyFinding[]; error?: unknown }>[] = [];
    const onResult = (result: StackResult) => {
        if (!policyStart) return;
        analyses.push(
            policyStart
                .then((policy) => policy.analyze(result, PROJECT, options.preview))
                .then(
                    (findings) => ({ findings }),
                    (error: unknown) => ({ error }),
                ),
        );
    };
    // From a few stacks on, the pack takes longer than the stacks, and what it falls behind it must
    // catch up alone once they are evaluated: the threads evaluating stacks give way to it meanwhile.
    const restorePriority =
        options.policy && stacks.length >= PARALLEL_FROM ? lowerThreadPriority(PACK_PRECEDENCE) : undefined;
    let results: StackResult[];
    let done = 0;
    try {
        results = await runStacks(
            options.env,
            stacks,
            options.preview,
            (event) => {
                if (options.quiet && event.phase !== "failed") return;
                // Many stacks: a line per tenth of them done, not two per stack; failures always.
                if (stacks.length >= MANY_STACKS && event.phase !== "failed") {
                    if (event.phase === "done") {
                        done++;
                        const step = Math.ceil(stacks.length / 10);
                        if (done % step === 0 || done === stacks.length)
                            log(`ok  ${done}/${stacks.length} stacks evaluated`);
                    }
                    return;
                }
                const detail = event.detail ? ` (${event.detail})` : "";
                (event.phase === "failed" ? err : log)(
                    `${event.phase === "start" ? "..." : event.phase === "done" ? "ok " : "ERR"} ${event.stack}${event.phase === "start" ? "" : detail}`,
                );
            },
            {
                onResult,
                signal: abort.signal,
                workers: options.workers || parallelism.threads,
                root: options.root,
            },
        );
    } finally {
        restorePriority?.();
    }
    const phases: Record<string, number> = { stacksMs: performance.now() - started };
    // A pack that could not start, or rejected the policy config, stopped the run: report just that.
    if (policyStart && abort.signal.aborted) {
        const settled = await settlePolicy(policyStart, analyses, options, err);
        if ("exit" in settled) return settled.exit;
    }
    let mark = performance.now();
    const cost: CostEstimate = estimateCost(
        results.map((r) => ({
            name: r.stack.name,
            accountId: r.accountId,
            region: r.region,
            resources: r.run?.resources ?? [],
        })),
    );
    const inventoryStacks: InventoryStack[] = results
        .filter((r) => r.run)
        .map((r) => ({
            name: r.stack.name,
            role: r.stack.role,
            accountId: r.accountId,
            region: r.region,
            resources: r.run?.resources ?? [],
            ...(r.deployed ? { deployed: r.deployed.resources } : {}),
        }));
    const inventory = new Inventory(inventoryStacks);
    // The layout runs on a thread of its own, and the pack in a process of its own: both proceed while
    // this thread analyses reachability.
    const diagram = topologyPages(
        inventory,
        inventoryStacks,
        `hub-network ${options.env}: ${options.stack ? `${options.stack} and what it references` : "topology"} (${options.preview ? "preview" : "update"})`,
    ).then(
        (pages) => ({ pages }),
        (error: unknown) => ({ error }),
    );
    const onPremisesCidrs = loadEnvironment(options.env, undefined, options.root).environment.onPremises
        .cidrs;
    // The document keeps the hops of clean paths only while there are few paths: nor does memory.
    const reachability = new Reachability(inventory, {
        onPremisesCidrs,
        branchesOfCleanPathsUpTo: MAX_PATHS_WITH_HOPS,
    });
    const paths: PathResult[] = reachability.analyzeAll();
    const iam = await planIam(options.env, results, options.root);
    // Part of the reachability phase, also timed alone.
    const flowsStarted = performance.now();
    const flows: FlowReport = analyzeFlows(inventory, reachability, {
        onPremisesCidrs,
        declared: results.flatMap((r) => {
            const declared = (r.deployed ?? r.run)?.outputs.requiredFlows;
            return Array.isArray(declared)
                ? [{ stack: r.stack.name, flows: declared as RequiredFlow[] }]
                : [];
        }),
    });
    phases.flowsMs = performance.now() - flowsStarted;
    let answer: PathResult | undefined;
    let reachError: Error | undefined;
    if (options.reach) {
        try {
            answer = reachability.question(options.reach.source, options.reach.destination);
        } catch (error) {
            reachError = error as Error;
        }
    }
    phases.reachabilityMs = performance.now() - mark;
    mark = performance.now();
    const counted = (p: PathResult) =>
        p.violations.filter(
            (v) =>
                !(v === "uninspected" && options.allowUninspected) &&
                !(v === "asymmetric" && options.allowAsymmetric),
        );

    let policy: PolicyReport | undefined;
    if (policyStart) {
        const settled = await settlePolicy(policyStart, analyses, options, err);
        if ("exit" in settled) return settled.exit;
        policy = settled.report;
    }
    if (reachError) {
        err(`error: --reach: ${reachError.message}`);
        return 2;
    }
    // The question asked comes first: the report follows it.
    if (answer) log(reachText(answer));
    // Only the part of the analysis the stacks and reachability did not cover.
    phases.policyMs = performance.now() - mark;
    mark = performance.now();
    const drawn = await diagram;
    if ("error" in drawn) throw drawn.error;
    const { pages } = drawn;
    // Only the part of the layout the steps before did not cover.
    phases.diagramMs = performance.now() - mark;
    const durationMs = performance.now() - started;
    const document = planDocument(options.env, options.preview, results, durationMs, {
        policy,
        cost,
        reachability: { paths, ...(answer ? { answer } : {}) },
        iam,
        flows,
        phases,
    });
    let comparison: ReturnType<typeof compare> | undefined;
    if (baselineLoad) {
        const loaded = await baselineLoad;
        if ("error" in loaded) {
            if (!(loaded.error instanceof BaselineError)) throw loaded.error;
            log(`error: ${loaded.error.message}`);
            return 2;
        }
        comparison = compare(loaded.baseline, results, !options.stack, options.allowReplace, {
            paths: document.hubNetwork.reachability?.results,
            flows: document.hubNetwork.flows?.results,
        });
        withChanges(document, loaded.baseline, comparison);
    }
    // Stacks that adopt existing resources: the file `pulumi import --file` takes before their first up.
    const imports = results.flatMap((r): [string, string][] => {
        const file = r.run ? importFileOf(r.run.resources) : undefined;
        return file
            ? [
                  [
                      path.join(options.out, "import", `${r.stack.name}.json`),
                      `${JSON.stringify(file, null, 4)}\n`,
                  ],
              ]
            : [];
    });
    const violatingPaths = paths.filter((p) => counted(p).length > 0).length;
    onDocument?.(document);
    // The document is written piece by piece: at 1,000 spokes its text outgrows any one string.
    const json: JsonContent = { json: document };
    const files: [string, string | JsonContent][] = [
        ...(options.json ? [[options.json, json] as [string, JsonContent]] : []),
        [path.join(options.out, "plan.json"), json],
        ...pages.map((page): [string, string] => [path.join(options.out, page.file), page.svg]),
        ...reviewFiles({
            env: options.env,
            preview: options.preview,
            root: options.root,
            out: options.out,
            results,
            ...(comparison ? { comparison } : {}),
            ...(policy ? { findings: policy.findings } : {}),
            failingFlows: failingFlows(flows),
            flowErrors: flows.findings.filter((f) => f.severity === "error"),
            violatingPaths,
            monthlyUsd: cost.monthlyUsd,
        }),
        ...imports,
    ];
    // The pages of an earlier, larger plan in the same folder would read as this plan's.
    try {
        for (const stale of fs.readdirSync(options.out).filter((f) => /^topology-\d+\.svg$/.test(f)))
            fs.rmSync(path.join(options.out, stale));
    } catch {
        // No folder yet.
    }
    for (const [file, content] of files) {
        try {
            fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
            if (typeof content === "string") fs.writeFileSync(file, content);
            else writeJsonFile(file, content.json);
        } catch (error) {
            err(
                `error: cannot write ${file}: ${(error as Error).message.split("\n")[0]}; expected a writable place`,
            );
            return 2;
        }
    }
    log("");
    log(summaryTable(results, policy?.findings, cost, paths));
    const owned = runtimeOwnedText(results);
    if (owned) log(`\n${owned}`);
    log(`\n${reachabilityText(paths, options.quiet)}`);
    log(`\n${flowsText(flows, options.quiet, options.allFlows)}`);
    log(`\n${costText(cost)}`);
    log(`\n${iamText(iam)}`);
    if (policy) log(`\n${policyText(policy, options.quiet)}`);
    if (comparison) log(`\n${changesText(comparison.changes, comparison.baseline, comparison.verdicts)}`);
    const mandatory = policy?.findings.filter((f) => f.enforcementLevel === "mandatory").length ?? 0;
    log(
        `\n${options.env}: ${stacks.length} stack(s), ${
            comparison
                ? Object.entries(document.changeSummary)
                      .map(([op, n]) => `${n} ${op === "same" ? "unchanged" : `to ${op}`}`)
                      .join(", ")
                : `${document.changeSummary.create} resources to create`
        } (${options.preview ? "preview" : "update"}) in ${(durationMs / 1000).toFixed(1)} s; wrote ${files.map(([f]) => f).join(", ")}`,
    );
    const critical = comparison?.changes.violations.length ?? 0;
    if (critical > 0) {
        err(
            `error: ${critical} critical resource(s) replaced or deleted; if that is intended, pass --allow-replace with each one's name or URN (see Changes above)`,
        );
    }
    if (mandatory > 0) err(`error: ${mandatory} mandatory policy violation(s)`);
    if (iam.errors.length > 0) err(`error: ${iam.errors.length} IAM problem(s); see IAM above`);
    const violating = paths.filter((p) => counted(p).length > 0);
    if (violating.length > 0) {
        err(
            `error: ${violating.length} path(s) violate the traffic design (${[...new Set(violating.flatMap(counted))].join(", ")}); see Reachability above${violating.some((p) => p.violations.includes("asymmetric")) && !options.allowAsymmetric ? ", or pass --allow-asymmetric" : ""}${violating.some((p) => p.violations.includes("uninspected")) && !options.allowUninspected ? ", or pass --allow-uninspected" : ""}`,
        );
    }
    const failing = failingFlows(flows);
    const flowsFail = flowsFailPlan(flows) && !options.allowDroppedFlows;
    if (flowsFailPlan(flows)) {
        // A plan can fail on an error finding alone (BGP, DNS, GWLB): say which.
        const errorFindings = flows.findings.filter((f) => f.severity === "error").length;
        const what = [
            ...(failing.length > 0 || errorFindings === 0
                ? [`${failing.length} required flow(s) not allowed`]
                : []),
            ...(errorFindings > 0 ? [`${errorFindings} flow finding(s) in error`] : []),
        ].join(" and ");
        (flowsFail ? err : log)(
            `${flowsFail ? "error" : "warning"}: ${what}; see Flows above (every verdict is in plan.json under hubNetwork.flows)${flowsFail ? ", or pass --allow-dropped-flows" : ""}`,
        );
    }
    let answerFails = false;
    if (answer) {
        answerFails = answer.verdict !== "reachable" || counted(answer).length > 0;
        if (answerFails)
            err(
                `error: --reach ${options.reach?.source} ${options.reach?.destination}: ${answer.verdict}; see the answer at the top`,
            );
    }
    // The last line never reads like success when a stack failed.
    const failed = results.filter((r) => r.error);
    if (failed.length > 0) {
        err(
            `error: ${failed.length} of ${results.length} stack(s) failed: ${failed.map((r) => r.stack.name).join(", ")}; see the ERR lines above`,
        );
    }
    return failed.length > 0 ||
        mandatory > 0 ||
        violating.length > 0 ||
        flowsFail ||
        answerFails ||
        iam.errors.length > 0 ||
        critical > 0
        ? 1
        : 0;
}

/** What the policy pack ended with: its report, or the exit code of a pack that failed. */
async function settlePolicy(
    policyStart: Promise<PlanPolicy>,
    analyses: readonly Promise<{ findings?: PolicyFinding[]; error?: unknown }>[],
    options: PlanOptions,
    err: (line: string) => void,
): Promise<{ report: PolicyReport } | { exit: number }> {
    let running: PlanPolicy;
    try {
        running = await policyStart;
    } catch (error) {
        if (error instanceof PolicyConfigError) {
            err(`error: ${error.message}`);
            return { exit: 2 };
        }
        err(`error: the policy pack could not run: ${(error as Error).message}`);
        return { exit: 1 };
    }
    const outcomes = await Promise.all(analyses);
    await running.close();
    const failed = outcomes.find((o) => o.error !== undefined);
    if (failed) {
        err(`error: the policy pack failed: ${(failed.error as Error).message}`);
        return { exit: 1 };
    }
    return {
        report: {
            pack: { name: running.pack.name, version: running.pack.version },
            ...(options.policyConfig ? { configFile: options.policyConfig } : {}),
            findings: outcomes.flatMap((o) => o.findings ?? []),
        },
    };
}
