/**
 * The plan as JSON in the shape of `pulumi preview --json` (steps, changeSummary, diagnostics), so
 * tools that read preview JSON read it too, plus a `hubNetwork` section with what only the plan knows.
 */
import type { CostEstimate } from "./cost";
import type { PlanIam } from "./iam";
import type { PolicyReport } from "./policy";
import type { FlowReport } from "./flows";
import type { PathResult } from "./reachability";
import type { StackResult } from "./run";

/**
 * A step, as `pulumi preview --json` prints it: every step is a `create` unless the plan is compared
 * with a baseline (`--baseline`, see changes/steps.ts), which sets `op`, `oldState`, `diffReasons`,
 * `replaceReasons` and `detailedDiff`.
 */
export interface PreviewStep {
    readonly op: "create" | "same" | "update" | "replace" | "delete";
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
        /** Kept in AWS when removed from the program (`retainOnDelete`), when set. */
        readonly retainOnDelete?: boolean;
        /** Input properties whose changes the engine ignores (`ignoreChanges`), when any. */
        readonly ignoreChanges?: readonly string[];
        readonly dependencies: readonly string[];
        readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
        readonly inputs: Record<string, unknown>;
        /**
         * What the provider adds to or changes in the inputs (IDs, ARNs, computed attributes): an output
         * equal to its input is left out, so that the document does not carry every value twice (read a
         * property as `outputs[k] ?? inputs[k]`).
         */
        readonly outputs: Record<string, unknown>;
    };
}

/**
 * A diagnostic, as `pulumi preview --json` prints it. A policy violation is one too (prefix
 * `mandatory: ` or `advisory: `, the message as the engine prints it), with the fields of the engine's
 * policy event added.
 */
export interface PreviewDiagnostic {
    readonly urn?: string;
    readonly prefix: string;
    readonly message: string;
    readonly severity: "error" | "warning" | "info";
    readonly policyName?: string;
    readonly policyPackName?: string;
    readonly policyPackVersion?: string;
    readonly enforcementLevel?: string;
}

/** A policy violation in the shape of the engine's policy event (`apitype.PolicyEvent`), plus its stack. */
export interface PolicyEvent {
    readonly resourceUrn?: string;
    readonly message: string;
    readonly color: "never";
    readonly policyName: string;
    readonly policyPackName: string;
    readonly policyPackVersion: string;
    readonly policyPackVersionTag: string;
    readonly enforcementLevel: string;
    readonly severity: string;
    readonly stack: string;
}

/** A policy document's size against its IAM quota, in `hubNetwork.iam`. */
export interface PolicySize {
    readonly stack: string;
    readonly urn: string;
    readonly what: string;
    readonly size: number;
    readonly quota: number;
}

/** The whole document. */
export interface PlanDocument {
    readonly steps: PreviewStep[];
    readonly diagnostics: PreviewDiagnostic[];
    readonly duration: number;
    /** Op -> count, as the engine's summary: `create` only, unless compared with a baseline. */
    readonly changeSummary: Record<string, number>;
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
        /** What the policy pack found; `null` with `--no-policy`. */
        readonly policy: {
            /** Pack name -> version, as the engine's summary event lists them. */
            readonly policyPacks: Readonly<Record<string, string>>;
            readonly configFile: string | null;
            readonly mandatory: number;
            readonly advisory: number;
            readonly violations: readonly PolicyEvent[];
        } | null;
        /** Estimated monthly list-price cost of the fixed parts, per stack and item (see cost.ts). */
        readonly cost: CostEstimate | null;
        /** Every spoke's paths, hop by hop (see reachability.ts); `answer` for `--reach`. */
        readonly reachability: {
            readonly paths: number;
            readonly violations: number;
            readonly byVerdict: Readonly<Record<string, number>>;
            /** False when there are more than MAX_PATHS_WITH_HOPS paths: clean paths then carry no branches. */
            readonly hopsOfCleanPaths: boolean;
            /**
             * False when there are more than MAX_PATHS_LISTED paths (every spoke to every other grows
             * with the square of the spokes): `results` then holds only the paths that are not clean, and
             * `cleanBySource` counts the clean ones of each source spoke.
             */
            readonly listsCleanPaths: boolean;
            readonly cleanBySource?: Readonly<Record<string, number>>;
            readonly results: readonly PathResult[];
            readonly answer?: PathResult;
        } | null;
        /** IAM: documents checked, calls through hub providers evaluated, findings (see cli/plan/iam.ts). */
        readonly iam: {
            readonly documents: number;
            readonly unknownDocuments: number;
            readonly hubCalls: number;
            readonly largest: PolicySize | null;
            readonly errors: readonly string[];
            /** How spokes act on the hub (docs/tenancy.md) and its largest policy against its quota. */
            readonly onboarding: {
                readonly model: string;
                readonly listedAccounts: number;
                readonly registeredSpokes: number;
                readonly largest: PolicySize | null;
            };
        } | null;
        /**
         * Every required flow with its verdict, deciding rule and steps, and the findings of the flow
         * analysis (firewall rules that can never match, DNS, BGP, GWLB); see docs/flows.md.
         */
        readonly flows: {
            readonly total: number;
            readonly byVerdict: Readonly<Record<string, number>>;
            readonly results: FlowReport["flows"];
            readonly findings: FlowReport["findings"];
        } | null;
        /** How long each phase of the plan took (ms). */
        readonly phases: Readonly<Record<string, number>>;
    };
}

/** What the plan adds to the preview: the policy report, the cost estimate and reachability. */
export interface PlanAdditions {
    readonly policy?: PolicyReport;
    readonly cost?: CostEstimate;
    readonly reachability?: { readonly paths: readonly PathResult[]; readonly answer?: PathResult };
    readonly iam?: PlanIam;
    readonly flows?: FlowReport;
    /** How long each phase took, in ms: stacks, policy (after the stacks), reachability, diagram. */
    readonly phases?: Readonly<Record<string, number>>;
}

/** Past this many paths, hops are kept only for the paths that are not clean (the document stays small). */
export const MAX_PATHS_WITH_HOPS = 400;

/**
 * Past this many paths, clean paths are counted per source rather than listed, so that the document
 * grows with the spokes, not with their square (1,000 spokes have about a million paths).
 */
export const MAX_PATHS_LISTED = 5_000;

/** Replaces values unknown in a preview with the marker `pulumi preview --json` uses. */
export function plain(value: unknown): unknown {
    return JSON.parse(
        JSON.stringify(value, (_k, v: unknown) => (isUnknownValue(v) ? "[unknown]" : v)),
    ) as unknown;
}

function isUnknownValue(v: unknown): boolean {
    return (
        typeof v === "object" && v !== null && (v as { __pulumiUnknown?: boolean }).__pulumiUnknown === true
    );
}

/** The outputs that differ from the inputs of the same name (see `PreviewStep`); both plain values. */
export function changedOutputs(
    inputs: Readonly<Record<string, unknown>>,
    outputs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outputs)) {
        if (!(key in inputs) || JSON.stringify(inputs[key]) !== JSON.stringify(value)) out[key] = value;
    }
    return out;
}

function withChangedOutputs(state: PreviewStep["newState"]): PreviewStep["newState"] {
    return { ...state, outputs: changedOutputs(state.inputs, state.outputs) };
}

/** Builds the document from the stack results. */
export function planDocument(
    env: string,
    preview: boolean,
    results: readonly StackResult[],
    durationMs: number,
    additions: PlanAdditions = {},
): PlanDocument {
    const findings = additions.policy?.findings ?? [];
    const steps: PreviewStep[] = results.flatMap((r) =>
        (r.run?.resources ?? []).map((res) => ({
            op: "create" as const,
            urn: res.urn,
            provider: res.provider ?? "",
            newState: withChangedOutputs(
                plain({
                    urn: res.urn,
                    type: res.type,
                    custom: res.custom,
                    id: res.id,
                    parent: res.parent,
                    provider: res.provider,
                    protect: res.protect,
                    ...(res.retainOnDelete ? { retainOnDelete: true } : {}),
                    ...(res.ignoreChanges.length > 0 ? { ignoreChanges: res.ignoreChanges } : {}),
                    dependencies: res.dependencies,
                    propertyDependencies: res.propertyDependencies,
                    inputs: res.inputs,
                    outputs: res.outputs,
                }) as PreviewStep["newState"],
            ),
        })),
    );
    const diagnostics: PreviewDiagnostic[] = [
        ...results
            .filter((r) => r.error)
            .map((r) => ({
                prefix: `${r.stack.name}: `,
                message: r.error ?? "",
                severity: "error" as const,
            })),
        ...findings.map((f) => ({
            ...(f.urn ? { urn: f.urn } : {}),
            prefix: `${f.enforcementLevel}: `,
            message: `[${f.policyName}] ${f.message}`,
            severity: f.enforcementLevel === "mandatory" ? ("error" as const) : ("warning" as const),
            policyName: f.policyName,
            policyPackName: f.policyPackName,
            policyPackVersion: f.policyPackVersion,
            enforcementLevel: f.enforcementLevel,
        })),
    ];
    const report = additions.policy;
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
            policy: report
                ? {
                      policyPacks: { [report.pack.name]: report.pack.version },
                      configFile: report.configFile ?? null,
                      mandatory: findings.filter((f) => f.enforcementLevel === "mandatory").length,
                      advisory: findings.filter((f) => f.enforcementLevel !== "mandatory").length,
                      violations: findings.map((f) => ({
                          ...(f.urn ? { resourceUrn: f.urn } : {}),
                          message: f.message,
                          color: "never" as const,
                          policyName: f.policyName,
                          policyPackName: f.policyPackName,
                          policyPackVersion: f.policyPackVersion,
                          policyPackVersionTag: f.policyPackVersion,
                          enforcementLevel: f.enforcementLevel,
                          severity: f.severity,
                          stack: f.stack,
                      })),
                  }
                : null,
            cost: additions.cost ?? null,
            reachability: additions.reachability ? reachabilitySection(additions.reachability) : null,
            iam: additions.iam ? iamSection(additions.iam) : null,
            flows: additions.flows ? flowsSection(additions.flows) : null,
            phases: Object.fromEntries(
                Object.entries(additions.phases ?? {}).map(([k, v]) => [k, Math.round(v)]),
            ),
        },
    };
}

function iamSection(iam: PlanIam): NonNullable<PlanDocument["hubNetwork"]["iam"]> {
    const l = iam.largest;
    const o = iam.onboarding.largest;
    return {
        documents: iam.documents,
        unknownDocuments: iam.unknownDocuments,
        hubCalls: iam.hubCalls,
        largest: l ? { stack: l.stack, urn: l.urn, what: l.what, size: l.size, quota: l.quota.limit } : null,
        errors: iam.errors,
        onboarding: {
            model: iam.onboarding.model,
            listedAccounts: iam.onboarding.listedAccounts,
            registeredSpokes: iam.onboarding.registeredSpokes,
            largest: o
                ? { stack: o.stack, urn: o.urn, what: o.what, size: o.size, quota: o.quota.limit }
                : null,
        },
    };
}

function reachabilitySection(input: NonNullable<PlanAdditions["reachability"]>) {
    const { paths, answer } = input;
    const full = paths.length <= MAX_PATHS_WITH_HOPS;
    const listed = paths.length <= MAX_PATHS_LISTED;
    const clean = (p: PathResult) => p.verdict === "reachable" && p.violations.length === 0;
    const byVerdict: Record<string, number> = {};
    for (const p of paths) byVerdict[p.verdict] = (byVerdict[p.verdict] ?? 0) + 1;
    const cleanBySource: Record<string, number> = {};
    if (!listed)
        for (const p of paths) if (clean(p)) cleanBySource[p.source] = (cleanBySource[p.source] ?? 0) + 1;
    return {
        paths: paths.length,
        violations: paths.filter((p) => p.violations.length > 0).length,
        byVerdict,
        hopsOfCleanPaths: full,
        listsCleanPaths: listed,
        ...(listed ? {} : { cleanBySource }),
        results: listed
            ? paths.map((p) => (full || !clean(p) ? p : { ...p, branches: [] }))
            : paths.filter((p) => !clean(p)),
        ...(answer ? { answer } : {}),
    };
}

function flowsSection(report: FlowReport) {
    const byVerdict: Record<string, number> = {};
    for (const f of report.flows) byVerdict[f.verdict] = (byVerdict[f.verdict] ?? 0) + 1;
    return { total: report.flows.length, byVerdict, results: report.flows, findings: report.findings };
}
