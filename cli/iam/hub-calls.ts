/**
 * Evaluates every API call a stack's cross-account providers make: the `sts:AssumeRole` (and
 * `sts:TagSession`) of the provider against the role's trust policy, then, for each resource created
 * through the provider, each call of {@link PROVIDER_CALLS} in each phase of its life against the
 * role's permission policies, with the request context AWS would build (resource tags as the hub
 * account sees them, request tags, session tags, `route53:VPCs`). A denied call is a finding naming
 * the action, the resource and the role.
 */
import { partitionOf } from "../../components/shared/aws-context";
import type { RecordedResource, StackRun } from "../mock-cloud/run";
import { RequestContext, type ContextValue } from "./conditions";
import { authorize, type Decision, type RequestPrincipal } from "./evaluate";
import { PHASES, PROVIDER_CALLS, type CallSubject, type Phase } from "./provider-calls";
import type { StackRole } from "./roles";

/** A call the role does not allow. */
export interface HubCallFinding {
    readonly stack: string;
    /** The resource whose life needs the call (the provider itself for the assume-role). */
    readonly urn: string;
    readonly phase: Phase | "assume-role";
    readonly action: string;
    readonly resource: string;
    readonly role: string;
    readonly reason: string;
    /** Where the call was read from (provider source file), when from the table. */
    readonly source?: string;
}

/** What the evaluation covered and what it found. */
export interface HubCallReport {
    /** Calls evaluated (each resource of each call counted once). */
    readonly calls: number;
    readonly findings: HubCallFinding[];
}

/** How a call changes what the hub side knows (tags a call puts on a resource; see the registrar). */
export interface HubState {
    /** The tags a resource carries in the hub account, by resource ID. */
    readonly tags: Map<string, Record<string, string>>;
}

/** Who deploys the stack, and the facts of its organization. */
export interface HubCallOptions {
    /** The principal the stack's default credentials are (the spoke's deployer role). */
    readonly caller: { readonly arn: string; readonly account: string };
    readonly organizationId?: string;
    /** The roles of the environment's stacks, by ARN. */
    readonly roles: ReadonlyMap<string, StackRole>;
    /** Tags resources of the hub account carry before the stack runs, by ID (route tables, hub attachments). */
    readonly hubTags?: ReadonlyMap<string, Readonly<Record<string, string>>>;
    /**
     * Effects of a call on the hub's state beyond what the table says (the registrar Lambda tags an
     * attachment with its owner): called after each allowed create-phase call, with the account the
     * stack deploys into. Returns why the call fails, when it does (the registrar refuses).
     */
    readonly effects?: (
        call: { action: string; resource: RecordedResource; stack: StackRun; account: string },
        state: HubState,
    ) => string | undefined;
}

interface AssumedProvider {
    readonly urn: string;
    readonly role: StackRole;
    readonly region: string;
    readonly sessionTags: Record<string, string>;
}

const parseJson = <T>(value: unknown): T | undefined => {
    if (typeof value !== "string") return value as T | undefined;
    try {
        return JSON.parse(value) as T;
    } catch {
        return undefined;
    }
};

/** The explicit providers of `run` that assume a role of the project, with the role and session tags. */
function assumingProviders(run: StackRun, roles: ReadonlyMap<string, StackRole>): AssumedProvider[] {
    const found: AssumedProvider[] = [];
    for (const p of run.resources.filter((r) => r.type === "pulumi:providers:aws")) {
        const chain =
            parseJson<{ roleArn?: string; tags?: Record<string, string> }[]>(p.inputs.assumeRoles) ?? [];
        const last = chain[chain.length - 1];
        const role = last?.roleArn ? roles.get(last.roleArn) : undefined;
        if (!role || !last) continue;
        found.push({ urn: p.urn, role, region: String(p.inputs.region), sessionTags: last.tags ?? {} });
    }
    return found;
}

const tagKeys = (prefix: string, tags: Readonly<Record<string, string>>) =>
    Object.fromEntries(Object.entries(tags).map(([k, v]) => [`${prefix}/${k}`, v]));

/** Evaluates the calls of every resource `run` creates through a provider that assumes a project role. */
export function evaluateHubCalls(run: StackRun, options: HubCallOptions): HubCallReport {
    const findings: HubCallFinding[] = [];
    let calls = 0;
    const state: HubState = {
        tags: new Map([...(options.hubTags ?? new Map())].map(([k, v]) => [k, { ...v }])),
    };
    for (const provider of assumingProviders(run, options.roles)) {
        const role = provider.role;
        const caller: RequestPrincipal = { type: "AWS", ...options.caller };
        const assume = (action: string): Decision =>
            authorize(
                {
                    action,
                    resource: role.arn,
                    principal: caller,
                    context: new RequestContext({
                        "aws:PrincipalOrgID": options.organizationId,
                        ...tagKeys("aws:RequestTag", provider.sessionTags),
                        "aws:TagKeys": Object.keys(provider.sessionTags),
                    }),
                },
                { resource: role.trust, resourceAccount: role.account, resourcePolicyRequired: true },
            );
        const assumeActions = [
            "sts:AssumeRole",
            ...(Object.keys(provider.sessionTags).length ? ["sts:TagSession"] : []),
        ];
        for (const action of assumeActions) {
            calls++;
            const decision = assume(action);
            if (decision.decision !== "allow") {
                findings.push({
                    stack: run.stack,
                    urn: provider.urn,
                    phase: "assume-role",
                    action,
                    resource: role.arn,
                    role: role.arn,
                    reason: `${options.caller.arn} may not assume it: ${decision.reason}`,
                });
            }
        }

        // A session's principal tags: the role's tags, overridden by the session tags.
        const session: RequestPrincipal = { type: "AWS", account: role.account, arn: role.arn };
        const principalTags = tagKeys("aws:PrincipalTag", { ...role.tags, ...provider.sessionTags });
        const resources = run.resources.filter((r) => r.provider?.startsWith(`${provider.urn}::`));
        const subject = (r: RecordedResource): CallSubject => ({
            inputs: r.inputs,
            partition: partitionOf(provider.region),
            region: provider.region,
            account: role.account,
        });
        const evaluate = (r: RecordedResource, phase: Phase) => {
            const row = PROVIDER_CALLS[r.type];
            if (!row) {
                if (phase === "create") {
                    findings.push({
                        stack: run.stack,
                        urn: r.urn,
                        phase,
                        action: "(unknown)",
                        resource: r.type,
                        role: role.arn,
                        reason: `no row for ${r.type} in cli/iam/provider-calls.ts: the calls it makes through this provider cannot be checked; read its provider source and add them`,
                    });
                }
                return;
            }
            for (const call of row[phase]) {
                const s = subject(r);
                if (call.when && !call.when(s)) continue;
                const extra: Record<string, ContextValue | undefined> = call.context?.(s) ?? {};
                for (const arn of call.resources(s)) {
                    calls++;
                    const id = arn.split("/").pop() ?? "";
                    const decision = authorize(
                        {
                            action: call.action,
                            resource: arn,
                            principal: session,
                            context: new RequestContext({
                                ...principalTags,
                                ...(arn === "*" ? {} : tagKeys("aws:ResourceTag", state.tags.get(id) ?? {})),
                                ...extra,
                            }),
                        },
                        { identity: role.policies, resourceAccount: role.account },
                    );
                    if (decision.decision !== "allow") {
                        findings.push({
                            stack: run.stack,
                            urn: r.urn,
                            phase,
                            action: call.action,
                            resource: arn,
                            role: role.arn,
                            reason: `${decision.reason} (${call.why}, ${row.source})`,
                            source: row.source,
                        });
                        continue;
                    }
                    if (phase !== "create") continue;
                    if (call.action === "ec2:CreateTags") {
                        const tags = (s.inputs.tags as Record<string, string> | undefined) ?? {};
                        state.tags.set(id, { ...(state.tags.get(id) ?? {}), ...tags });
                    }
                    const refused = options.effects?.(
                        { action: call.action, resource: r, stack: run, account: options.caller.account },
                        state,
                    );
                    if (refused !== undefined) {
                        findings.push({
                            stack: run.stack,
                            urn: r.urn,
                            phase,
                            action: call.action,
                            resource: arn,
                            role: role.arn,
                            reason: `the onboarding registrar refuses: ${refused}`,
                            source: row.source,
                        });
                    }
                }
            }
        };
        for (const phase of PHASES) {
            const ordered = phase === "delete" ? [...resources].reverse() : resources;
            for (const r of ordered) evaluate(r, phase);
        }
    }
    return { calls, findings };
}

/** A finding as one line: what the plan and the tests print. */
export function hubCallText(f: HubCallFinding): string {
    const what = f.reason.startsWith("the onboarding registrar refuses")
        ? "fails"
        : `is denied to role ${f.role}`;
    return `${f.stack}: ${f.phase} of ${f.urn.split("::").pop()}: ${f.action} on ${f.resource} ${what}: ${f.reason}`;
}
