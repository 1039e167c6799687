/**
 * Fuzzing of the project's inputs: single mutations of copies of the shipped environment and stack
 * files, and of the command lines of plan and new-spoke. Each mutation must be refused
 * with the file (or flag), the field and the fix named, or be harmless; never a crash, never a hang.
 *
 * `npm test` runs a deterministic sample; `npm run test:fuzz` (HUB_NETWORK_FUZZ=full) runs every
 * mutation and proves each accepted one harmless by planning the environment under the mock cloud.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { HelpRequested, UsageError } from "../../cli/args";
import { ScaffoldError, scaffoldSpoke } from "../../cli/new-spoke/scaffold";
import { parsePlanArgs } from "../../cli/plan/args";
import { stacksOf } from "../../cli/plan/stacks";
import { environmentNames } from "../../stacks/schema/stack-config";
import {
    FIREWALL_RULES_DIR,
    firewallRulesFile,
    hasFirewallRulesFile,
} from "../../stacks/schema/firewall-file";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import { runEnvironment } from "../harness";
import { mutationsOf, sample, type Mutation } from "./mutations";
import { validateProject, type Outcome } from "./validate";

const FULL = process.env.HUB_NETWORK_FUZZ === "full";
/** Minutes, over all files, for planning accepted mutations in the full run (HUB_NETWORK_FUZZ_MINUTES). */
const PROOF_MINUTES = Number(process.env.HUB_NETWORK_FUZZ_MINUTES ?? 15);
const PROOF_DEADLINE = Date.now() + PROOF_MINUTES * 60_000;
/** Mutations tried per file in the quick run. */
const QUICK_PER_FILE = 30;

/** A copy of the shipped project's stack and environment files. */
function copyProject(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-fuzz-"));
    for (const dir of ["stacks/config", "stacks/environments", FIREWALL_RULES_DIR]) {
        if (!fs.existsSync(path.join(PROJECT_ROOT, dir))) continue;
        fs.cpSync(path.join(PROJECT_ROOT, dir), path.join(root, dir), { recursive: true });
    }
    return root;
}

/** The string keys of a path, and for a misspelling the misspelt key: what a problem's field may name. */
function namesOf(mutation: Mutation): string[] {
    const keys = mutation.path.filter((k): k is string => typeof k === "string" && k !== "config");
    const misspelt = / as (\S+)$/.exec(mutation.label)?.[1];
    return misspelt ? [...keys, misspelt] : keys;
}

/** Why an outcome breaks the promise, or undefined when it keeps it. */
function broken(mutation: Mutation, file: string, outcome: Outcome): string | undefined {
    if (outcome.kind === "crashed") {
        const error = outcome.error as Error;
        return `crashed: ${error?.stack ?? String(outcome.error)}`;
    }
    if (outcome.kind === "accepted") {
        return mutation.expect === "refuse" ? "accepted an invalid file" : undefined;
    }
    for (const p of outcome.problems) {
        if (!p.file || !p.field || !/expected|expects/.test(p.message)) {
            return `a problem without file, field or fix: ${JSON.stringify(p)}`;
        }
    }
    const own = outcome.problems.filter((p) => p.file === file);
    if (own.length === 0) {
        // A change to the environment file may surface in a stack's own check of it; a stack file's
        // mutation must name that file.
        const envFile = file.startsWith("stacks/environments/");
        if (!envFile)
            return `refused without naming ${file}: ${outcome.problems.map((p) => p.file).join(", ")}`;
    }
    const names = namesOf(mutation);
    const named =
        names.length === 0 ||
        outcome.problems.some(
            (p) => p.field.startsWith("(") || names.some((n) => p.field.includes(n)) || p.field === "config",
        );
    return named
        ? undefined
        : `refused without naming the field (${names.join(", ")}): ${outcome.problems.map((p) => p.field).join("; ")}`;
}

describe(`fuzz: mutated config files (${FULL ? "every mutation" : "a deterministic sample"})`, function () {
    this.timeout(FULL ? 4 * 3600_000 : 120_000);
    let root: string;
    before(() => {
        root = copyProject();
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    const environments = environmentNames(PROJECT_ROOT);
    const envs = FULL ? environments : environments.slice(0, 1);
    for (const env of envs) {
        const stackFiles = stacksOf(env, PROJECT_ROOT).map((s) => `stacks/config/Pulumi.${s.name}.yaml`);
        const files = [
            `stacks/environments/${env}.yaml`,
            ...(hasFirewallRulesFile(env, PROJECT_ROOT) ? [firewallRulesFile(env)] : []),
            ...(FULL ? stackFiles : stackFiles.slice(0, 1)),
            ...(FULL ? [] : stackFiles.filter((f) => f.includes("/Pulumi.spoke-")).slice(0, 1)),
        ];
        for (const file of files) {
            it(`${file}: every mutation is refused with file and field named, or harmless`, async () => {
                const original = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
                const all = mutationsOf(original);
                const mutations = FULL ? all : sample(all, QUICK_PER_FILE, file.length);
                const failures: string[] = [];
                const accepted: Mutation[] = [];
                const unchanged = validateProject(root, env);
                const baseline = unchanged.kind === "accepted" ? unchanged.fingerprint : "";
                for (const mutation of mutations) {
                    fs.writeFileSync(path.join(root, file), mutation.content);
                    const outcome = validateProject(root, env);
                    fs.writeFileSync(path.join(root, file), original);
                    const why = broken(mutation, file, outcome);
                    if (why) failures.push(`${mutation.label}: ${why}`);
                    // Accepted with exactly what the stacks are given unchanged (a default spelt out or
                    // left out, a comment): harmless by construction. Anything else is planned below.
                    else if (outcome.kind === "accepted" && outcome.fingerprint !== baseline)
                        accepted.push(mutation);
                }
                if (FULL) {
                    // Accepted: the environment plans under the mock cloud (AWS's value constraints,
                    // AZs and IAM) without an error, so the mutated value is one AWS would take.
                    // Within a time budget, so that CI stays well inside its limit; what the
                    // budget leaves unproven is printed, never counted as proven.
                    const unproven: string[] = [];
                    for (const mutation of accepted) {
                        if (Date.now() > PROOF_DEADLINE) {
                            unproven.push(mutation.label);
                            continue;
                        }
                        const scratch = copyProject();
                        try {
                            fs.writeFileSync(path.join(scratch, file), mutation.content);
                            await runEnvironment(env, { root: scratch, preview: true });
                        } catch (error) {
                            failures.push(
                                `${mutation.label}: accepted, but the plan fails: ${(error as Error).message.split("\n").slice(0, 3).join(" ")}`,
                            );
                        } finally {
                            fs.rmSync(scratch, { recursive: true, force: true });
                        }
                    }
                    console.log(
                        `      ${file}: ${mutations.length} mutations, ${accepted.length - unproven.length} accepted and planned` +
                            (unproven.length > 0
                                ? `, ${unproven.length} accepted but not planned within the ${PROOF_MINUTES} min budget: ${unproven.join("; ")}`
                                : ""),
                    );
                }
                expect(failures, failures.join("\n")).to.deep.equal([]);
            });
        }
    }
});

describe("fuzz: command lines", () => {
    let dir: string;
    let project: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-fuzz-args-"));
        project = copyProject();
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(project, { recursive: true, force: true });
    });

    /** Mutations of a command line made of `--flag value` pairs and switches. */
    function argMutations(base: readonly string[]): { label: string; argv: string[]; invalid: boolean }[] {
        const out: { label: string; argv: string[]; invalid: boolean }[] = [];
        base.forEach((token, i) => {
            const isFlag = token.startsWith("--");
            const hasValue = isFlag && i + 1 < base.length && !base[i + 1].startsWith("--");
            out.push({
                label: `delete '${token}'`,
                argv: base.filter((_, j) => j !== i),
                invalid: !isFlag || hasValue,
            });
            if (isFlag) {
                const pair = hasValue ? [token, base[i + 1]] : [token];
                out.push({ label: `repeat ${token}`, argv: [...base, ...pair], invalid: true });
                out.push({
                    label: `misspell ${token}`,
                    argv: base.map((t, j) => (j === i ? `${t}s` : t)),
                    invalid: true,
                });
                if (hasValue) {
                    for (const [what, value] of [
                        ["empty", ""],
                        ["an option", "--x"],
                        ["/proc", "/proc/fuzz"],
                        ["zero", "0"],
                        ["huge", "99999999999"],
                        ["fraction", "1.5"],
                        ["text", "abc"],
                        ["..", "../../.."],
                    ]) {
                        out.push({
                            label: `${token} ${what}`,
                            argv: base.map((t, j) => (j === i + 1 ? value : t)),
                            invalid: what === "empty" || what === "an option" || what === "/proc",
                        });
                    }
                }
            }
        });
        out.push({ label: "a stray word", argv: [...base, "stray"], invalid: true });
        out.push({ label: "a value on a switch", argv: [...base, "--help=yes"], invalid: true });
        return out;
    }

    /** Runs `run` over every mutation: refused mistakes name a flag or word; nothing crashes. */
    function check(
        base: string[],
        run: (argv: string[]) => "refused" | "accepted" | "help",
        messageOf: (argv: string[]) => string,
    ): string[] {
        const failures: string[] = [];
        for (const m of argMutations(base)) {
            let result: string;
            try {
                result = run(m.argv);
            } catch (error) {
                failures.push(`${m.label}: crashed: ${(error as Error).stack}`);
                continue;
            }
            if (result === "accepted" && m.invalid)
                failures.push(`${m.label}: accepted ${JSON.stringify(m.argv)}`);
            if (result === "refused" && !/--[\w-]+|'[^']*'/.test(messageOf(m.argv))) {
                failures.push(`${m.label}: refused without naming the flag: ${messageOf(m.argv)}`);
            }
        }
        return failures;
    }

    it("plan: every mistake is a usage error naming the flag, never a crash or a hang", () => {
        const env = environmentNames(PROJECT_ROOT)[0];
        const base = ["--env", env, "--out", path.join(dir, "out"), "--workers", "2", "--quiet"];
        let last = "";
        const failures = check(
            base,
            (argv) => {
                try {
                    parsePlanArgs(argv);
                    return "accepted";
                } catch (error) {
                    if (error instanceof HelpRequested) return "help";
                    if (!(error instanceof UsageError)) throw error;
                    last = error.message;
                    return "refused";
                }
            },
            () => last,
        );
        expect(failures, failures.join("\n")).to.deep.equal([]);
    });

    it("new-spoke: every mistake is refused naming the flag, never a crash", () => {
        const env = environmentNames(project)[0];
        const { accounts } = parse(
            fs.readFileSync(path.join(project, "stacks/environments", `${env}.yaml`), "utf8"),
        ) as { accounts: { spokes: { id: string }[] } };
        const taken = new Set(
            fs.readdirSync(path.join(project, "stacks/config")).flatMap((f) => {
                const text = fs.readFileSync(path.join(project, "stacks/config", f), "utf8");
                return [...text.matchAll(/account: "(\d{12})"/g)].map((m) => m[1]);
            }),
        );
        const free = accounts.spokes.find((s) => !taken.has(s.id));
        if (!free) return;
        let message = "";
        const failures = check(
            [
                "--env",
                env,
                "--name",
                "fuzz",
                "--account",
                free.id,
                "--owner",
                "fuzz@example.com",
                "--kind",
                "lambda-api",
            ],
            (argv) => {
                try {
                    const made = scaffoldSpoke(argv, project);
                    fs.rmSync(path.join(project, made.file));
                    return "accepted";
                } catch (error) {
                    if (!(error instanceof ScaffoldError)) throw error;
                    if (error.problems.length === 0) return "help";
                    message = error.message;
                    return "refused";
                }
            },
            () => message,
        );
        expect(failures, failures.join("\n")).to.deep.equal([]);
    });
});
