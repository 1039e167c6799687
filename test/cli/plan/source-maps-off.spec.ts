/**
 * The plan's entry points load the SDK and the program with source maps off: Node then keeps no source
 * map of the modules it loads, which it otherwise reads and parses for each.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../../..");

/** Whether Node kept a source map for a TypeScript module loaded after `first` (if any). */
function keepsSourceMap(first?: string): boolean {
    const module = path.join(ROOT, "cli", "paths.ts");
    const script = [
        ...(first ? [`require(${JSON.stringify(first)});`] : []),
        `require(${JSON.stringify(module)});`,
        `process.stdout.write(String(require("node:module").findSourceMap(${JSON.stringify(module)}) !== undefined));`,
    ].join("\n");
    const child = spawnSync(
        process.execPath,
        ["--require", path.join(ROOT, "cli", "register.js"), "-e", script],
        {
            cwd: ROOT,
            encoding: "utf8",
        },
    );
    expect(child.status, child.stderr).to.equal(0);
    return child.stdout === "true";
}

describe("source maps while the plan loads", () => {
    it("are kept for every module loaded through the TypeScript loader alone", () => {
        expect(keepsSourceMap()).to.equal(true);
    });

    it("are not kept for the modules loaded after the plan's entry points turn them off", () => {
        expect(keepsSourceMap(path.join(ROOT, "cli", "plan", "source-maps-off.ts"))).to.equal(false);
    });

    it("are turned off first by each entry point of the plan", () => {
        for (const entry of ["cli.ts", "bench-cli.ts", "worker.ts"]) {
            const text = fs.readFileSync(path.join(ROOT, "cli", "plan", entry), "utf8");
            const imports = [...text.matchAll(/^import .*$/gm)].map((m) => m[0]);
            expect(imports.slice(0, 2), entry).to.deep.equal([
                'import "./compile-cache";',
                'import "./source-maps-off";',
            ]);
        }
    });
});
