/**
 * The policy pack as JavaScript, ready for `run-policy-pack`. The engine starts a TypeScript pack
 * through ts-node with type checking, which takes about ten seconds on a small machine; the plan
 * starts the same pack transpiled once (TypeScript's `transpileModule`, no type checking: `npm run lint`
 * type-checks the pack) into a cache folder keyed by the hash of its sources, so later runs start it
 * in under two seconds. The folder sits under `node_modules/.cache`, so the pack resolves its
 * dependencies from the project's `node_modules` exactly as it does in place. Building a pack anew
 * removes its earlier builds: one folder per pack, however often its policies are edited.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/schema/root";

/** The shipped pack. */
export const PACK_DIR = path.join(PROJECT_ROOT, "policy-pack");

/** Where transpiled packs are kept. */
const CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "hub-network");

function sourcesOf(dir: string): string[] {
    const files: string[] = [];
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "node_modules") walk(p);
            } else if (/\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
                files.push(p);
            }
        }
    };
    walk(dir);
    return files.sort();
}

/** The folder of `packDir` transpiled to JavaScript (built on first use, then reused). */
export function transpiledPack(packDir = PACK_DIR): string {
    const sources = sourcesOf(packDir);
    const extra = ["PulumiPolicy.yaml", "package.json"].map((f) => path.join(packDir, f));
    const hash = createHash("sha256");
    for (const file of [...sources, ...extra]) {
        hash.update(path.relative(packDir, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    // Named by the pack's folder, then by its content.
    const pack = `policy-pack-${createHash("sha256").update(path.resolve(packDir)).digest("hex").slice(0, 8)}-`;
    const target = path.join(CACHE_DIR, `${pack}${hash.digest("hex").slice(0, 16)}`);
    if (fs.existsSync(path.join(target, "package.json"))) return target;

    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a build is needed
    const ts = require("typescript") as typeof import("typescript");
    const staging = `${target}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    for (const file of sources) {
        const output = ts.transpileModule(fs.readFileSync(file, "utf8"), {
            fileName: file,
            compilerOptions: {
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2022,
                esModuleInterop: true,
            },
        }).outputText;
        const out = path.join(staging, path.relative(packDir, file)).replace(/\.ts$/, ".js");
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, output);
    }
    fs.copyFileSync(path.join(packDir, "PulumiPolicy.yaml"), path.join(staging, "PulumiPolicy.yaml"));
    const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as Record<
        string,
        unknown
    >;
    fs.writeFileSync(
        path.join(staging, "package.json"),
        `${JSON.stringify({ ...pkg, main: "index.js" }, null, 2)}\n`,
    );
    try {
        fs.renameSync(staging, target);
    } catch (error) {
        // Another run built the same sources first: use its folder.
        fs.rmSync(staging, { recursive: true, force: true });
        if (!fs.existsSync(path.join(target, "package.json"))) throw error;
    }
    // The pack's earlier builds (a pack process already running from one has loaded its modules).
    for (const entry of fs.readdirSync(CACHE_DIR)) {
        if (entry.startsWith(pack) && !entry.endsWith(".tmp") && path.join(CACHE_DIR, entry) !== target) {
            fs.rmSync(path.join(CACHE_DIR, entry), { recursive: true, force: true });
        }
    }
    return target;
}
