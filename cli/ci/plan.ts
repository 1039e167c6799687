/**
 * What CI does with a change, as data the workflow follows: the stacks it touches per environment,
 * in promotion order (development environments first, production last and behind an approval), level
 * by level; the stacks it creates (a new stack file) and destroys (a removed spoke's file, behind an
 * approval); and its blast radius (an environment file or the program touches many stacks at once).
 */
import { parse } from "yaml";
import { environmentNames, loadEnvironment } from "../../stacks/schema/stack-config";
import { FIREWALL_RULES_DIR, firewallRulesFile } from "../../stacks/schema/firewall-file";
import { accountOf, stacksOf, type PlannedStack } from "../plan/stacks";

/** A changed path, as `git diff --name-status` gives it. */
export interface Change {
    /** `A` added, `M` modified, `D` deleted (a rename is a deletion and an addition). */
    readonly status: "A" | "M" | "D";
    readonly path: string;
}

/** Where and as whom CI runs a stack. */
export interface CiStackTarget {
    readonly stack: string;
    /** `<organization>/<project>/<stack>`: the name StackReferences use. */
    readonly qualifiedName: string;
    readonly environment: string;
    /** 0: primary network; 1: DR network and security; 2: spokes (lower levels first). */
    readonly level: number;
    readonly account: string;
    readonly region: string;
    /** The role `pulumi up` and `pulumi destroy` assume: a spoke's deployer role, else `<deployRoleName>`. */
    readonly roleArn: string;
    /** The read-only role pull-request previews assume in the same account. */
    readonly previewRoleArn: string;
    /** `--policy-pack-config` for the stack's environment, when `policy-pack/config/<env>.json` exists. */
    readonly policyConfig: string | null;
    /** The stack file is new in this change: CI creates the stack (`pulumi stack select --create`). */
    readonly isNew: boolean;
}

/** One environment's part of a change. */
export interface EnvironmentPlan {
    readonly name: string;
    readonly profile: string;
    /** Deploying it waits for an approval (production environments). */
    readonly approval: boolean;
    /** The stacks to preview or update, by level. */
    readonly levels: readonly (readonly CiStackTarget[])[];
    /** Stacks whose file this change removes: destroyed after an approval, then removed. */
    readonly destroy: readonly CiStackTarget[];
}

/** How far one changed file reaches. */
export interface BlastRadius {
    readonly path: string;
    /** Stacks the file touches, in all environments. */
    readonly stacks: number;
    readonly environments: readonly string[];
    /** Why, in words: "shared by every stack of dev". */
    readonly reason: string;
}

/** The whole plan of a change. */
export interface CiPlan {
    readonly changed: readonly string[];
    /** Environments with something to do, in promotion order. */
    readonly environments: readonly EnvironmentPlan[];
    readonly blastRadius: readonly BlastRadius[];
}

/** Settings of a plan, from the workflow's variables. */
export interface CiOptions {
    /** The Pulumi organization of every stack (`organization` on a self-managed backend). */
    readonly organization: string;
    /** The Pulumi project name (Pulumi.yaml `name`). */
    readonly project: string;
    /** The deploy role's name in the network and security accounts. */
    readonly deployRoleName: string;
    /** The read-only preview role's name in every account. */
    readonly previewRoleName: string;
    /** Promotion order of the environments; default: development profiles first, then production, by name. */
    readonly order?: readonly string[];
    /** Whether a policy config file exists (`policy-pack/config/<env>.json`), relative to the root. */
    readonly exists: (path: string) => boolean;
    /** A file's text at the change's base revision, for removed stack files; undefined if absent there. */
    readonly atBase: (path: string) => string | undefined;
}

/** A change CI must refuse, with the fix. */
export class CiPlanError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("\n"));
        this.name = "CiPlanError";
    }
}

/** Changed paths that touch every stack: the program, the components, the pack, the dependencies. */
const EVERY_STACK = [
    /^components\//,
    /^stacks\/[^/]+\.ts$/,
    /^stacks\/schema\//,
    /^policy-pack\/(?!config\/)/,
    /^Pulumi\.yaml$/,
    /^package(-lock)?\.json$/,
];

const STACK_FILE = /^stacks\/config\/Pulumi\.(.+)\.yaml$/;
const RULES_FILE = new RegExp(`^${FIREWALL_RULES_DIR}/(.+)\\.yaml$`);

/** Why `path` touches `stack` of `env`, or undefined when it does not. */
function reasonFor(path: string, stack: PlannedStack, env: string): string | undefined {
    if (path === `stacks/config/Pulumi.${stack.name}.yaml`) return "its own stack file";
    if (path === `stacks/environments/${env}.yaml`) return `shared by every stack of ${env}`;
    // The rule groups are resources of the network stacks only (stacks/network.ts).
    if (path === firewallRulesFile(env) && stack.role === "network") return `the firewall rules of ${env}`;
    if (path === `policy-pack/config/${env}.json`) return `the policy config of every stack of ${env}`;
    if (stack.role === "spoke" && path.startsWith("services/")) return "workload code of every spoke";
    if (EVERY_STACK.some((pattern) => pattern.test(path))) return "the program of every stack";
    return undefined;
}

/** Promotion order: `order` as given (checked), else development environments first, then production. */
export function promotionOrder(profiles: ReadonlyMap<string, string>, order?: readonly string[]): string[] {
    const names = [...profiles.keys()];
    if (order !== undefined) {
        const problems: string[] = [];
        for (const name of order) {
            if (!profiles.has(name)) {
                problems.push(
                    `promotion order names '${name}', which is not an environment; expected one of ${names.join(", ")}`,
                );
            }
        }
        for (const name of names) {
            if (!order.includes(name)) {
                problems.push(
                    `promotion order leaves out environment '${name}'; expected every environment once`,
                );
            }
        }
        const twice = order.filter((name, i) => order.indexOf(name) !== i);
        for (const name of new Set(twice))
            problems.push(`promotion order names '${name}' twice; expected it once`);
        if (problems.length > 0) throw new CiPlanError(problems);
        return [...order];
    }
    const rank = (name: string) => (profiles.get(name) === "production" ? 1 : 0);
    return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The plan of `changes` against the project at `root` (the change's head). */
export function ciPlan(changes: readonly Change[], root: string, options: CiOptions): CiPlan {
    const problems: string[] = [];
    const added = new Set(changes.filter((c) => c.status === "A").map((c) => c.path));
    const present = changes.filter((c) => c.status !== "D").map((c) => c.path);
    const profiles = new Map<string, string>();
    const touchedByPath = new Map<
        string,
        { stacks: Set<string>; environments: Set<string>; reason: string }
    >();
    const update = new Map<string, CiStackTarget[][]>();
    const approval = new Map<string, boolean>();

    // A rules file of no environment would change nothing and be previewed nowhere: refuse it.
    const envNames = environmentNames(root);
    for (const path of present) {
        const rules = RULES_FILE.exec(path);
        if (rules && !envNames.includes(rules[1])) {
            problems.push(
                `${path} is the firewall rules file of '${rules[1]}', which has no environment file; expected stacks/environments/${rules[1]}.yaml, or the rules file renamed after an environment (${envNames.join(", ") || "none yet"})`,
            );
        }
    }

    for (const env of envNames) {
        const { environment } = loadEnvironment(env, undefined, root);
        profiles.set(env, environment.profile);
        approval.set(env, environment.profile === "production");
        const spokeRoles = new Map(environment.accounts.spokes.map((s) => [s.id, s.deployerRoleArn]));
        const levels: CiStackTarget[][] = [[], [], []];
        for (const stack of stacksOf(env, root)) {
            const reasons = present.map((path) => [path, reasonFor(path, stack, env)] as const);
            const touching = reasons.filter(([, reason]) => reason !== undefined);
            if (touching.length === 0) continue;
            for (const [path, reason] of touching) {
                const entry = touchedByPath.get(path) ?? {
                    stacks: new Set(),
                    environments: new Set(),
                    reason: "",
                };
                entry.stacks.add(stack.name);
                entry.environments.add(env);
                entry.reason = reason!;
                touchedByPath.set(path, entry);
            }
            const account = accountOf(stack, env, root);
            const region = stack.config["aws:region"] ?? environment.regions.primary.name;
            levels[stack.level].push(
                target(stack.name, env, stack.level, account, region, spokeRoles.get(account), options, {
                    isNew: added.has(`stacks/config/Pulumi.${stack.name}.yaml`),
                }),
            );
        }
        update.set(env, levels);
    }

    const destroy = new Map<string, CiStackTarget[]>();
    for (const change of changes) {
        const match = STACK_FILE.exec(change.path);
        if (change.status !== "D" || !match) continue;
        const removed = removedStack(match[1], change.path, options, problems);
        if (!removed) continue;
        const list = destroy.get(removed.environment) ?? [];
        list.push(removed);
        destroy.set(removed.environment, list);
        if (!profiles.has(removed.environment)) {
            // The environment itself went away with the change: order it as its base file says.
            const base = parseYaml(options.atBase(`stacks/environments/${removed.environment}.yaml`));
            profiles.set(removed.environment, String(base?.profile ?? "development"));
            approval.set(removed.environment, base?.profile === "production");
        }
    }
    if (problems.length > 0) throw new CiPlanError(problems);

    const environments = promotionOrder(profiles, options.order)
        .map((name) => ({
            name,
            profile: profiles.get(name)!,
            approval: approval.get(name) ?? false,
            levels: (update.get(name) ?? [[], [], []]).map((level) =>
                [...level].sort((a, b) => a.stack.localeCompare(b.stack)),
            ),
            destroy: (destroy.get(name) ?? []).sort((a, b) => a.stack.localeCompare(b.stack)),
        }))
        .filter((e) => e.levels.some((level) => level.length > 0) || e.destroy.length > 0);

    const blastRadius = [...touchedByPath.entries()]
        .map(([path, entry]) => ({
            path,
            stacks: entry.stacks.size,
            environments: [...entry.environments].sort(),
            reason: entry.reason,
        }))
        .sort((a, b) => b.stacks - a.stacks || a.path.localeCompare(b.path));

    return { changed: changes.map((c) => c.path), environments, blastRadius };
}

function target(
    stack: string,
    environment: string,
    level: number,
    account: string,
    region: string,
    spokeRole: string | undefined,
    options: CiOptions,
    extra: { isNew: boolean },
): CiStackTarget {
    const policyConfig = `policy-pack/config/${environment}.json`;
    return {
        stack,
        qualifiedName: `${options.organization}/${options.project}/${stack}`,
        environment,
        level,
        account,
        region,
        roleArn: spokeRole ?? `arn:aws:iam::${account}:role/${options.deployRoleName}`,
        previewRoleArn: `arn:aws:iam::${account}:role/${options.previewRoleName}`,
        policyConfig: options.exists(policyConfig) ? policyConfig : null,
        isNew: extra.isNew,
    };
}

function parseYaml(text: string | undefined): Record<string, unknown> | undefined {
    if (text === undefined) return undefined;
    try {
        const value = parse(text) as unknown;
        return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * A stack whose file the change removes, as the base revision had it. Only spokes: removing a hub
 * stack's file would destroy every spoke's path, so CI refuses it and a person destroys the hub by
 * hand (docs/deploying.md).
 */
function removedStack(
    stack: string,
    file: string,
    options: CiOptions,
    problems: string[],
): CiStackTarget | undefined {
    const config = (parseYaml(options.atBase(file))?.config ?? {}) as Record<string, unknown>;
    const role = config["hub-network:role"];
    const env = config["hub-network:environment"];
    if (typeof env !== "string" || env === "") {
        problems.push(
            `${file}: removed, but its base revision names no hub-network:environment; cannot destroy it`,
        );
        return undefined;
    }
    if (role !== "spoke") {
        problems.push(
            `${file}: removing a ${String(role)} stack's file would make CI destroy ${stack}, which every spoke ` +
                "of the environment depends on; expected only spoke stack files to be removed (destroy a hub " +
                "stack by hand, as docs/deploying.md says, then remove its file)",
        );
        return undefined;
    }
    const request = (config["hub-network:spoke"] ?? {}) as { account?: unknown };
    const allowed = config["aws:allowedAccountIds"];
    const account = String(request.account ?? (Array.isArray(allowed) ? allowed[0] : ""));
    const base = parseYaml(options.atBase(`stacks/environments/${env}.yaml`));
    const spokes = ((base?.accounts as { spokes?: unknown } | undefined)?.spokes ?? []) as {
        id?: unknown;
        deployerRoleArn?: unknown;
    }[];
    const deployer = spokes.find((s) => String(s.id) === account)?.deployerRoleArn;
    const regions = (base?.regions ?? {}) as { primary?: { name?: unknown } };
    const region = String(config["aws:region"] ?? regions.primary?.name ?? "");
    if (!/^\d{12}$/.test(account) || typeof deployer !== "string") {
        problems.push(
            `${file}: removed, but its base revision gives no spoke account listed with a deployer role in ` +
                `stacks/environments/${env}.yaml; expected the account to stay listed until its stack is destroyed`,
        );
        return undefined;
    }
    return target(stack, env, 2, account, region, deployer, options, { isNew: false });
}

/** The plan's changed paths from `git diff --name-status` output (renames as deletion plus addition). */
export function parseNameStatus(text: string): Change[] {
    const changes: Change[] = [];
    for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        const [status, ...paths] = line.split("\t");
        if (status.startsWith("R") || status.startsWith("C")) {
            if (status.startsWith("R")) changes.push({ status: "D", path: paths[0] });
            changes.push({ status: "A", path: paths[1] });
        } else if (status === "A" || status === "D") {
            changes.push({ status, path: paths[0] });
        } else {
            changes.push({ status: "M", path: paths[0] });
        }
    }
    return changes;
}
