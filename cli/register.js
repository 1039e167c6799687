/**
 * Lets Node.js `require` the project's TypeScript: `node --require ./cli/register.js <file>.ts`.
 *
 * Each `.ts` file is transformed to CommonJS by esbuild with the compiler options of tsconfig.json
 * (type-checking is `npm run lint`'s job) and the result is kept in `node_modules/.cache` (or the
 * folder `HUB_NETWORK_TS_CACHE` names), keyed by the file, its content, the options and the esbuild
 * version, so later runs only read it; a file's older versions are removed when it is cached anew,
 * so the cache holds one entry per file however often it is edited. Imports
 * without an extension find `.ts` files the way Node finds `.js` ones. Stack traces point at the
 * TypeScript lines (inline source maps, read by Node only when a trace is formatted).
 *
 * Plain JavaScript, because it is what makes the TypeScript loadable. It does one thing: the plan,
 * the benchmark, the scaffolder and the tests start a second or so sooner than through a general
 * loader that also watches every JavaScript module the SDK loads.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const esbuild = require("esbuild");

const ROOT = path.resolve(__dirname, "..");
const CACHE =
    process.env.HUB_NETWORK_TS_CACHE || path.join(ROOT, "node_modules", ".cache", "hub-network", "ts");
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));

/** What esbuild gets besides the source: the same for every file, so it is part of the cache key. */
const OPTIONS = {
    loader: "ts",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    sourcemap: "inline",
    tsconfigRaw: { compilerOptions },
};
const SALT = JSON.stringify([esbuild.version, OPTIONS]);

/** The CommonJS of one TypeScript file, from the cache or transformed (and then cached). */
function compiled(filename) {
    const source = fs.readFileSync(filename, "utf8");
    const file = crypto.createHash("sha256").update(filename).digest("hex").slice(0, 24);
    const version = crypto.createHash("sha256").update(SALT).update(filename).update(source).digest("hex");
    const name = `${file}-${version.slice(0, 40)}.js`;
    const cached = path.join(CACHE, name);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        const { code } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename });
        // Written aside and renamed: threads and processes that load the same file never read half of it.
        fs.mkdirSync(CACHE, { recursive: true });
        const partial = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        fs.writeFileSync(partial, code);
        fs.renameSync(partial, cached);
        // The file's other versions: a thread still reading one falls back to transforming it.
        for (const other of fs.readdirSync(CACHE)) {
            if (other.startsWith(`${file}-`) && other.endsWith(".js") && other !== name) {
                fs.rmSync(path.join(CACHE, other), { force: true });
            }
        }
        return code;
    }
}

if (!Module._extensions[".ts"]) {
    process.setSourceMapsEnabled(true);
    Module._extensions[".ts"] = (module, filename) => module._compile(compiled(filename), filename);
}
