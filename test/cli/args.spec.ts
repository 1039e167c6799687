import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { HelpRequested, intFlag, parseCommandLine, UsageError, type FlagSpecs } from "../../cli/args";
import { checkInputFile, checkOutputFile, checkOutputFolder } from "../../cli/paths";

const FLAGS: FlagSpecs = {
    env: { type: "string", expects: "an environment name, e.g. dev" },
    quiet: { type: "boolean" },
    endpoint: { type: "string", multiple: true },
};

const parse = (argv: string[]) => parseCommandLine(argv, FLAGS, { script: "plan" });

describe("command lines", () => {
    it("reads flags, repeated ones where they may repeat", () => {
        expect(
            parse(["--env", "dev", "--quiet", "--endpoint", "ssm", "--endpoint=logs"]).values,
        ).to.deep.equal({
            env: "dev",
            quiet: true,
            endpoint: ["ssm", "logs"],
        });
    });

    it("answers -h and --help anywhere before --", () => {
        expect(() => parse(["--env", "dev", "-h"])).to.throw(HelpRequested);
        expect(() => parse(["--help", "--bogus"])).to.throw(HelpRequested);
    });

    const mistakes: [string, string[], string][] = [
        [
            "an unknown flag, with the closest one",
            ["--evn", "dev"],
            "unknown option '--evn'; did you mean --env? expected one of --env, --quiet, --endpoint",
        ],
        ["a flag without its value", ["--env"], "--env has no value; expected an environment name, e.g. dev"],
        [
            "a flag whose value is the next flag",
            ["--env", "--quiet"],
            "--env has no value (the next word starts with '-'); expected an environment name, e.g. dev",
        ],
        [
            "a flag given twice",
            ["--env", "dev", "--env", "prod"],
            "--env is given more than once; expected it once",
        ],
        ["an empty value", ["--env="], "--env '' is empty; expected an environment name, e.g. dev"],
        ["a value on a switch", ["--quiet=yes"], "--quiet takes no value; expected --quiet alone"],
        [
            "a stray word",
            ["dev"],
            "unexpected argument 'dev'; expected flags only (when running through npm, put -- before them: npm run plan -- --flag value)",
        ],
    ];
    for (const [what, argv, message] of mistakes) {
        it(`refuses ${what}`, () => {
            expect(() => parse(argv)).to.throw(UsageError, message);
        });
    }

    it("says when npm took a flag for itself (a forgotten --)", () => {
        const saved = process.env.npm_config_env;
        process.env.npm_config_env = "true";
        try {
            expect(() => parse(["dev"])).to.throw(
                UsageError,
                "unexpected argument 'dev'; npm took --env for itself: put -- before the script's flags, e.g. npm run plan -- --env dev",
            );
        } finally {
            if (saved === undefined) delete process.env.npm_config_env;
            else process.env.npm_config_env = saved;
        }
    });

    it("checks whole numbers and their range", () => {
        expect(intFlag("workers", "4", 1, 64, "threads")).to.equal(4);
        for (const bad of ["0", "65", "1.5", "abc", "-1", "1e3", " "]) {
            expect(() => intFlag("workers", bad, 1, 64, "threads"), bad).to.throw(
                UsageError,
                `--workers '${bad}' is not a whole number from 1 to 64; expected threads`,
            );
        }
    });
});

describe("files and folders named on a command line", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-paths-"));
        fs.writeFileSync(path.join(dir, "file.json"), "{}");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("refuses the kernel's files before touching them (a recursive mkdir under /proc never returns)", () => {
        expect(() => checkOutputFolder("--out", "/proc/plan", "a folder")).to.throw(
            UsageError,
            "--out '/proc/plan' is under /proc, the kernel's files; expected a folder",
        );
        expect(() => checkInputFile("--policy-config", "/dev/zero", "a policy config file")).to.throw(
            UsageError,
            "is under /dev",
        );
    });

    it("names what is wrong with an input file", () => {
        const missing = path.join(dir, "missing.json");
        expect(() => checkInputFile("--policy-config", missing, "a JSON file")).to.throw(
            UsageError,
            `--policy-config '${missing}' does not exist; expected a JSON file`,
        );
        expect(() => checkInputFile("--policy-config", dir, "a JSON file")).to.throw(
            UsageError,
            "is a folder",
        );
        expect(checkInputFile("--policy-config", path.join(dir, "file.json"), "a JSON file")).to.equal(
            path.join(dir, "file.json"),
        );
    });

    it("refuses a pipe, whose reader or writer would block", function () {
        const fifo = path.join(dir, "fifo");
        if (spawnSync("mkfifo", [fifo]).status !== 0) this.skip();
        expect(() => checkInputFile("--policy-config", fifo, "a JSON file")).to.throw(
            UsageError,
            "is a pipe",
        );
        expect(() => checkOutputFile("--json", fifo, "a file")).to.throw(UsageError, "is a pipe");
    });

    it("names what is wrong with an output file or folder", () => {
        const file = path.join(dir, "file.json");
        expect(() => checkOutputFolder("--out", file, "a folder")).to.throw(
            UsageError,
            `--out '${file}' is a file; expected a folder`,
        );
        expect(() => checkOutputFolder("--out", path.join(file, "sub"), "a folder")).to.throw(
            UsageError,
            `cannot be made: ${file} is a file; expected a folder`,
        );
        expect(() => checkOutputFile("--json", dir, "a file")).to.throw(
            UsageError,
            "is a folder; expected a file",
        );
        expect(checkOutputFile("--json", file, "a file")).to.equal(file);
        expect(checkOutputFolder("--out", path.join(dir, "new", "deeper"), "a folder")).to.equal(
            path.join(dir, "new", "deeper"),
        );
    });
});
