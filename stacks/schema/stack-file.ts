/**
 * A stack config file (`stacks/config/Pulumi.<stack>.yaml`) checked as a whole, the way the
 * environment file is: the keys Pulumi and this project read and nothing else (with "did you mean"),
 * the keys every stack needs, a role and environment that agree with the stack's name, and an account
 * pin (`aws:allowedAccountIds`) that names the account the stack must deploy into. The plan and
 * `ci-stacks` run these checks when they discover stacks, so a broken file is refused, never skipped;
 * every stack program runs them again on the config the engine hands it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, type ConfigProblem } from "./errors";
import { closestName } from "./names";
import type { Environment } from "./environment";
import { readYamlFile, type YamlFile } from "./yaml-file";

/**
 * The keys Pulumi reads at the top of a stack settings file (pulumi/pulumi
 * sdk/go/common/workspace/project.go, `ProjectStack`: secretsprovider, encryptedkey, encryptionsalt,
 * config, environment).
 */
export const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/** The project's own config keys (namespace `hub-network`). */
export const PROJECT_KEYS = ["role", "environment", "region", "spoke"];

/**
 * The AWS provider's config keys, from the provider package itself (`@pulumi/aws/config/vars`
 * defines one getter per key), so that a misspelt `aws:allowedAcountIds` cannot silently drop the
 * account pin.
 */
function awsKeys(): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain module of getters
    return Object.keys(require("@pulumi/aws/config/vars") as object);
}

/** Namespaces a stack file may use: this project's, the AWS provider's and Pulumi's own. */
const NAMESPACES = ["hub-network", "aws", "pulumi"];

/** A Pulumi stack name (the engine allows letters, digits, '-', '_' and '.', at most 100). */
export const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The stack file of `stack`, relative to the project root. */
export function stackFilePath(stack: string): string {
    return `stacks/config/Pulumi.${stack}.yaml`;
}

/** What a stack file says about its stack, where it says it. */
export interface StackFileFacts {
    readonly role?: string;
    /** The environment the file names, or the one its stack name ends with when it names none. */
    readonly environment?: string;
    readonly regionKey?: string;
}

/**
 * Problems of one stack's config values (`values`: namespaced keys, structured values parsed),
 * located through `file`. `environments` are the environment names present; `environment`, when
 * given, is the parsed environment the stack names, for the account pin.
 */
export function stackConfigProblems(
    stack: string,
    values: Readonly<Record<string, unknown>>,
    file: YamlFile,
    environments: readonly string[],
    environment?: Environment,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const at = (key: string, message: string, withValue = true) =>
        problems.push({
            file: file.path,
            line: file.lineOf(["config", key]),
            field: key,
            ...(withValue && values[key] !== undefined ? { value: values[key] } : {}),
            message,
        });
    const aws = awsKeys();
    for (const key of Object.keys(values)) {
        const colon = key.indexOf(":");
        const namespace = colon > 0 ? key.slice(0, colon) : "";
        const name = colon > 0 ? key.slice(colon + 1) : key;
        if (colon <= 0) {
            const candidates = [
                ...PROJECT_KEYS.map((k) => ["hub-network", k]),
                ...aws.map((k) => ["aws", k]),
            ];
            const bare = closestName(
                key,
                candidates.map(([, k]) => k),
            );
            const meant = candidates.find(([, k]) => k === bare);
            at(
                key,
                `has no namespace; expected ${meant ? `${meant[0]}:${meant[1]}` : "<namespace>:<key>, e.g. hub-network:role"} (Pulumi reads only namespaced keys)`,
                false,
            );
        } else if (namespace === "hub-network" && !PROJECT_KEYS.includes(name)) {
            const meant = closestName(name, PROJECT_KEYS);
            at(
                key,
                `is not a key this project reads; expected ${meant ? `hub-network:${meant}` : `one of ${PROJECT_KEYS.map((k) => `hub-network:${k}`).join(", ")}`}`,
                false,
            );
        } else if (namespace === "aws" && !aws.includes(name)) {
            const meant = closestName(name, aws);
            at(
                key,
                `is not an AWS provider setting; expected ${meant ? `aws:${meant}` : "a key of the AWS provider's configuration, e.g. aws:region"}`,
                false,
            );
        } else if (!NAMESPACES.includes(namespace)) {
            const meant = closestName(namespace, NAMESPACES);
            at(
                key,
                `is in namespace '${namespace}', which nothing here reads; expected ${meant ? `${meant}:${name}` : "hub-network: or aws: keys"}`,
                false,
            );
        }
    }

    const role = values["hub-network:role"];
    const envName = values["hub-network:environment"];
    const regionKey = values["hub-network:region"] ?? "primary";
    const required = ["hub-network:role", "hub-network:environment", "aws:region", "aws:allowedAccountIds"];
    // A spoke's request (hub-network:spoke) and its pin are checked with the request's own fields
    // (stacks/schema/spoke.ts), so that every problem of a request is reported at once.
    for (const key of required) {
        if (values[key] === undefined) {
            problems.push({
                file: file.path,
                line: file.lineOf(["config"]),
                field: key,
                message: `is missing; expected ${REQUIRED_HINT[key]}`,
            });
        }
    }
    const roles = ["network", "security", "spoke"];
    if (role !== undefined && (typeof role !== "string" || !roles.includes(role))) {
        const meant = typeof role === "string" ? closestName(role, roles) : undefined;
        at("hub-network:role", `is not a stack role; expected ${meant ?? `one of ${roles.join(", ")}`}`);
    }
    if (envName !== undefined && (typeof envName !== "string" || !environments.includes(envName))) {
        const meant = typeof envName === "string" ? closestName(envName, environments) : undefined;
        at(
            "hub-network:environment",
            `is not an environment of this project; expected ${meant ?? `one of ${environments.join(", ") || "(none yet)"}`} (files in stacks/environments)`,
        );
    }
    if (regionKey !== "primary" && regionKey !== "dr") {
        at("hub-network:region", "is not a region key; expected primary or dr");
    }

    // The name agrees with the file: <role>-<env>[-dr] for the hub, spoke-<name>-<env> for spokes.
    if (
        typeof envName === "string" &&
        environments.includes(envName) &&
        typeof role === "string" &&
        roles.includes(role)
    ) {
        const dr = regionKey === "dr" ? "-dr" : "";
        const expected = role === "spoke" ? `spoke-<name>-${envName}` : `${role}-${envName}${dr}`;
        const matches =
            role === "spoke"
                ? new RegExp(`^spoke-[a-z0-9-]+-${envName}$`).test(stack)
                : stack === `${role}-${envName}${dr}`;
        if (!matches) {
            const nameEnv = environmentOfName(stack, environments);
            const [field, reason] =
                nameEnv !== undefined && nameEnv !== envName
                    ? [
                          "hub-network:environment",
                          `names environment ${envName}, but the stack ${stack} is of ${nameEnv}`,
                      ]
                    : !stack.startsWith(`${role}-`)
                      ? ["hub-network:role", `does not match the stack name ${stack}`]
                      : [
                            "hub-network:region",
                            `(${String(regionKey)}) does not match the stack name ${stack}`,
                        ];
            at(
                field,
                `${reason}; expected the file to be named ${stackFilePath(expected)}, or the file's keys to match its name`,
            );
        }
    }

    // The account pin: one 12-digit account, the one the stack deploys into.
    const pin = values["aws:allowedAccountIds"];
    if (pin !== undefined) {
        const list =
            Array.isArray(pin) && pin.every((a) => typeof a === "string" || typeof a === "number")
                ? pin.map(String)
                : undefined;
        if (!list || list.length !== 1 || !/^\d{12}$/.test(list[0])) {
            at(
                "aws:allowedAccountIds",
                'is not a list of one quoted 12-digit account ID; expected e.g. ["111111111111"], the one account this stack deploys into',
            );
        } else if (environment && typeof role === "string") {
            const account = list[0];
            const expected =
                role === "network"
                    ? environment.accounts.network
                    : role === "security"
                      ? environment.accounts.security
                      : undefined;
            const envFile = `stacks/environments/${environment.name}.yaml`;
            if (expected !== undefined && account !== expected) {
                at(
                    "aws:allowedAccountIds",
                    `is not the ${role} account of ${envFile}; expected ["${expected}"]`,
                );
            }
        }
    }
    return problems;
}

const REQUIRED_HINT: Record<string, string> = {
    "hub-network:role": "the stack's role: network, security or spoke",
    "hub-network:environment":
        "the environment the stack belongs to, e.g. dev (a file in stacks/environments)",
    "aws:region": "the region the stack deploys to, e.g. eu-west-1",
    "aws:allowedAccountIds":
        'the account the stack may deploy into, e.g. ["111111111111"]: without it a wrong credential deploys into another account',
    "hub-network:spoke":
        "the spoke request (name, account, owner, cidr, workload): see docs/spokes.md, or npm run new-spoke",
};

/** The environment a stack's name ends with (`-<env>` or `-<env>-dr`), if any of `environments`. */
export function environmentOfName(stack: string, environments: readonly string[]): string | undefined {
    return [...environments]
        .sort((a, b) => b.length - a.length)
        .find((env) => stack.endsWith(`-${env}`) || stack.endsWith(`-${env}-dr`));
}

/** A stack file read from disk: its flat values (structured values parsed) and where they are. */
export interface StackFile {
    readonly stack: string;
    readonly file: string;
    readonly yaml: YamlFile;
    readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Reads a stack file and checks its form: a YAML mapping of Pulumi's stack keys whose `config` is a
 * mapping. Throws a ConfigError naming the file and line; the values are checked by
 * {@link stackConfigProblems}.
 */
export function readStackFile(stack: string, root: string): StackFile {
    const file = stackFilePath(stack);
    const problems: ConfigProblem[] = [];
    if (!STACK_NAME.test(stack)) {
        problems.push({
            file,
            field: "(file name)",
            value: stack,
            message:
                "is not a Pulumi stack name; expected letters, digits, '-', '_' and '.' (at most 100), e.g. spoke-billing-dev",
        });
    }
    const yaml = readYamlFile(file, root);
    const top = yaml.data as Record<string, unknown>;
    for (const key of Object.keys(top)) {
        if (!STACK_FILE_KEYS.includes(key)) {
            const meant = closestName(key, STACK_FILE_KEYS);
            problems.push({
                file,
                line: yaml.lineOf([key]),
                field: key,
                message: `is not a stack file key; expected ${meant ?? `one of ${STACK_FILE_KEYS.join(", ")}`}`,
            });
        }
    }
    const config = top.config;
    if (config === undefined) {
        problems.push({
            file,
            field: "config",
            message: "is missing; expected a config: mapping with the stack's keys",
        });
    } else if (config === null || typeof config !== "object" || Array.isArray(config)) {
        problems.push({
            file,
            line: yaml.lineOf(["config"]),
            field: "config",
            value: config,
            message: `is ${config === null ? "empty" : Array.isArray(config) ? "a list" : "a single value"}; expected a mapping of the stack's keys (hub-network:role: ..., aws:region: ...)`,
        });
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return { stack, file, yaml, values: config as Record<string, unknown> };
}

/** The stack names of `stacks/config`, from its `Pulumi.<stack>.yaml` files, and files Pulumi would ignore there. */
export function stackFilesIn(root: string): { stacks: string[]; strays: ConfigProblem[] } {
    const dir = path.join(root, "stacks/config");
    const stacks: string[] = [];
    const strays: ConfigProblem[] = [];
    for (const entry of fs.readdirSync(dir).sort()) {
        const match = /^Pulumi\.(.+)\.yaml$/.exec(entry);
        if (match) stacks.push(match[1]);
        else if (/^Pulumi\..+\.yml$/.test(entry) || /\.ya?ml$/.test(entry)) {
            strays.push({
                file: `stacks/config/${entry}`,
                field: "(file name)",
                message:
                    "is not read by Pulumi, which looks for Pulumi.<stack>.yaml; expected that name, or move the file out of stacks/config",
            });
        }
    }
    return { stacks, strays };
}
