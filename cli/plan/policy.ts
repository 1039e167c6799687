/**
 * The policy pack over a plan: one pack process for the whole run, configured once with the
 * reconciled policy config; for each stack, ConfigureStack, Analyze for every resource (its inputs) and
 * AnalyzeStack (every resource's state with parents and dependencies), as the engine does in a preview.
 * Stacks are analysed one at a time, in the order they finish: this thread encodes each stack's
 * requests, a worker thread of its own makes the calls (cli/policy/thread).
 */
import * as fs from "node:fs";
import type { AnalyzerDiagnostic, PackInfo, PolicyConfigEntry } from "../policy/analyzer";
import type { PolicyConfigFile } from "../policy/config";
import { StackRequests } from "../policy/requests";
import type { PolicyThread, StartedPack } from "../policy/thread";
import { startPolicyThread } from "./pack-start";
import type { StackResult } from "./run";

/** One violation found in one stack. */
export interface PolicyFinding extends AnalyzerDiagnostic {
    readonly stack: string;
}

/** What the policy pack found over a plan. */
export interface PolicyReport {
    readonly pack: { readonly name: string; readonly version: string };
    /** The policy config file given with `--policy-config`. */
    readonly configFile?: string;
    readonly findings: readonly PolicyFinding[];
}

/** Versions of the packages whose default providers the stacks use. */
function providerVersions(): Record<string, string> {
    const versions: Record<string, string> = {};
    for (const pkg of ["aws", "awsx"]) {
        try {
            const file = require.resolve(`@pulumi/${pkg}/package.json`);
            versions[pkg] = (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
        } catch {
            // Not installed: its default provider is named without a version.
        }
    }
    return versions;
}

/** The policy pack, started for one plan run. */
export class PlanPolicy {
    private readonly pending = new Set<Promise<unknown>>();
    private readonly versions = providerVersions();
    private startedPack?: StartedPack;
    private startFailure?: unknown;

    private constructor(private readonly client: PolicyThread) {
        client.started.then(
            (started) => (this.startedPack = started),
            (error: unknown) => (this.startFailure = error),
        );
    }

    /**
     * Starts the pack, reads its policies and configures it with `given` (the policy config file)
     * reconciled against them. A config the policies reject throws a `PolicyConfigError`: with a config
     * file, this waits for the pack. Without one, nothing can be rejected, and this returns at once:
     * the plan's thread is busy evaluating stacks from then on, and each stack is handed over as soon as
     * it is done, to be analysed once the pack is up (a pack that does not start fails the analyses).
     * `execArgv` adds Node.js flags to the pack's processes; `packs` processes share the stacks.
     */
    static async start(
        given: PolicyConfigFile | undefined,
        packDir?: string,
        execArgv: readonly string[] = [],
        packs = 1,
    ): Promise<PlanPolicy> {
        return PlanPolicy.over(startPolicyThread(given, packs, packDir, execArgv), given);
    }

    /** As {@link start}, with a pack already started with `given` (see cli/plan/pack-start). */
    static async over(client: PolicyThread, given: PolicyConfigFile | undefined): Promise<PlanPolicy> {
        if (given) {
            try {
                await client.started;
            } catch (error) {
                await client.close();
                throw error;
            }
        }
        return new PlanPolicy(client);
    }

    /** Resolves once the pack is up and configured; rejects if it could not start. */
    async ready(): Promise<void> {
        await this.client.started;
    }

    /** The pack's name, version and policies (known once an analysis or {@link close} is done). */
    get pack(): PackInfo {
        return this.known().info;
    }

    /** The reconciled config the pack runs with (known once an analysis or {@link close} is done). */
    get config(): Readonly<Record<string, PolicyConfigEntry>> {
        return this.known().config;
    }

    /** The process IDs of the pack (known once an analysis or {@link close} is done). */
    get pids(): readonly (number | undefined)[] {
        return this.known().pids;
    }

    private known(): StartedPack {
        if (this.startedPack) return this.startedPack;
        throw this.startFailure ?? new Error("the policy pack has not started yet");
    }

    /**
     * Analyses one evaluated stack: its requests are encoded now and handed to the client thread, which
     * analyses one stack at a time, in the order they come.
     */
    analyze(result: StackResult, project: string, preview: boolean): Promise<PolicyFinding[]> {
        if (!result.run) return Promise.resolve([]);
        const resources = result.run.resources;
        const stack = result.stack.name;
        const requests = new StackRequests(resources, {
            stack,
            project,
            config: result.stack.config,
            providerVersions: this.versions,
        });
        const analysis = this.client
            .analyzeStack(
                {
                    stack,
                    project,
                    organization: "organization",
                    dryRun: preview,
                    config: result.stack.config,
                },
                {
                    urns: resources.map((r) => r.urn),
                    requests: resources.map((r) => requests.encodedAnalyzeRequest(r)),
                    stackRequest: requests.encodedAnalyzeStackRequest(),
                },
            )
            .then((diagnostics) => diagnostics.map((d) => ({ ...d, stack })));
        this.pending.add(analysis);
        const done = () => void this.pending.delete(analysis);
        analysis.then(done, done);
        return analysis;
    }

    /** Messages the pack logged through the engine. */
    get logs(): readonly string[] {
        return this.client.engineLogs;
    }

    /** Waits for the pack to start and for the analyses under way, then stops the pack. */
    async close(): Promise<void> {
        await Promise.allSettled([this.client.started, ...this.pending]);
        await this.client.close();
    }
}
