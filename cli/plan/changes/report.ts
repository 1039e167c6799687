/**
 * The comparison in the console: one line of totals, then what a reviewer must see, capped so that it
 * stays a screen however large the environment (summary.md has more, plan.json every one): critical
 * replacements and deletions first, then replacements, deletions, updates with their changed
 * properties, creations by stack, and verdicts that changed.
 */
import type { ChangeOp, ChangeSet, ResourceChange } from "./diff";
import type { VerdictChange } from "./verdicts";

/** At most this many lines per section in the console. */
export const CONSOLE_LINES = 12;

const typeName = (type: string) => type.slice(type.lastIndexOf(":") + 1);

/** `aws:ec2/vpc:Vpc` -> `Vpc`, with the resource and its stack: `network-dev: Vpc inspection-vpc`. */
export function resourceLabel(c: Pick<ResourceChange, "stack" | "type" | "name">): string {
    return `${c.stack}: ${typeName(c.type)} ${c.name}`;
}

/** The changed properties of an update or replacement, shortest first: `cidrBlock: 10.0.0.0/20 → 10.0.16.0/20`. */
export function propertyText(c: ResourceChange, max = 4): string {
    const parts = c.diffs
        .slice(0, max)
        .map((d) =>
            d.old !== undefined || d.new !== undefined
                ? `${d.path}: ${d.old ?? "(none)"} → ${d.new ?? "(none)"}`
                : `${d.path} (${d.kind})`,
        );
    if (c.diffs.length > max) parts.push(`and ${c.diffs.length - max} more`);
    return parts.join("; ");
}

/** Why a replacement happens, in one line. */
export function replaceText(c: ResourceChange): string {
    return c.replaceReasons.map((r) => `${r.property}: ${r.why}`).join("; ");
}

/** `3 create, 1 replace, ...` in a fixed order, leaving out zeros. */
export function countsText(counts: Readonly<Record<ChangeOp, number>>): string {
    const parts = (["replace", "delete", "update", "create", "same"] as const)
        .filter((op) => counts[op] > 0)
        .map((op) => `${counts[op]} ${op}`);
    return parts.length ? parts.join(", ") : "no resources";
}

function capped(lines: string[], more: string): string[] {
    if (lines.length <= CONSOLE_LINES) return lines;
    return [...lines.slice(0, CONSOLE_LINES), `  ... and ${lines.length - CONSOLE_LINES} more ${more}`];
}

/** The comparison as console text. */
export function changesText(
    changes: ChangeSet,
    baselineLabel: string,
    verdicts: readonly VerdictChange[] = [],
): string {
    const all = changes.stacks.flatMap((s) => s.changes);
    const lines = [`Changes against ${baselineLabel}: ${countsText(changes.counts)}.`];
    const violations = changes.violations;
    if (violations.length) {
        lines.push(
            `Critical resources replaced or deleted (${violations.length}; each needs --allow-replace <urn-or-name>):`,
            ...capped(
                violations.map(
                    (c) =>
                        `  ! ${c.op.toUpperCase()} ${resourceLabel(c)}: ${c.critical}${c.op === "replace" ? ` (${replaceText(c)})` : ""}`,
                ),
                "in summary.md and plan.json",
            ),
        );
    }
    const replaced = all.filter((c) => c.op === "replace" && !violations.includes(c));
    if (replaced.length) {
        lines.push(
            `Replaced (${replaced.length}):`,
            ...capped(
                replaced.map(
                    (c) =>
                        `  +- ${resourceLabel(c)}${c.allowed ? " [allowed]" : ""}: ${replaceText(c)}${c.deleteBeforeReplace ? " (deleted before its replacement is created)" : ""}`,
                ),
                "replacements in summary.md and plan.json",
            ),
        );
    }
    const deleted = all.filter((c) => c.op === "delete" && !violations.includes(c));
    if (deleted.length) {
        lines.push(
            `Deleted (${deleted.length}):`,
            ...capped(
                deleted.map(
                    (c) =>
                        `  -  ${resourceLabel(c)}${c.allowed ? " [allowed]" : ""}${c.retained ? " (retained in the cloud)" : ""}`,
                ),
                "deletions in summary.md and plan.json",
            ),
        );
    }
    const updated = all.filter((c) => c.op === "update");
    if (updated.length) {
        lines.push(
            `Updated in place (${updated.length}):`,
            ...capped(
                updated.map((c) => `  ~  ${resourceLabel(c)}: ${propertyText(c)}`),
                "updates in summary.md and plan.json",
            ),
        );
    }
    const created = changes.stacks.filter((s) => s.counts.create > 0);
    if (created.length) {
        lines.push(
            `Created (${changes.counts.create}):`,
            ...capped(
                created.map((s) => `  +  ${s.stack}: ${s.counts.create} resource(s)`),
                "stacks in summary.md and plan.json",
            ),
        );
    }
    if (verdicts.length) {
        lines.push(
            `Verdicts that changed (${verdicts.length}):`,
            ...capped(
                verdicts.map(
                    (v) =>
                        `  ${v.worse ? "!" : " "} ${v.kind} ${v.key}: ${v.before} → ${v.after}${v.detail ? ` (${v.detail})` : ""}`,
                ),
                "in summary.md and plan.json",
            ),
        );
    }
    for (const allow of changes.unusedAllows) {
        lines.push(`warning: --allow-replace ${allow} names no resource this plan replaces or deletes`);
    }
    return lines.join("\n");
}
