/**
 * One load measured by `npm run bench:load` (cli/bench/load.ts): registers a TypeScript loader the way
 * its mode says, requires the stack program's modules or the policy pack, and prints its own CPU time.
 *
 * The registrations repeat what the Pulumi CLI's Node.js language host does (read from
 * node_modules/@pulumi/pulumi): for a program, cmd/run/run.js registers ts-node when the project's
 * `runtime.options.typescript` is on (the default), type-checking unless tsconfig says `noCheck`; for
 * a policy pack, cmd/run-policy-pack/run.js always registers ts-node with `typeCheck: true`.
 * Plain JavaScript: it is what makes the TypeScript loadable.
 */
"use strict";
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
process.chdir(ROOT);
const mode = process.argv[2];

/** ts-node as the language host registers it for a program (cmd/run/run.js), or transpile-only. */
function tsNodeAsProgramHost(transpileOnly) {
    const tsutils = require("@pulumi/pulumi/tsutils");
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    require(tsnodeRequire).register({
        compiler: typescriptRequire,
        transpileOnly: transpileOnly || compilerOptions.noCheck,
        project: "tsconfig.json",
        skipProject: false,
        compilerOptions: {
            target: "ES2020",
            module: "nodenext",
            moduleResolution: "nodenext",
            sourceMap: "true",
            ...compilerOptions,
        },
    });
}

/** ts-node as the CLI registers it for every TypeScript policy pack (cmd/run-policy-pack/run.js). */
function tsNodeAsPackHost(transpileOnly) {
    const tsutils = require("@pulumi/pulumi/tsutils");
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    require(tsnodeRequire).register({
        ...(transpileOnly ? { transpileOnly: true } : { typeCheck: true }),
        skipProject: true,
        compiler: typescriptRequire,
        compilerOptions: {
            target: "ES2020",
            module: "nodenext",
            moduleResolution: "nodenext",
            sourceMap: "true",
        },
    });
}

switch (mode) {
    case "program-typecheck":
        tsNodeAsProgramHost(false);
        require(path.join(ROOT, "stacks", "program.ts"));
        break;
    case "program-cli":
        // The parent started this process with Pulumi.yaml's runtime.options.nodeargs; ts-node only
        // when the project leaves runtime.options.typescript on, as the language host does.
        if (process.env.PULUMI_NODEJS_TYPESCRIPT === "true") tsNodeAsProgramHost(false);
        require(path.join(ROOT, "stacks", "program.ts"));
        break;
    case "program-transpile-only":
        tsNodeAsProgramHost(true);
        require(path.join(ROOT, "stacks", "program.ts"));
        break;
    case "pack-typecheck":
        tsNodeAsPackHost(false);
        require(path.join(ROOT, "policy-pack", "index.ts"));
        break;
    case "pack-cli":
        tsNodeAsPackHost(false);
        require(path.join(ROOT, "policy-pack"));
        break;
    case "pack-transpile-only":
        tsNodeAsPackHost(true);
        require(path.join(ROOT, "policy-pack", "index.ts"));
        break;
    default:
        throw new Error(`unknown mode ${mode}`);
}
const cpu = process.cpuUsage();
process.stdout.write(`\n${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
process.exit(0);
