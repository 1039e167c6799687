/**
 * The firewall rules file of an environment (`stacks/firewall/<env>.yaml`): the rule groups and rule
 * variables the security team owns, apart from the accounts and ranges of the environment file, so
 * that CODEOWNERS can give the two to different teams. The stacks read the two files as one
 * environment; a problem in the rules is reported in the rules file, at its own line and field.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "./errors";
import { valueAtPath, type YamlFile } from "./yaml-file";

/** Where the rules files live, relative to the project root. */
export const FIREWALL_RULES_DIR = "stacks/firewall";

/** The rules file of environment `env`, relative to the project root. */
export function firewallRulesFile(env: string): string {
    return `${FIREWALL_RULES_DIR}/${env}.yaml`;
}

/**
 * The fields of the environment file's `firewall` section that the rules file holds at its top level.
 * `logging` and `protection` stay in the environment file: they belong to the firewall's operation.
 */
export const RULES_FILE_KEYS = ["variables", "ruleGroups"] as const;

/** Whether environment `env` under `root` has a rules file of its own. */
export function hasFirewallRulesFile(env: string, root: string): boolean {
    return fs.existsSync(path.join(root, firewallRulesFile(env)));
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);

const isRulesKey = (key: unknown): boolean => (RULES_FILE_KEYS as readonly unknown[]).includes(key);

/**
 * The problems of putting `rules` beside `environment`, all at once: a top-level field of the rules
 * file that is not a rules field, and a rules field that the environment file holds too (the facts
 * would be in two places, and the stacks would not know which to believe).
 */
export function firewallRulesProblems(environment: YamlFile, rules: YamlFile): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const data = isMapping(rules.data) ? rules.data : {};
    for (const key of Object.keys(data)) {
        if (isRulesKey(key)) continue;
        const inEnvironment = key === "logging" || key === "protection";
        problems.push({
            file: rules.path,
            line: rules.lineOf([key]),
            field: key,
            message: inEnvironment
                ? `is not a rules field; expected it in ${environment.path} under firewall.${key} (the firewall's operation stays with the environment), and only ${RULES_FILE_KEYS.join(" and ")} here`
                : `is not a known field; expected ${RULES_FILE_KEYS.join(" or ")} (the rule variables and rule groups)`,
        });
    }
    const firewall = environment.valueAt(["firewall"]);
    if (isMapping(firewall)) {
        for (const key of RULES_FILE_KEYS) {
            if (firewall[key] === undefined) continue;
            problems.push({
                file: environment.path,
                line: environment.lineOf(["firewall", key]),
                field: `firewall.${key}`,
                message: `is also in ${rules.path}, which holds the firewall rules of this environment; expected it in one file only: delete it here (or delete ${rules.path} to keep the rules in this file)`,
            });
        }
    }
    return problems;
}

/** Composed files, by environment file and rules file (both are shared while their text is the same). */
const composed = new WeakMap<YamlFile, WeakMap<YamlFile, YamlFile>>();

/**
 * The environment file with the rules file's fields in its `firewall` section, as one file for the
 * schema: values at `firewall.ruleGroups...` and `firewall.variables...` come from the rules file, and
 * so do their lines (`sourceOf` names the file and its own path for errors). Where the two files both
 * hold a rules field, the rules file's is used (`firewallRulesProblems` reports the other).
 */
export function withFirewallRules(environment: YamlFile, rules: YamlFile): YamlFile {
    let byRules = composed.get(environment);
    if (!byRules) composed.set(environment, (byRules = new WeakMap()));
    const known = byRules.get(rules);
    if (known) return known;

    const rulesData = isMapping(rules.data) ? rules.data : {};
    const envData = isMapping(environment.data) ? environment.data : undefined;
    const envFirewall = envData?.firewall;
    let data: unknown = environment.data;
    if (envData && (envFirewall === undefined || isMapping(envFirewall))) {
        const fromRules = Object.fromEntries(
            RULES_FILE_KEYS.filter((k) => rulesData[k] !== undefined).map((k) => [k, rulesData[k]]),
        );
        data = Object.freeze({
            ...envData,
            firewall: Object.freeze({ ...(envFirewall ?? {}), ...fromRules }),
        });
    }
    // A rules field, and anything missing under it, is the rules file's to report.
    const sourceOf = (keys: readonly (string | number)[]) =>
        keys[0] === "firewall" && isRulesKey(keys[1]) && data !== environment.data
            ? { file: rules, keys: keys.slice(1) }
            : undefined;
    const file: YamlFile = {
        path: environment.path,
        data,
        lineOf: (keys) => {
            const source = sourceOf(keys);
            return source ? source.file.lineOf(source.keys) : environment.lineOf(keys);
        },
        valueAt: (keys) => valueAtPath(data, keys),
        lineInValue: (keys, index, line) => {
            const source = sourceOf(keys);
            return source
                ? source.file.lineInValue?.(source.keys, index, line)
                : environment.lineInValue?.(keys, index, line);
        },
        sourceOf,
    };
    byRules.set(rules, file);
    return file;
}
