/**
 * The stacks of an environment, found from their config files (never from a hard-coded list), and the
 * order they run in: the network hub of the primary region first, then what references it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { loadEnvironment, STACK_CONFIG_DIR } from "../../stacks/schema/stack-config";
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

/** Reads `stacks/config/Pulumi.<stack>.yaml` into Pulumi's flat config map (objects as JSON text). */
export function readStackConfig(stack: string, root = PROJECT_ROOT): Record<string, string> {
    const file = path.join(root, STACK_CONFIG_DIR, `Pulumi.${stack}.yaml`);
    const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    return Object.fromEntries(
        Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

/** Every stack whose config names environment `env`, in run order. */
export function stacksOf(env: string, root = PROJECT_ROOT): PlannedStack[] {
    const dir = path.join(root, STACK_CONFIG_DIR);
    const names = fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((n): n is string => n !== undefined);
    return names
        .map((name) => {
            const config = readStackConfig(name, root);
            const role = config["hub-network:role"] ?? "";
            const regionKey = config["hub-network:region"] ?? "primary";
            const level = role === "network" && regionKey === "primary" ? 0 : role === "spoke" ? 2 : 1;
            return { name, role, regionKey, config, level, env: config["hub-network:environment"] };
        })
        .filter((s) => s.env === env)
        .map(({ env: _env, ...stack }) => stack)
        .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name));
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
