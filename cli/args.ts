/**
 * The command lines of the project's CLIs (plan, bench, new-spoke, ci-stacks), parsed one way: node's
 * own `parseArgs` in strict mode, plus what it leaves out. Every flag is checked for repetition, a
 * missing or empty value and its type and range; every mistake is one line naming the flag, the value
 * and what is expected, and a stray word gets a hint about the `--` npm needs before a script's flags.
 */
import { parseArgs } from "node:util";
import { closestName } from "../stacks/schema/names";

/** The known name closest to `given`, when it is close enough to be a typo. */
export const closest = closestName;

/** A command-line mistake: the CLI prints it with its usage and exits 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** `-h` / `--help` was given: the CLI prints its usage on stdout and exits 0. */
export class HelpRequested extends Error {
    constructor() {
        super("help");
        this.name = "HelpRequested";
    }
}

/** One flag of a command. */
export interface FlagSpec {
    readonly type: "string" | "boolean";
    /** The flag may be given several times (its values are collected in order). */
    readonly multiple?: boolean;
    /** What a value looks like, for "expected ..." in messages, e.g. "an environment name". */
    readonly expects?: string;
}

/** A command's flags, by long name (without `--`). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The parsed flags: strings, booleans, or lists of strings for `multiple` flags. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** What {@link parseCommandLine} found. */
export interface CommandLine {
    readonly values: FlagValues;
    readonly positionals: string[];
}

/**
 * The hint for a stray word: `npm run plan --env dev` hands `--env` to npm itself (which records it as
 * `npm_config_env`) and only `dev` to the script.
 */
export function strayWordHint(word: string, specs: FlagSpecs, script: string): string {
    const eaten = Object.keys(specs).find((flag) => process.env[`npm_config_${flag.replace(/-/g, "_")}`]);
    if (eaten !== undefined) {
        return `; npm took --${eaten} for itself: put -- before the script's flags, e.g. npm run ${script} -- --${eaten} ${word}`;
    }
    return `; expected flags only (when running through npm, put -- before them: npm run ${script} -- --flag value)`;
}

/**
 * Parses `argv` against `specs`. `-h`/`--help` anywhere throws {@link HelpRequested}; every other
 * mistake throws a {@link UsageError}: an unknown flag (with the closest known one), a flag without its
 * value, a value on a boolean flag, a flag given twice, an empty value, and (unless `positionals` allows
 * them) a stray word, with the `--` hint.
 */
export function parseCommandLine(
    argv: readonly string[],
    specs: FlagSpecs,
    { script, positionals: allowed = 0 }: { script: string; positionals?: number },
): CommandLine {
    if (argv.some((a) => a === "-h" || a === "--help")) {
        const end = argv.indexOf("--");
        const help = argv.findIndex((a) => a === "-h" || a === "--help");
        if (end < 0 || help < end) throw new HelpRequested();
    }
    const options = Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [
            name,
            { type: spec.type, multiple: spec.multiple === true },
        ]),
    );
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options,
            strict: true,
            allowPositionals: true,
            tokens: true,
        });
    } catch (error) {
        throw new UsageError(nodeMessage(error as Error, specs));
    }
    const counts = new Map<string, number>();
    for (const token of parsed.tokens) {
        if (token.kind !== "option") continue;
        const spec = specs[token.name];
        counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
        if (counts.get(token.name) === 2 && !spec.multiple) {
            throw new UsageError(
                `--${token.name} is given more than once; expected it once (the values differ or repeat by mistake)`,
            );
        }
        if (spec.type === "string" && token.value !== undefined && token.value.trim() === "") {
            throw new UsageError(
                `--${token.name} '${token.value}' is empty; expected ${expects(token.name, spec)}`,
            );
        }
    }
    const words = parsed.positionals;
    if (words.length > allowed) {
        const word = words[allowed];
        throw new UsageError(
            `unexpected argument '${word}'${word.startsWith("-") ? "" : strayWordHint(word, specs, script)}`,
        );
    }
    return { values: parsed.values as FlagValues, positionals: words };
}

function expects(name: string, spec: FlagSpec): string {
    return spec.expects ?? `a value for --${name}`;
}

/** node's parseArgs messages, rewritten as one line that names the flag and what is expected. */
function nodeMessage(error: Error, specs: FlagSpecs): string {
    const text = error.message;
    const unknown = /^Unknown option '([^']+)'/.exec(text);
    if (unknown) {
        const given = unknown[1].replace(/^-+/, "").replace(/=.*$/, "");
        const meant = closest(given, Object.keys(specs));
        return `unknown option '${unknown[1]}'; ${meant ? `did you mean --${meant}? ` : ""}expected one of ${Object.keys(
            specs,
        )
            .map((f) => `--${f}`)
            .join(", ")}`;
    }
    const missing = /^Option '--?([\w-]+)(?: <value>)?' argument missing/.exec(text);
    if (missing) {
        const spec = specs[missing[1]];
        return `--${missing[1]} has no value; expected ${spec ? expects(missing[1], spec) : "a value"}`;
    }
    const ambiguous = /^Option '--?([\w-]+)' argument is ambiguous/.exec(text);
    if (ambiguous) {
        const spec = specs[ambiguous[1]];
        return `--${ambiguous[1]} has no value (the next word starts with '-'); expected ${spec ? expects(ambiguous[1], spec) : "a value"}, or --${ambiguous[1]}=<value> for a value that starts with '-'`;
    }
    const noValue = /^Option '--?([\w-]+)' does not take an argument/.exec(text);
    if (noValue) return `--${noValue[1]} takes no value; expected --${noValue[1]} alone`;
    return text.split("\n")[0];
}

/** A whole-number flag value from `min` to `max`. */
export function intFlag(flag: string, value: string, min: number, max: number, what: string): number {
    const n = /^[+]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
        throw new UsageError(
            `--${flag} '${value}' is not a whole number from ${min} to ${max}; expected ${what}`,
        );
    }
    return n;
}

/** A flag value that must be one of `allowed`. */
export function enumFlag<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
    if (!(allowed as readonly string[]).includes(value)) {
        const meant = closest(value, allowed);
        throw new UsageError(
            `--${flag} '${value}' is not allowed; ${meant ? `did you mean ${meant}? ` : ""}expected one of ${allowed.join(", ")}`,
        );
    }
    return value as T;
}
