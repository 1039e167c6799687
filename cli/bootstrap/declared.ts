/**
 * What the stacks of each account kind declare, from runs under the mock cloud (as the plan runs
 * them): the resource types created with the stack's own credentials, the provider functions called,
 * and the roles assumed in other accounts (a spoke's `hub` provider).
 */
import type { StackResult } from "../plan/run";

/** The account kinds the bootstrap writes a template for, which are the stack roles. */
export const ACCOUNT_KINDS = ["network", "security", "spoke"] as const;
/** One of {@link ACCOUNT_KINDS}. */
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** What the stacks of one kind declare. */
export interface Declared {
    /** Resource types the stack's own account creates (custom resources and non-project components). */
    readonly types: Set<string>;
    /** Provider function tokens. */
    readonly invokes: Set<string>;
    /** Roles assumed in other accounts by explicit providers. */
    readonly assumedRoles: Set<string>;
    /** The stacks it was collected from. */
    readonly stacks: string[];
}

/** Resources that are no AWS call: the stack, providers, the project's own components. */
function isCallFree(type: string, custom: boolean): boolean {
    if (type.startsWith("pulumi:")) return true;
    return !custom && type.startsWith("hub-network:");
}

/** JSON text or a value, as the SDK serializes provider inputs. */
function value<T>(v: unknown): T | undefined {
    if (typeof v !== "string") return v as T | undefined;
    try {
        return JSON.parse(v) as T;
    } catch {
        return v as T;
    }
}

/** Collects, per account kind, what the evaluated stacks declare. */
export function declaredByKind(results: readonly StackResult[]): Record<AccountKind, Declared> {
    const out = Object.fromEntries(
        ACCOUNT_KINDS.map((k) => [
            k,
            { types: new Set(), invokes: new Set(), assumedRoles: new Set(), stacks: [] },
        ]),
    ) as unknown as Record<AccountKind, Declared>;
    for (const r of results) {
        if (!r.run) continue;
        const d = out[r.stack.role as AccountKind];
        if (!d) continue;
        d.stacks.push(r.stack.name);
        // Explicit providers that point at another account act with another account's role.
        const elsewhere = new Set<string>();
        for (const res of r.run.resources) {
            if (!res.type.startsWith("pulumi:providers:")) continue;
            const allowed = value<string[]>(res.inputs.allowedAccountIds);
            if (Array.isArray(allowed) && !allowed.includes(r.accountId)) {
                elsewhere.add(res.urn);
                const roles = value<{ roleArn?: string }[]>(res.inputs.assumeRoles) ?? [];
                const last = roles[roles.length - 1]?.roleArn;
                if (typeof last === "string") d.assumedRoles.add(last);
            }
        }
        for (const res of r.run.resources) {
            if (isCallFree(res.type, res.custom)) continue;
            const provider = res.provider?.split("::").slice(0, -1).join("::");
            if (provider && elsewhere.has(provider)) continue;
            d.types.add(res.type);
        }
        r.run.invokes.forEach((i) => d.invokes.add(i.token));
    }
    return out;
}
