import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { cliLaunch } from "../../cli/bench/load";
import { PROJECT_ROOT } from "../../stacks/schema/root";

/** A TypeScript file that runs but does not type-check. */
const TYPE_ERROR =
    'const count: number = "not a number";\nexport const loaded = { count };\nconsole.log("loaded", count);\n';

/** ts-node registered as @pulumi/pulumi's language host registers it (cmd/run and cmd/run-policy-pack). */
const TS_NODE_AS_HOST = (options: string) => `
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({ compiler: typescriptRequire, ${options},
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true" } });
`;

function node(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, args, {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
        timeout: 120_000,
    });
}

describe("the Pulumi CLI's load of the program and the policy pack", function () {
    // ts-node type-checks in the comparisons below: seconds on a busy machine.
    this.timeout(240_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-load-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("tells the language host not to start ts-node and to load TypeScript through the project's loader", () => {
        expect(cliLaunch()).to.deep.equal({
            nodeArgs: ["--require", "./cli/register.js"],
            env: { PULUMI_NODEJS_TYPESCRIPT: "false" },
        });
    });

    it("runs a program file with a type error as the CLI loads it, where a type-checking load refuses it", () => {
        const file = path.join(dir, "program.ts");
        fs.writeFileSync(file, TYPE_ERROR);
        const { nodeArgs, env } = cliLaunch();
        const asCli = node([...nodeArgs, "-e", `require(${JSON.stringify(file)})`], env);
        expect(asCli.status, asCli.stderr).to.equal(0);
        expect(asCli.stdout).to.contain("loaded not a number");
        const typeChecked = node([
            "-e",
            `${TS_NODE_AS_HOST("project: 'tsconfig.json'")}require(${JSON.stringify(file)})`,
        ]);
        expect(typeChecked.status).to.not.equal(0);
        expect(typeChecked.stderr).to.contain("Type 'string' is not assignable to type 'number'");
    });

    it("loads the policy pack's TypeScript transpile-only under the type-checking ts-node the CLI registers", () => {
        // A pack beside the project's own, with its entry point and a main module that does not type-check.
        const pack = fs.mkdtempSync(path.join(PROJECT_ROOT, ".load-test-pack-"));
        try {
            fs.copyFileSync(path.join(PROJECT_ROOT, "policy-pack", "main.js"), path.join(pack, "main.js"));
            fs.writeFileSync(path.join(pack, "index.ts"), TYPE_ERROR);
            const main = JSON.parse(
                fs.readFileSync(path.join(PROJECT_ROOT, "policy-pack", "package.json"), "utf8"),
            ) as {
                main: string;
            };
            expect(main.main).to.equal("main.js");
            fs.writeFileSync(path.join(pack, "package.json"), JSON.stringify({ main: main.main }));
            const asCli = node([
                "-e",
                `${TS_NODE_AS_HOST("typeCheck: true, skipProject: true")}require(${JSON.stringify(pack)})`,
            ]);
            expect(asCli.status, asCli.stderr).to.equal(0);
            expect(asCli.stdout).to.contain("loaded not a number");
        } finally {
            fs.rmSync(pack, { recursive: true, force: true });
        }
    });
});
