/**
 * The plan's steps against a baseline, in the shape `pulumi preview --json` gives them: each step's
 * `op` (`same`, `create`, `update`, `replace`, `delete`), `diffReasons` (changed top-level inputs),
 * `replaceReasons` (those that replace it), `detailedDiff` (property path -> `{kind, inputDiff}`, the
 * kind `add`, `delete` or `update`, with `-replace` when the property replaces the resource) and
 * `oldState` (the baseline's state; left out of `same` steps, whose old state is the new one, so that
 * the document stays proportionate). A deleted resource is a `delete` step with its `oldState` only.
 */
import type { BaselineDocument } from "./baseline";
import type { ChangeOp, ChangeSet, ResourceChange } from "./diff";

/** One property's difference, as in `detailedDiff`. */
export interface PropertyDiff {
    readonly kind: "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";
    readonly inputDiff: boolean;
}

/** What a step gains from the comparison. */
export interface StepChange {
    readonly op: ChangeOp;
    readonly oldState?: unknown;
    readonly diffReasons?: readonly string[];
    readonly replaceReasons?: readonly string[];
    readonly detailedDiff: Readonly<Record<string, PropertyDiff>> | null;
}

/** The step fields of one change; `oldState` is the baseline step's state. */
export function stepChange(change: ResourceChange, oldState: unknown): StepChange {
    const replacing = new Set(change.replaceReasons.map((r) => r.property));
    const detailed =
        change.op === "update" || change.op === "replace"
            ? Object.fromEntries(
                  change.diffs.map((d) => [
                      d.path,
                      {
                          kind: (replacing.has(d.property)
                              ? `${d.kind}-replace`
                              : d.kind) as PropertyDiff["kind"],
                          inputDiff: true,
                      },
                  ]),
              )
            : null;
    const diffReasons = [...new Set(change.diffs.map((d) => d.property))];
    return {
        op: change.op,
        ...(change.op !== "create" && change.op !== "same" && oldState !== undefined ? { oldState } : {}),
        ...(diffReasons.length ? { diffReasons } : {}),
        ...(replacing.size ? { replaceReasons: [...replacing] } : {}),
        detailedDiff: detailed,
    };
}

/** A step of the plan, as far as this module changes it. */
interface Step {
    op: string;
    urn: string;
    provider?: string;
    newState?: unknown;
}

/**
 * Rewrites `steps` (the plan's, all `create`) with the comparison's operations, and appends a `delete`
 * step per deleted resource; returns the change summary (op -> count).
 */
export function applyChanges(
    steps: Step[],
    baseline: BaselineDocument,
    changes: ChangeSet,
): Record<string, number> {
    const oldStates = new Map(baseline.steps.filter((s) => s.newState).map((s) => [s.urn, s]));
    const byUrn = new Map<string, ResourceChange>();
    for (const stack of changes.stacks) for (const c of stack.changes) byUrn.set(c.urn, c);
    for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        const change = byUrn.get(step.urn);
        if (change?.op === "delete") continue;
        const old = oldStates.get(change?.oldUrn ?? step.urn);
        const fields = change
            ? stepChange(change, old?.newState)
            : old
              ? { op: "same" as const, detailedDiff: null }
              : { op: "create" as const, detailedDiff: null };
        steps[i] = { ...step, ...fields };
    }
    for (const stack of changes.stacks) {
        for (const c of stack.changes) {
            if (c.op !== "delete") continue;
            const old = oldStates.get(c.urn);
            const { op, ...rest } = stepChange(c, old?.newState);
            steps.push({ op, urn: c.urn, ...rest });
        }
    }
    const summary: Record<string, number> = {};
    for (const op of ["create", "update", "replace", "delete", "same"] as const) {
        const n = changes.counts[op];
        if (n > 0) summary[op] = n;
    }
    // Stacks outside the comparison (none today) are creations.
    const counted = Object.values(changes.counts).reduce((a, b) => a + b, 0);
    const extra = steps.length - counted;
    if (extra > 0) summary.create = (summary.create ?? 0) + extra;
    return summary;
}
