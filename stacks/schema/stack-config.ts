/**
 * Schema of a stack config file (`stacks/config/Pulumi.<stack>.yaml`) and the loader that every stack
 * runs first: stack config, then the environment file it names, then the rules that tie the two.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { ConfigError, fieldPath, problemsFromZod, type ConfigProblem } from "./errors";
import { environmentSchema, type Environment, type EnvironmentRegion } from "./environment";
import {
    firewallRulesFile,
    firewallRulesProblems,
    hasFirewallRulesFile,
    withFirewallRules,
} from "./firewall-file";
import { regionName } from "./fields";
import { stackConfigProblems } from "./stack-file";
import { deepFreeze, PROJECT_ROOT, readYamlFile, valueAtPath, type YamlFile } from "./yaml-file";

/** Where stack config files and environment files live, relative to the project root. */
export const STACK_CONFIG_DIR = "stacks/config";
export const ENVIRONMENTS_DIR = "stacks/environments";

/** The stack roles, each built by its own program in stacks/. */
export const ROLES = ["network", "security", "spoke"] as const;
export type StackRole = (typeof ROLES)[number];

const ENVIRONMENT_NAME_ERROR =
    "is not an environment name; expected the name of a file in stacks/environments, e.g. dev";

/** The keys this project reads from a stack config file. */
export const stackConfigSchema = z
    .object({
        "hub-network:role": z.enum(ROLES, {
            error: `is not a stack role; expected one of ${ROLES.join(", ")}`,
        }),
        "hub-network:environment": z
            .string({ error: ENVIRONMENT_NAME_ERROR })
            .regex(/^[a-z][a-z0-9]{1,15}$/, {
                error: ENVIRONMENT_NAME_ERROR,
            }),
        "hub-network:region": z
            .enum(["primary", "dr"], { error: "is not a region key; expected primary or dr" })
            .default("primary"),
        "aws:region": regionName,
    })
    .catchall(z.unknown());

/** Everything a stack program needs from config, validated. */
export interface StackContext {
    /** The stack name, e.g. `network-dev`. */
    readonly stack: string;
    /** The stack config file, relative to the project root. */
    readonly file: string;
    readonly role: StackRole;
    /** `primary` or `dr`: which region of the environment this stack builds. */
    readonly regionKey: "primary" | "dr";
    readonly environment: Environment;
    /** The environment file, relative to the project root. */
    readonly environmentFile: string;
    /** The region this stack builds in, from the environment file. */
    readonly region: EnvironmentRegion;
    /** The stack's raw config values (namespaced keys), structured values parsed. */
    readonly config: Readonly<Record<string, unknown>>;
    /** The project folder the config and environment files were read from. */
    readonly root: string;
    /**
     * The stack config as a located file: values are the engine's config (structured values parsed),
     * lines come from the file on disk, for errors about keys that stack programs validate themselves.
     */
    readonly configFile: YamlFile;
}

/** Parses raw Pulumi config values (strings; objects arrive as JSON text). */
export function parseConfigValues(raw: Readonly<Record<string, string>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        const trimmed = value.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                out[key] = JSON.parse(trimmed);
                continue;
            } catch {
                // not JSON: keep the text
            }
        }
        out[key] = value;
    }
    return out;
}

/** Names of the environment files present, e.g. ["dev", "prod"]. */
export function environmentNames(root = PROJECT_ROOT): string[] {
    const dir = path.join(root, ENVIRONMENTS_DIR);
    return fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".yaml"))
              .map((f) => f.slice(0, -5))
              .sort()
        : [];
}

/** Reads and validates an environment file. */
export function loadEnvironment(
    name: string,
    referencedFrom?: { file: string; line?: number },
    root = PROJECT_ROOT,
): { environment: Environment; file: string } {
    const file = `${ENVIRONMENTS_DIR}/${name}.yaml`;
    const yaml = readYamlFile(file, root, () => {
        const known = environmentNames(root);
        return new ConfigError([
            {
                file: referencedFrom?.file ?? file,
                line: referencedFrom?.line,
                field: "hub-network:environment",
                value: name,
                message: `has no environment file ${file}; expected one of ${known.join(", ") || "(none yet)"} or a new file ${file}`,
            },
        ]);
    });
    const rulesFile = firewallRulesFile(name);
    if (!hasFirewallRulesFile(name, root)) return { environment: parseEnvironment(yaml), file };
    return { environment: parseEnvironmentWithRules(yaml, readYamlFile(rulesFile, root)), file };
}

/**
 * Validates an environment file together with its firewall rules file (`stacks/firewall/<env>.yaml`):
 * the problems of both files at once, each in its own file.
 */
export function parseEnvironmentWithRules(environment: YamlFile, rules: YamlFile): Environment {
    const layout = firewallRulesProblems(environment, rules);
    const combined = withFirewallRules(environment, rules);
    if (layout.length === 0) return parseEnvironment(combined);
    let schema: readonly ConfigProblem[] = [];
    try {
        parseEnvironment(combined);
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        schema = error.problems;
    }
    throw new ConfigError([...layout, ...schema]);
}

/** Environments validated so far, by parsed file (parsed files are shared while their text is the same). */
const validatedEnvironments = new WeakMap<YamlFile, Environment>();

/** Validates an already parsed environment file. The result is frozen: stacks share it. */
export function parseEnvironment(yaml: YamlFile): Environment {
    const known = validatedEnvironments.get(yaml);
    if (known) return known;
    const result = environmentSchema.safeParse(yaml.data);
    if (!result.success) {
        throw new ConfigError(problemsFromZod(result.error.issues, yaml));
    }
    const environment = deepFreeze(result.data);
    validatedEnvironments.set(yaml, environment);
    return environment;
}

/**
 * Loads the stack's context: validates the stack config, reads the environment file it names and
 * checks that the two agree. Throws ConfigError before the caller declares anything.
 */
export function loadStackContext(
    stack: string,
    rawConfig: Readonly<Record<string, string>>,
    root = PROJECT_ROOT,
): StackContext {
    const file = `${STACK_CONFIG_DIR}/Pulumi.${stack}.yaml`;
    const values = parseConfigValues(rawConfig);
    const onDisk = fs.existsSync(path.join(root, file)) ? readYamlFile(file, root) : undefined;
    const configFile: YamlFile = {
        path: file,
        data: { config: values },
        lineOf: (keys) => onDisk?.lineOf(keys),
        valueAt: (keys) => valueAtPath({ config: values }, keys),
    };
    const display = (p: (string | number)[]) => fieldPath(configFile.data, p, 1);
    const parsed = stackConfigSchema.safeParse(values);
    if (!parsed.success) {
        throw new ConfigError(problemsFromZod(parsed.error.issues, configFile, ["config"], display));
    }
    const settings = parsed.data;
    const envName = settings["hub-network:environment"];
    const { environment, file: environmentFile } = loadEnvironment(
        envName,
        { file, line: configFile.lineOf(["config", "hub-network:environment"]) },
        root,
    );

    const problems: ConfigProblem[] = [];
    const at = (key: string) => ({
        file,
        line: configFile.lineOf(["config", key]),
        field: key,
        value: values[key],
    });
    const regionKey = settings["hub-network:region"];
    const region = environment.regions[regionKey];
    if (environment.name !== envName) {
        problems.push({
            ...at("hub-network:environment"),
            message: `names ${environmentFile}, whose name field is '${environment.name}'; expected the file's name field to match its file name`,
        });
    }
    if (settings["hub-network:role"] === "spoke" && regionKey !== "primary") {
        problems.push({
            ...at("hub-network:region"),
            message:
                "is set on a spoke stack, which builds every region of the spoke itself; expected no hub-network:region, and dr: true in the request for a DR twin",
        });
    } else if (!region) {
        problems.push({
            ...at("hub-network:region"),
            message: `is not declared in ${environmentFile} (regions.${regionKey}); expected primary, or add regions.${regionKey} to the environment`,
        });
    } else if (settings["aws:region"] !== region.name) {
        problems.push({
            ...at("aws:region"),
            message: `differs from ${environmentFile} regions.${regionKey}.name '${region.name}'; expected the stack to deploy to ${region.name}`,
        });
    }
    // Every key known, the name consistent with role and environment, the account pin present and right.
    problems.push(...stackConfigProblems(stack, values, configFile, environmentNames(root), environment));
    if (problems.length > 0 || !region) {
        throw new ConfigError(problems);
    }
    return {
        stack,
        file,
        role: settings["hub-network:role"],
        regionKey,
        environment,
        environmentFile,
        region,
        config: values,
        root,
        configFile,
    };
}
