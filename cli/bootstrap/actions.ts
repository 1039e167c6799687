/**
 * The bootstrap's action table: every resource type a stack can declare -> the IAM actions the
 * provider's calls need to create, read, update, delete and tag it. The rows of the types a spoke
 * creates through its `hub` provider are the evaluated call table of cli/iam/provider-calls.ts, so one
 * source of provider knowledge serves both the tenancy checks and the deployer roles.
 */
import { PHASES, PROVIDER_CALLS } from "../iam/provider-calls";
import { NETWORK_ACTIONS } from "./actions-network";
import { INVOKE_ACTIONS, SERVICE_ACTIONS } from "./actions-services";
import type { ActionRow } from "./table";

export type { ActionRow } from "./table";
export { INVOKE_ACTIONS } from "./actions-services";

/** A row of cli/iam/provider-calls.ts as action lists. */
function fromProviderCalls(token: string): ActionRow {
    const calls = PROVIDER_CALLS[token];
    const phase = (p: (typeof PHASES)[number]) => [...new Set(calls[p].map((c) => c.action))];
    return {
        source: calls.source,
        create: phase("create"),
        read: phase("read"),
        update: phase("update"),
        delete: phase("delete"),
    };
}

/** Resource type token -> its actions. */
export const RESOURCE_ACTIONS: Readonly<Record<string, ActionRow>> = {
    ...Object.fromEntries(Object.keys(PROVIDER_CALLS).map((token) => [token, fromProviderCalls(token)])),
    ...NETWORK_ACTIONS,
    ...SERVICE_ACTIONS,
};

/** Every action of a row, all phases. */
export function allActions(row: ActionRow): string[] {
    return [...row.create, ...row.read, ...row.update, ...row.delete];
}

/** What the stacks of one account kind need: the actions of each phase, the roles passed and created. */
export interface KindActions {
    /** Every action (create, read, update, delete, tag, invokes), sorted. */
    readonly deploy: readonly string[];
    /** Read actions only (and invokes), sorted. */
    readonly read: readonly string[];
    /** Services roles are passed to. */
    readonly passRoleTo: readonly string[];
    /** Service-linked roles the services may create. */
    readonly serviceLinkedRoles: readonly string[];
    /** Resource types and invoke tokens the table lacks. */
    readonly missing: readonly string[];
}

/** The actions of `types` and `invokes` from the table; anything it lacks is listed in `missing`. */
export function actionsOf(types: Iterable<string>, invokes: Iterable<string>): KindActions {
    const deploy = new Set<string>();
    const read = new Set<string>();
    const passRoleTo = new Set<string>();
    const serviceLinkedRoles = new Set<string>();
    const missing: string[] = [];
    for (const type of types) {
        const r = RESOURCE_ACTIONS[type];
        if (!r) {
            missing.push(type);
            continue;
        }
        allActions(r).forEach((a) => deploy.add(a));
        r.read.forEach((a) => read.add(a));
        r.passRoleTo?.forEach((s) => passRoleTo.add(s));
        r.serviceLinkedRoles?.forEach((s) => serviceLinkedRoles.add(s));
    }
    for (const token of invokes) {
        const actions = INVOKE_ACTIONS[token];
        if (!actions) {
            missing.push(token);
            continue;
        }
        actions.forEach((a) => (deploy.add(a), read.add(a)));
    }
    return {
        deploy: [...deploy].sort(),
        read: [...read].sort(),
        passRoleTo: [...passRoleTo].sort(),
        serviceLinkedRoles: [...serviceLinkedRoles].sort(),
        missing: missing.sort(),
    };
}
