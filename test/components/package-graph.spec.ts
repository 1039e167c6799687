/** The component package's entry loads the network components only: no workload, service, esbuild or awsx. */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";

const root = path.resolve(__dirname, "../..");

/**
 * Modules a fresh process loads when it requires `entry`, beyond those the TypeScript loader
 * (cli/register.js, which runs on esbuild) loads itself.
 */
function loadedBy(entry: string): string[] {
    const script =
        "const before = new Set(Object.keys(require.cache));" +
        `require(${JSON.stringify(entry)});` +
        "process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => !before.has(f))))";
    const out = execFileSync(process.execPath, ["--require", "./cli/register.js", "-e", script], {
        cwd: root,
        encoding: "utf8",
    });
    return (JSON.parse(out) as string[]).map((f) => path.relative(root, f));
}

describe("the component package's import graph", () => {
    it("components/index.ts loads no workload, service, esbuild or awsx module", () => {
        const loaded = loadedBy("./components/index.ts");
        expect(loaded).to.include("components/network/transit-hub.ts");
        const unwanted = loaded.filter((f) =>
            /^(components\/workloads|services)\/|node_modules\/(esbuild|@pulumi\/awsx)\//.test(f),
        );
        expect(unwanted).to.deep.equal([]);
    });

    it("the workloads, which the package leaves out, do load the services (so the check above can fail)", () => {
        const loaded = loadedBy("./components/workloads/index.ts");
        expect(loaded.filter((f) => f.startsWith("services/")).length).to.be.above(0);
    });
});
