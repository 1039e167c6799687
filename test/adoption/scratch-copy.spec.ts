/**
 * An adopter's first changes, made the way the docs say, in a scratch copy of the repository: add an
 * account to an environment, add a spoke with `npm run new-spoke`, add an environment; then every
 * check the suite and CI run must stay green: `npm test`, the formatting check on what was written,
 * `npm run plan` of every environment (which runs the policy pack), and `npm run ci-stacks`, which
 * must hand CI the stacks the change touched.
 *
 * Heavier than the unit suite (it runs the whole suite again): `npm run test:adoption`, which
 * `.ci/run` runs after `npm test`. Nothing here names the shipped data's accounts, spokes or counts:
 * it reads them, so it works on an adopter's own files too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { isSeq, parse, parseDocument } from "yaml";
import { cidrsOverlap } from "../../components/network/subnet-plan";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";

/** A command's result. */
interface Ran {
    readonly status: number | null;
    readonly output: string;
}

/** Runs `npm run <args>` (or `npm <args>` for `test`) in `cwd`, as a user would. */
function npm(cwd: string, args: string[]): Ran {
    const result = spawnSync("npm", args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, FORCE_COLOR: "0" },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const git = (cwd: string, args: string[]) =>
    execFileSync("git", args, {
        cwd,
        encoding: "utf8",
        env: {
            ...process.env,
            GIT_AUTHOR_NAME: "adopter",
            GIT_AUTHOR_EMAIL: "adopter@example.com",
            GIT_COMMITTER_NAME: "adopter",
            GIT_COMMITTER_EMAIL: "adopter@example.com",
        },
    });

/**
 * A copy of the repository's files (tracked, and untracked but not ignored) under a new folder, with
 * the dependencies linked rather than copied, committed as the copy's own first revision.
 */
function scratchCopy(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-adopter-"));
    const files = git(PROJECT_ROOT, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .split("\0")
        .filter((f) => f !== "" && fs.existsSync(path.join(PROJECT_ROOT, f)));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(root, file));
    }
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    git(root, ["init", "--quiet", "--initial-branch", "main"]);
    git(root, ["add", "--all"]);
    git(root, ["commit", "--quiet", "--message", "the shipped project"]);
    return root;
}

/** The environments of the project under `root`. */
const environmentsOf = (root: string) =>
    fs
        .readdirSync(path.join(root, "stacks/environments"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => f.slice(0, -".yaml".length))
        .sort();

/** The stack config files of `root`, by stack name, parsed. */
function stackFilesOf(root: string): Map<string, { config: Record<string, unknown> }> {
    const dir = path.join(root, "stacks/config");
    return new Map(
        fs
            .readdirSync(dir)
            .map((f) => [/^Pulumi\.(.+)\.yaml$/.exec(f)?.[1], f] as const)
            .filter((e): e is [string, string] => e[0] !== undefined)
            .map(([stack, f]) => [
                stack,
                parse(fs.readFileSync(path.join(dir, f), "utf8")) as { config: Record<string, unknown> },
            ]),
    );
}

/** A 12-digit account ID that no file under `root`'s `stacks/` mentions. */
function unusedAccount(root: string, after = "600000000000"): string {
    const text = ["stacks/environments", "stacks/config"]
        .flatMap((dir) =>
            fs.readdirSync(path.join(root, dir)).map((f) => fs.readFileSync(path.join(root, dir, f), "utf8")),
        )
        .join("\n");
    for (let id = Number(after); ; id += 1) {
        if (!text.includes(String(id))) return String(id);
    }
}

/** An environment name no file of `root` has. */
function unusedEnvironmentName(root: string): string {
    const taken = new Set(environmentsOf(root));
    for (let i = 1; ; i += 1) {
        const name = i === 1 ? "staging" : `staging${i}`;
        if (!taken.has(name)) return name;
    }
}

/** A /12 of 10.0.0.0/8 that no environment of `root` uses for its supernet. */
function unusedSupernet(root: string): string {
    const used = environmentsOf(root).map(
        (env) =>
            (
                parse(fs.readFileSync(path.join(root, `stacks/environments/${env}.yaml`), "utf8")) as {
                    addressing: { supernet: string };
                }
            ).addressing.supernet,
    );
    for (let second = 16; second < 256; second += 16) {
        const candidate = `10.${second}.0.0/12`;
        if (!used.some((u) => cidrsOverlap(u, candidate))) return candidate;
    }
    throw new Error("no free /12 in 10.0.0.0/8");
}

/** A spoke name no stack of `root` has. */
function unusedSpokeName(root: string, env: string): string {
    const stacks = stackFilesOf(root);
    for (let i = 1; ; i += 1) {
        const name = i === 1 ? "billing" : `billing${i}`;
        if (!stacks.has(`spoke-${name}-${env}`)) return name;
    }
}

describe("an adopter's first changes, in a scratch copy of the repository", function () {
    // The whole suite runs again in the copy, then a plan of every environment.
    this.timeout(30 * 60_000);

    let root: string;
    let env: string;
    let account: string;
    let spoke: string;
    let newEnv: string;
    /** Files the commands wrote: they must be formatted as the lint step checks. */
    const written: string[] = [];
    /** Files edited as a person would, then formatted with `npm run format`. */
    const edited: string[] = [];

    before(() => {
        root = scratchCopy();
        env = environmentsOf(root)[0];
        account = unusedAccount(root);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("adds an account to an environment's spoke accounts", () => {
        const file = `stacks/environments/${env}.yaml`;
        const doc = parseDocument(fs.readFileSync(path.join(root, file), "utf8"));
        const spokes = doc.getIn(["accounts", "spokes"]);
        expect(isSeq(spokes), `${file}: accounts.spokes`).to.equal(true);
        doc.addIn(["accounts", "spokes"], doc.createNode({ id: account }));
        fs.writeFileSync(path.join(root, file), doc.toString());
        edited.push(file);
    });

    it("adds a spoke for that account with npm run new-spoke", () => {
        spoke = unusedSpokeName(root, env);
        const ran = npm(root, [
            "run",
            "new-spoke",
            "--",
            ...["--env", env, "--name", spoke, "--account", account],
            ...["--owner", `${spoke}-team@example.com`, "--kind", "lambda-api"],
        ]);
        expect(ran.status, ran.output).to.equal(0);
        const file = `stacks/config/Pulumi.spoke-${spoke}-${env}.yaml`;
        expect(ran.output).to.contain(`wrote ${file}`);
        written.push(file);
    });

    it("adds an environment with npm run new-env, on accounts and a supernet of its own", () => {
        newEnv = unusedEnvironmentName(root);
        const network = unusedAccount(root, String(Number(account) + 1));
        const security = unusedAccount(root, String(Number(network) + 1));
        const spokeAccount = unusedAccount(root, String(Number(security) + 1));
        const ran = npm(root, [
            "run",
            "new-env",
            "--",
            ...["--env", newEnv, "--network-account", network, "--security-account", security],
            ...["--spoke-account", spokeAccount, "--region", "eu-west-1", "--supernet", unusedSupernet(root)],
            ...["--organization", "arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5"],
            ...["--corporate-domain", "aws.example.internal"],
        ]);
        expect(ran.status, ran.output).to.equal(0);
        const wrote = ran.output
            .split("\n")
            .filter((l) => l.startsWith("wrote "))
            .map((l) => l.slice("wrote ".length));
        expect(wrote).to.include(`stacks/environments/${newEnv}.yaml`);
        written.push(...wrote);
        const format = spawnSync(path.join(root, "node_modules/.bin/prettier"), ["--write", ...edited], {
            cwd: root,
            encoding: "utf8",
        });
        expect(format.status, `${format.stdout}${format.stderr}`).to.equal(0);
        git(root, ["add", "--all"]);
        git(root, ["commit", "--quiet", "--message", "an account, a spoke and an environment"]);
    });

    it("writes files formatted as the lint step checks them", () => {
        const ran = spawnSync(path.join(root, "node_modules/.bin/prettier"), ["--check", ...written], {
            cwd: root,
            encoding: "utf8",
        });
        expect(ran.status, `${ran.stdout}${ran.stderr}`).to.equal(0);
    });

    it("hands CI every stack the change touched, in deployment order", () => {
        const ran = npm(root, ["run", "--silent", "ci-stacks", "--", "--base", "HEAD~1"]);
        expect(ran.status, ran.output).to.equal(0);
        const stacks = ran.output
            .split("\n")
            .filter((l) => l.startsWith("{"))
            .map(
                (l) =>
                    JSON.parse(l) as { stack: string; environment: string; level: number; account: string },
            );
        const all = stackFilesOf(root);
        const expected = [...all.entries()]
            .filter(([, d]) => [env, newEnv].includes(String(d.config["hub-network:environment"])))
            .map(([stack]) => stack)
            .sort();
        expect(stacks.map((s) => s.stack).sort()).to.deep.equal(expected);
        expect(stacks.find((s) => s.stack === `spoke-${spoke}-${env}`)?.account).to.equal(account);
        for (const e of [env, newEnv]) {
            const levels = stacks.filter((s) => s.environment === e).map((s) => s.level);
            expect(levels, e).to.deep.equal([...levels].sort((a, b) => a - b));
        }
    });

    it("plans every environment with the policy pack, the new spoke and environment included", () => {
        for (const e of environmentsOf(root)) {
            // Every required flow of every environment, the new spoke's and environment's included, is
            // allowed: a dropped one exits 1.
            const ran = npm(root, ["run", "plan", "--", "--env", e, "--quiet", "--out", `plan-out/${e}`]);
            expect(ran.status, `${e}:\n${ran.output}`).to.equal(0);
            const plan = JSON.parse(fs.readFileSync(path.join(root, `plan-out/${e}/plan.json`), "utf8")) as {
                hubNetwork: { stacks: { name: string; error?: string }[] };
            };
            expect(plan.hubNetwork.stacks.filter((s) => s.error)).to.deep.equal([]);
            if (e === env)
                expect(plan.hubNetwork.stacks.map((s) => s.name)).to.include(`spoke-${spoke}-${env}`);
        }
        expect(environmentsOf(root)).to.include(newEnv);
    });

    it("passes the whole test suite, which owns its fixtures", () => {
        const ran = npm(root, ["test"]);
        expect(ran.status, ran.output.split("\n").slice(-80).join("\n")).to.equal(0);
        expect(ran.output).to.match(/\d+ passing/);
        expect(ran.output).to.not.match(/\d+ failing/);
    });

    it("refuses a damaged stack file in CI with its file and problem, never a stack trace", () => {
        const damaged = `stacks/config/Pulumi.spoke-${spoke}-${env}.yaml`;
        fs.writeFileSync(path.join(root, damaged), "");
        git(root, ["commit", "--quiet", "--all", "--message", "an emptied stack file"]);
        const ran = npm(root, ["run", "--silent", "ci-stacks", "--", "--base", "HEAD~1"]);
        expect(ran.status, ran.output).to.equal(1);
        expect(ran.output).to.include(
            `${damaged}: (file) is empty; expected a YAML mapping (key: value lines)`,
        );
        expect(ran.output).to.not.match(/\n\s+at /);
    });
});
