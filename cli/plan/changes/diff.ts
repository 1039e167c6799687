/**
 * What a plan changes against a baseline plan, per stack and resource, as `pulumi preview` decides it:
 * a resource of the baseline missing from the plan is deleted, a new one created; one whose inputs
 * differ is updated, or replaced when a changed input cannot change in place (replacement.ts), and a
 * replacement cascades to the resources whose replace-causing inputs come from it (their value is
 * unknown until the new resource exists, as the engine marks them). Replacing or deleting a critical
 * resource (critical.ts) is a violation unless `--allow-replace` names it.
 */
import { allowMatches, criticalReason, urnName, urnStack } from "./critical";
import { propertyVerdict, replaceReasons, type ReplaceReason } from "./replacement";
import { diffValues, type ValueDiff } from "./values";

/** One resource as the comparison reads it (a plan step's `newState`, or a recorded registration). */
export interface ResourceSnapshot {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly protect: boolean;
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    /** Inputs whose changes the program ignores (`ignoreChanges`). */
    readonly ignoreChanges?: readonly string[];
    /** Earlier URNs of the same resource (`aliases`). */
    readonly aliases?: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    readonly retainOnDelete?: boolean;
}

/** The operation on one resource. */
export type ChangeOp = "same" | "create" | "update" | "replace" | "delete";

/** What happens to one resource. */
export interface ResourceChange {
    readonly op: ChangeOp;
    readonly urn: string;
    readonly stack: string;
    readonly type: string;
    readonly name: string;
    /** Changed property paths (update and replace). */
    readonly diffs: readonly ValueDiff[];
    /** Why it is replaced (replace). */
    readonly replaceReasons: readonly ReplaceReason[];
    /** The URN in the baseline, when an alias renamed it. */
    readonly oldUrn?: string;
    /** Why replacing or deleting it needs `--allow-replace` (replace and delete). */
    readonly critical?: string;
    /** `--allow-replace` names it. */
    readonly allowed?: boolean;
    /** The provider deletes it before creating the replacement (an outage between the two). */
    readonly deleteBeforeReplace?: boolean;
    /** Deleted from the stack but left in the cloud (`retainOnDelete`). */
    readonly retained?: boolean;
}

/** One stack's changes. */
export interface StackChanges {
    readonly stack: string;
    readonly counts: Readonly<Record<ChangeOp, number>>;
    /** Every resource that is not `same`, replacements first, then deletions, updates, creations. */
    readonly changes: readonly ResourceChange[];
}

/** The whole comparison. */
export interface ChangeSet {
    readonly stacks: readonly StackChanges[];
    readonly counts: Readonly<Record<ChangeOp, number>>;
    /** Critical replacements and deletions that `--allow-replace` does not name. */
    readonly violations: readonly ResourceChange[];
    /** `--allow-replace` values that named no replacement or deletion. */
    readonly unusedAllows: readonly string[];
}

const ORDER: Readonly<Record<ChangeOp, number>> = { replace: 0, delete: 1, update: 2, create: 3, same: 4 };

/** Zero counts. */
export function noCounts(): Record<ChangeOp, number> {
    return { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
}

/** The changes of one stack's resources: `current` against `baseline` (both in registration order). */
function diffStack(
    stack: string,
    baseline: readonly ResourceSnapshot[],
    current: readonly ResourceSnapshot[],
): ResourceChange[] {
    const before = new Map(baseline.map((r) => [r.urn, r]));
    const matched = new Set<string>();
    const replaced = new Set<string>();
    const changes: ResourceChange[] = [];
    for (const r of current) {
        const oldUrn = before.has(r.urn) ? r.urn : r.aliases?.find((a) => before.has(a));
        const base = { urn: r.urn, stack, type: r.type, name: urnName(r.urn) };
        const old = oldUrn ? before.get(oldUrn) : undefined;
        if (!old || !oldUrn) {
            changes.push({ ...base, op: "create", diffs: [], replaceReasons: [] });
            continue;
        }
        matched.add(oldUrn);
        const ignored = new Set(r.ignoreChanges ?? []);
        const diffs = diffValues(old.inputs, r.inputs).filter((d) => !ignored.has(d.property));
        const reasons = r.custom ? replaceReasons(r.type, diffs) : [];
        // A replace-causing input whose value comes from a replaced resource: unknown until the new
        // resource exists, so the engine replaces this one too.
        for (const [property, deps] of Object.entries(r.propertyDependencies ?? {})) {
            const from = deps.find((d) => replaced.has(d));
            if (!from || ignored.has(property) || reasons.some((x) => x.property === property)) continue;
            if (!r.custom) continue;
            const verdict = propertyVerdict(r.type, property);
            const why = `its value comes from ${urnName(from)}, which is replaced`;
            if (verdict.replaces) reasons.push({ property, why });
            if (!diffs.some((d) => d.property === property)) {
                diffs.push({ path: property, kind: "update", property, new: "[unknown]" });
            }
        }
        const op: ChangeOp = reasons.length
            ? "replace"
            : diffs.length || oldUrn !== r.urn
              ? "update"
              : "same";
        if (op === "replace") replaced.add(r.urn);
        changes.push({
            ...base,
            op,
            diffs,
            replaceReasons: reasons,
            ...(oldUrn !== r.urn ? { oldUrn } : {}),
            ...(op === "replace" && r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
            ...(op === "replace" ? critical(old, r) : {}),
        });
    }
    for (const old of baseline) {
        if (matched.has(old.urn)) continue;
        changes.push({
            op: "delete",
            urn: old.urn,
            stack,
            type: old.type,
            name: urnName(old.urn),
            diffs: [],
            replaceReasons: [],
            ...(old.retainOnDelete ? { retained: true } : {}),
            ...critical(old),
        });
    }
    return changes;
}

function critical(old: ResourceSnapshot, now?: ResourceSnapshot): { critical?: string } {
    const reason =
        criticalReason(old) ??
        (now ? criticalReason({ ...now, protect: now.protect || old.protect }) : undefined);
    return reason ? { critical: reason } : {};
}

/** The stacks of a plan: stack name -> its resources in registration order. */
export type StackResources = ReadonlyMap<string, readonly ResourceSnapshot[]>;

/** Groups snapshots by the stack of their URN, keeping their order. */
export function byStack(resources: Iterable<ResourceSnapshot>): Map<string, ResourceSnapshot[]> {
    const stacks = new Map<string, ResourceSnapshot[]>();
    for (const r of resources) {
        const stack = urnStack(r.urn);
        const list = stacks.get(stack) ?? [];
        list.push(r);
        stacks.set(stack, list);
    }
    return stacks;
}

/**
 * Compares `current` with `baseline`. `scope`: `all` when the whole environment was planned (a stack of
 * the baseline that is gone is deleted, resource by resource), or the stacks a plan of one stack
 * evaluated (a stack of the baseline outside them is left out). `allow`: the `--allow-replace` values.
 */
export function diffPlans(
    baseline: StackResources,
    current: StackResources,
    scope: "all" | readonly string[],
    allow: readonly string[] = [],
): ChangeSet {
    const names =
        scope === "all" ? [...new Set([...current.keys(), ...baseline.keys()])] : [...new Set(scope)];
    const stacks: StackChanges[] = [];
    const used = new Set<string>();
    const counts = noCounts();
    const violations: ResourceChange[] = [];
    for (const stack of names) {
        const changes = diffStack(stack, baseline.get(stack) ?? [], current.get(stack) ?? []).map((c) => {
            if (c.op !== "replace" && c.op !== "delete") return c;
            const allowedBy = allow.filter(
                (a) => allowMatches(a, c.urn) || (c.oldUrn && allowMatches(a, c.oldUrn)),
            );
            allowedBy.forEach((a) => used.add(a));
            return allowedBy.length ? { ...c, allowed: true } : c;
        });
        const stackCounts = noCounts();
        for (const c of changes) stackCounts[c.op]++;
        for (const op of Object.keys(counts) as ChangeOp[]) counts[op] += stackCounts[op];
        violations.push(...changes.filter((c) => c.critical && !c.allowed && !c.retained));
        stacks.push({
            stack,
            counts: stackCounts,
            changes: changes.filter((c) => c.op !== "same").sort((a, b) => ORDER[a.op] - ORDER[b.op]),
        });
    }
    return {
        stacks,
        counts,
        violations,
        unusedAllows: allow.filter((a) => !used.has(a)),
    };
}
