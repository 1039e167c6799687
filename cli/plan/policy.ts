/**
 * The policy pack over a plan: one pack process for the whole run, configured once with the
 * reconciled policy config; for each stack, ConfigureStack, Analyze for every resource (its inputs) and
 * AnalyzeStack (every resource's state with parents and dependencies), as the engine does in a preview.
 * Stacks are analysed one at a time, in the order they finish.
 */
import * as fs from "node:fs";
import {
    PolicyAnalyzer,
    type AnalyzerDiagnostic,
    type PackInfo,
    type PolicyConfigEntry,
} from "../policy/analyzer";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../policy/config";
import { transpiledPack } from "../policy/pack";
import { StackRequests } from "../policy/requests";
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
    private queue: Promise<unknown> = Promise.resolve();
    private readonly versions = providerVersions();

    private constructor(
        private readonly analyzer: PolicyAnalyzer,
        readonly pack: PackInfo,
        readonly config: Readonly<Record<string, PolicyConfigEntry>>,
    ) {}

    /**
     * Starts the pack, reads its policies and configures it with `given` (the policy config file)
     * reconciled against them. A config the policies reject throws a `PolicyConfigError`.
     */
    static async start(
        given: PolicyConfigFile | undefined,
        packDir?: string,
        execArgv: readonly string[] = [],
    ): Promise<PlanPolicy> {
        const analyzer = await PolicyAnalyzer.start(transpiledPack(packDir), undefined, execArgv);
        try {
            const pack = await analyzer.info();
            const config = reconcilePolicyConfig(pack.policies, given);
            await analyzer.configure(config);
            return new PlanPolicy(analyzer, pack, config);
        } catch (error) {
            analyzer.close();
            throw error;
        }
    }

    /** Analyses one evaluated stack; calls are queued so that one stack is analysed at a time. */
    analyze(result: StackResult, project: string, preview: boolean): Promise<PolicyFinding[]> {
        const run = this.queue.then(() => this.analyzeNow(result, project, preview));
        this.queue = run.catch(() => undefined);
        return run;
    }

    private async analyzeNow(
        result: StackResult,
        project: string,
        preview: boolean,
    ): Promise<PolicyFinding[]> {
        const resources = result.run?.resources ?? [];
        if (!result.run) return [];
        const stack = result.stack.name;
        await this.analyzer.configureStack({
            stack,
            project,
            organization: "organization",
            dryRun: preview,
            config: result.stack.config,
        });
        const requests = new StackRequests(resources, {
            stack,
            project,
            config: result.stack.config,
            providerVersions: this.versions,
        });
        const perResource = await Promise.all(
            resources.map((r) => this.analyzer.analyze(requests.analyzeRequest(r))),
        );
        const perStack = await this.analyzer.analyzeStack(requests.analyzeStackRequest());
        return [...perResource.flat(), ...perStack].map((d) => ({ ...d, stack }));
    }

    /** The pack's process ID. */
    get pid(): number | undefined {
        return this.analyzer.pid;
    }

    /** Messages the pack logged through the engine. */
    get logs(): readonly string[] {
        return this.analyzer.engineLogs;
    }

    /** Stops the pack. */
    async close(): Promise<void> {
        await this.queue;
        this.analyzer.close();
    }
}
