import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/schema/root";

const REGISTER = path.join(PROJECT_ROOT, "cli", "register.js");

/** Runs `main.ts` of `dir` through cli/register.js, as the npm scripts run the project's TypeScript. */
function run(
    dir: string,
    env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } {
    return spawnSync(process.execPath, ["--require", REGISTER, path.join(dir, "main.ts")], {
        cwd: dir,
        encoding: "utf8",
        env,
    });
}

describe("cli/register.js", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-register-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("runs TypeScript that imports TypeScript without extensions, with class fields as tsconfig sets them", () => {
        fs.mkdirSync(path.join(dir, "lib"));
        fs.writeFileSync(
            path.join(dir, "lib", "index.ts"),
            [
                "export interface Named { readonly name: string }",
                "export class Greeter implements Named {",
                "    declared?: string;",
                "    constructor(readonly name: string) {}",
                "    greet(): string { return `hello ${this.name}, ${'declared' in this}`; }",
                "}",
            ].join("\n"),
        );
        fs.writeFileSync(
            path.join(dir, "main.ts"),
            [
                'import type { Named } from "./lib";',
                'import { Greeter } from "./lib";',
                'const who: Named = new Greeter("hub");',
                "console.log((who as Greeter).greet());",
            ].join("\n"),
        );
        const result = run(dir);
        expect(result.stderr).to.equal("");
        // useDefineForClassFields (target ES2022): a declared field exists on the instance.
        expect(result.stdout).to.equal("hello hub, true\n");
    });

    it("points stack traces at the TypeScript line, and runs a file again after it changes", () => {
        const main = path.join(dir, "main.ts");
        const source = (message: string) =>
            [
                "type Unused = { readonly a: number };",
                "",
                "function fail(): never {",
                `    throw new Error("${message}");`,
                "}",
                "fail();",
            ].join("\n");
        fs.writeFileSync(main, source("first"));
        const first = run(dir);
        expect(first.status).to.equal(1);
        expect(first.stderr).to.include("Error: first");
        expect(first.stderr).to.include(`${main}:4:`);
        fs.writeFileSync(main, source("second"));
        expect(run(dir).stderr).to.include("Error: second");
    });

    it("keeps one cache entry per file: a changed file's older version is removed", () => {
        const cache = path.join(dir, "cache");
        const env = { ...process.env, HUB_NETWORK_TS_CACHE: cache };
        const main = path.join(dir, "main.ts");
        fs.writeFileSync(main, 'console.log("first");');
        expect(run(dir, env).stdout).to.equal("first\n");
        const [first] = fs.readdirSync(cache);
        fs.writeFileSync(main, 'console.log("second");');
        expect(run(dir, env).stdout).to.equal("second\n");
        const entries = fs.readdirSync(cache);
        expect(entries).to.have.lengthOf(1);
        expect(entries[0]).to.not.equal(first);
        expect(fs.readFileSync(path.join(cache, entries[0]), "utf8")).to.include('console.log("second")');
        // Run again unchanged: still the one entry.
        expect(run(dir, env).stdout).to.equal("second\n");
        expect(fs.readdirSync(cache)).to.deep.equal(entries);
    });
});
