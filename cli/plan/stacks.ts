/**
 * The stacks of an environment, found from their config files (never from a hard-coded list), and the
 * order they run in: the network hub of the primary region first, then what references it.
 */
import type { Environment } from "../../stacks/schema/environment";
import { ConfigError, type ConfigProblem } from "../../stacks/schema/errors";
import {
    environmentOfName,
    readStackFile,
    stackConfigProblems,
    stackFilesIn,
    type StackFile,
} from "../../stacks/schema/stack-file";
import { environmentNames, loadEnvironment } from "../../stacks/schema/stack-config";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";

/** A stack as the plan sees it: its name, flat config and place in the run order. */
export interface PlannedStack {
    readonly name: string;
    readonly role: string;
    readonly regionKey: string;
    /** Flat Pulumi config, as the engine would hand it to the program. */
    readonly config: Readonly<Record<string, string>>;
    /** 0: primary network; 1: DR network and security; 2: spokes. Stacks of one level are independent. */
    readonly level: number;
}

/** Pulumi's flat config map of a stack file's values (every value text, objects as JSON text). */
function flatConfig(values: Readonly<Record<string, unknown>>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

/**
 * Reads `stacks/config/Pulumi.<stack>.yaml` into Pulumi's flat config map (objects as JSON text). A
 * file that is not a stack file (not YAML, not a mapping, no config mapping) throws a ConfigError.
 */
export function readStackConfig(stack: string, root = PROJECT_ROOT): Record<string, string> {
    return flatConfig(readStackFile(stack, root).values);
}

/**
 * Every stack whose config names environment `env`, in run order. Every stack file that belongs to
 * `env` (by its `hub-network:environment`, or by its name when that key is unreadable) is checked
 * first: one that is broken, misnamed, or not pinned to its account stops the discovery with a
 * ConfigError listing every such problem, so a stack is never silently left out of a plan or of CI.
 */
export function stacksOf(env: string, root = PROJECT_ROOT): PlannedStack[] {
    const environments = environmentNames(root);
    const { stacks: names, strays } = stackFilesIn(root);
    const problems: ConfigProblem[] = strays.filter((p) => {
        const name = /Pulumi\.(.+)\.ya?ml$/.exec(p.file)?.[1] ?? p.file;
        const owner = environmentOfName(name, environments);
        return owner === undefined || owner === env;
    });
    let environment: Environment | undefined;
    const environmentOf = () => (environment ??= loadEnvironment(env, undefined, root).environment);
    const planned: PlannedStack[] = [];
    for (const name of names) {
        const byName = environmentOfName(name, environments);
        let file: StackFile;
        try {
            file = readStackFile(name, root);
        } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            if (byName === undefined || byName === env) problems.push(...error.problems);
            continue;
        }
        const named = file.values["hub-network:environment"];
        const byContent = typeof named === "string" && environments.includes(named) ? named : undefined;
        const belongs =
            byContent === env || byName === env || (byContent === undefined && byName === undefined);
        if (!belongs) continue;
        const found = stackConfigProblems(
            name,
            file.values,
            file.yaml,
            environments,
            byContent === env ? environmentOf() : undefined,
        );
        if (found.length > 0 || byContent !== env) {
            problems.push(...found);
            continue;
        }
        const config = flatConfig(file.values);
        const role = config["hub-network:role"];
        const regionKey = config["hub-network:region"] ?? "primary";
        const level = role === "network" && regionKey === "primary" ? 0 : role === "spoke" ? 2 : 1;
        planned.push({ name, role, regionKey, config, level });
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return planned.sort((a, b) => a.level - b.level || a.name.localeCompare(b.name));
}

/** `stack` and every stack of an earlier level (what it may reference). */
export function withDependencies(all: readonly PlannedStack[], stack: string): PlannedStack[] {
    const target = all.find((s) => s.name === stack);
    return target ? all.filter((s) => s.level < target.level || s.name === stack) : [];
}

/** The account a stack deploys into, from its environment file (spokes: their request). */
export function accountOf(stack: PlannedStack, env: string, root: string): string {
    const allowed = stack.config["aws:allowedAccountIds"];
    if (allowed) {
        const list = JSON.parse(allowed) as unknown;
        if (Array.isArray(list) && list.length > 0) return String(list[0]);
    }
    const { environment } = loadEnvironment(env, undefined, root);
    if (stack.role === "security") return environment.accounts.security;
    if (stack.role === "spoke") {
        const request = JSON.parse(stack.config["hub-network:spoke"] ?? "{}") as { account?: string };
        return request.account ?? environment.accounts.network;
    }
    return environment.accounts.network;
}
