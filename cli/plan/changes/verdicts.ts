/**
 * Reachability paths and required flows whose verdict changed against the baseline: a path that was
 * reachable, inspected and symmetric and no longer is (or the reverse), a flow the firewall, a security
 * group or a route now drops or allows, new paths and flows that are not clean, and required flows
 * that are gone (a path that is gone went with its spoke, which the resource changes show).
 */
import type { BaselineDocument, BaselineFlow, BaselinePath } from "./baseline";

/** One verdict that changed. */
export interface VerdictChange {
    readonly kind: "path" | "flow";
    /** `petstore → internet`, or the flow's own id. */
    readonly key: string;
    /** The verdict before (`added` when new) and after (`removed` when gone). */
    readonly before: string;
    readonly after: string;
    /** Whether the change is for the worse (was fine, is not now). */
    readonly worse: boolean;
    /** What decides the new verdict, where the plan names it (a flow's deciding rule). */
    readonly detail?: string;
}

function pathVerdict(p: BaselinePath): string {
    if (p.verdict !== "reachable") return p.verdict;
    const parts = [p.inspected === false ? "uninspected" : "inspected"];
    if (p.symmetric === false) parts.push("asymmetric");
    return `reachable, ${parts.join(", ")}`;
}

const cleanPath = (v: string) => v === "reachable, inspected";

/** Path and flow verdicts of `current` that differ from `baseline`'s. */
export function verdictChanges(
    baseline: BaselineDocument,
    current: {
        readonly paths?: readonly BaselinePath[];
        readonly flows?: readonly BaselineFlow[];
    },
): VerdictChange[] {
    const out: VerdictChange[] = [];
    const oldPaths = baseline.hubNetwork?.reachability?.results;
    // A large baseline lists only the paths that were not clean: a path of a source it counted clean
    // paths for, and does not list, was clean.
    const countedClean = baseline.hubNetwork?.reachability?.cleanBySource ?? {};
    if (oldPaths && current.paths) {
        const key = (p: BaselinePath) => `${p.source} → ${p.destination}`;
        const before = new Map(oldPaths.map((p) => [key(p), pathVerdict(p)]));
        const after = new Map(current.paths.map((p) => [key(p), pathVerdict(p)]));
        for (const [k, v] of after) {
            const source = k.slice(0, k.indexOf(" → "));
            const was = before.get(k) ?? (countedClean[source] ? "reachable, inspected" : undefined);
            if (was === undefined) {
                if (!cleanPath(v)) out.push({ kind: "path", key: k, before: "added", after: v, worse: true });
            } else if (was !== v) {
                out.push({
                    kind: "path",
                    key: k,
                    before: was,
                    after: v,
                    worse: cleanPath(was) && !cleanPath(v),
                });
            }
        }
    }
    const oldFlows = baseline.hubNetwork?.flows?.results;
    if (oldFlows && current.flows) {
        const before = new Map(oldFlows.map((f) => [f.id, f]));
        const after = new Map(current.flows.map((f) => [f.id, f]));
        for (const [id, f] of after) {
            const was = before.get(id);
            if (!was) {
                if (f.verdict !== "allowed") {
                    out.push({
                        kind: "flow",
                        key: id,
                        before: "added",
                        after: f.verdict,
                        worse: true,
                        ...(f.decidedBy ? { detail: f.decidedBy } : {}),
                    });
                }
            } else if (was.verdict !== f.verdict) {
                out.push({
                    kind: "flow",
                    key: id,
                    before: was.verdict,
                    after: f.verdict,
                    worse: was.verdict === "allowed",
                    ...(f.decidedBy ? { detail: f.decidedBy } : {}),
                });
            }
        }
        for (const [id, f] of before) {
            if (!after.has(id))
                out.push({ kind: "flow", key: id, before: f.verdict, after: "removed", worse: false });
        }
    }
    return out.sort((a, b) => Number(b.worse) - Number(a.worse) || a.key.localeCompare(b.key));
}
