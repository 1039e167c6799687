/**
 * The plan as JSON in the shape of `pulumi preview --json` (steps, changeSummary, diagnostics), so
 * tools that read preview JSON read it too, plus a `hubNetwork` section with what only the plan knows.
 */
import type { StackResult } from "./run";

/** A step, as `pulumi preview --json` prints it. */
export interface PreviewStep {
    readonly op: "create";
    readonly urn: string;
    readonly provider: string;
    readonly newState: {
        readonly urn: string;
        readonly type: string;
        readonly custom: boolean;
        readonly id?: string;
        readonly parent?: string;
        readonly provider?: string;
        readonly protect: boolean;
        readonly dependencies: readonly string[];
        readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
        readonly inputs: Record<string, unknown>;
        readonly outputs: Record<string, unknown>;
    };
}

/** A diagnostic, as `pulumi preview --json` prints it. */
export interface PreviewDiagnostic {
    readonly urn?: string;
    readonly prefix: string;
    readonly message: string;
    readonly severity: "error" | "warning" | "info";
}

/** The whole document. */
export interface PlanDocument {
    readonly steps: PreviewStep[];
    readonly diagnostics: PreviewDiagnostic[];
    readonly duration: number;
    readonly changeSummary: { readonly create: number };
    /** Our additions: per-stack facts and exports. */
    readonly hubNetwork: {
        readonly environment: string;
        readonly mode: "preview" | "update";
        readonly stacks: {
            readonly name: string;
            readonly role: string;
            readonly accountId: string;
            readonly region: string;
            readonly resources: number;
            readonly durationMs: number;
            readonly exports: Record<string, unknown>;
            readonly error?: string;
        }[];
    };
}

/** Replaces values unknown in a preview with the marker `pulumi preview --json` uses. */
function plain(value: unknown): unknown {
    return JSON.parse(
        JSON.stringify(value, (_k, v: unknown) => (isUnknownValue(v) ? "[unknown]" : v)),
    ) as unknown;
}

function isUnknownValue(v: unknown): boolean {
    return (
        typeof v === "object" && v !== null && (v as { __pulumiUnknown?: boolean }).__pulumiUnknown === true
    );
}

/** Builds the document from the stack results. */
export function planDocument(
    env: string,
    preview: boolean,
    results: readonly StackResult[],
    durationMs: number,
): PlanDocument {
    const steps: PreviewStep[] = results.flatMap((r) =>
        (r.run?.resources ?? []).map((res) => ({
            op: "create" as const,
            urn: res.urn,
            provider: res.provider ?? "",
            newState: plain({
                urn: res.urn,
                type: res.type,
                custom: res.custom,
                id: res.id,
                parent: res.parent,
                provider: res.provider,
                protect: res.protect,
                dependencies: res.dependencies,
                propertyDependencies: res.propertyDependencies,
                inputs: res.inputs,
                outputs: res.outputs,
            }) as PreviewStep["newState"],
        })),
    );
    const diagnostics: PreviewDiagnostic[] = results
        .filter((r) => r.error)
        .map((r) => ({ prefix: `${r.stack.name}: `, message: r.error ?? "", severity: "error" as const }));
    return {
        steps,
        diagnostics,
        duration: Math.round(durationMs * 1e6),
        changeSummary: { create: steps.length },
        hubNetwork: {
            environment: env,
            mode: preview ? "preview" : "update",
            stacks: results.map((r) => ({
                name: r.stack.name,
                role: r.stack.role,
                accountId: r.accountId,
                region: r.region,
                resources: r.run?.resources.length ?? 0,
                durationMs: Math.round(r.durationMs),
                exports: plain(r.run?.outputs ?? {}) as Record<string, unknown>,
                ...(r.error ? { error: r.error } : {}),
            })),
        },
    };
}
