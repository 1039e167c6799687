/**
 * The plan against a baseline (`--baseline`): loads it, compares every stack's resources, rewrites the
 * plan's steps as a preview against that state would show them, and reports what changes.
 */
import type { RecordedResource } from "../../mock-cloud/run";
import { plain } from "../preview-json";
import type { StackResult } from "../run";
import { baselineResources, type Baseline, type BaselineFlow, type BaselinePath } from "./baseline";
import { byStack, diffPlans, type ChangeSet, type ResourceSnapshot } from "./diff";
import { applyChanges } from "./steps";
import { verdictChanges, type VerdictChange } from "./verdicts";

export { BaselineError, loadBaseline, type Baseline } from "./baseline";
export { changesText } from "./report";
export type { ChangeSet, ResourceChange } from "./diff";
export type { VerdictChange } from "./verdicts";

/** A recorded registration as the comparison reads it. */
export function snapshotOf(r: RecordedResource): ResourceSnapshot {
    return {
        urn: r.urn,
        type: r.type,
        custom: r.custom,
        inputs: plain(r.inputs) as Record<string, unknown>,
        protect: r.protect,
        propertyDependencies: r.propertyDependencies,
        ignoreChanges: r.ignoreChanges,
        aliases: r.aliases,
        deleteBeforeReplace: r.deleteBeforeReplace,
        retainOnDelete: r.retainOnDelete,
    };
}

/** The comparison of a plan with its baseline. */
export interface Comparison {
    readonly baseline: string;
    readonly changes: ChangeSet;
    readonly verdicts: readonly VerdictChange[];
    /** Stacks that failed in the baseline's plan: their resources show as created. */
    readonly baselineFailed: readonly string[];
}

/**
 * Compares the plan's stacks with `baseline`. `whole`: the whole environment was planned (a stack of the
 * baseline that is gone is deleted). Stacks that failed in this plan are left out of the comparison.
 */
export function compare(
    baseline: Baseline,
    results: readonly StackResult[],
    whole: boolean,
    allow: readonly string[],
    current: { readonly paths?: readonly BaselinePath[]; readonly flows?: readonly BaselineFlow[] },
): Comparison {
    const ok = results.filter((r) => r.run);
    const currentStacks = new Map(ok.map((r) => [r.stack.name, (r.run?.resources ?? []).map(snapshotOf)]));
    const failed = new Set(results.filter((r) => !r.run).map((r) => r.stack.name));
    const before = byStack(baselineResources(baseline.document));
    for (const name of failed) before.delete(name);
    const scope = whole ? "all" : ok.map((r) => r.stack.name);
    return {
        baseline: baseline.label,
        changes: diffPlans(before, currentStacks, scope, allow),
        verdicts: verdictChanges(baseline.document, current),
        baselineFailed: (baseline.document.hubNetwork?.stacks ?? [])
            .filter((s) => s.error)
            .map((s) => s.name),
    };
}

/** Rewrites the document's steps and change summary with the comparison (see steps.ts). */
export function withChanges(
    document: { steps: unknown[]; changeSummary: Record<string, number> },
    baseline: Baseline,
    comparison: Comparison,
): void {
    const summary = applyChanges(
        document.steps as Parameters<typeof applyChanges>[0],
        baseline.document,
        comparison.changes,
    );
    for (const key of Object.keys(document.changeSummary)) delete document.changeSummary[key];
    Object.assign(document.changeSummary, summary);
}
