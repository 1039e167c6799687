/**
 * `npm run build`: the component package, as JavaScript with declarations, in `dist/` (or `--out DIR`),
 * with a package.json of its own that `npm pack dist` turns into an installable tarball.
 *
 * The package is the network, DNS and shared components (`components/index.ts`). The example workloads
 * (`components/workloads`) and the services they deploy stay in this repository: they need Docker,
 * esbuild and the services' sources at deploy time, which a program that only wants a Transit Gateway
 * should not carry. `@pulumi/pulumi` and `@pulumi/aws` are peer dependencies: a component must register
 * its resources with the program's own Pulumi runtime and take the program's providers, so the package
 * must never bring a second copy of either.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { PROJECT_ROOT } from "../../stacks/schema/root";

/** The package's entry point, relative to the project root. */
export const PACKAGE_ENTRY = "components/index.ts";
/** Files the components read at run time (the default appliance's user data), copied as they are. */
const ASSETS = [
    "components/network/appliance/geneve-appliance.sh",
    "components/network/appliance/geneve-responder.py",
];
/** Shipped next to the code. */
const DOCUMENTS = ["README.md", "LICENSE", "CHANGELOG.md"];
/** Imports the program shares with the package's user rather than the package installing its own. */
const PEERS = ["@pulumi/pulumi", "@pulumi/aws"];

/** What the build wrote. */
export interface BuildResult {
    readonly outDir: string;
    /** Emitted files, relative to `outDir`. */
    readonly files: readonly string[];
    /** The package.json written to `outDir`. */
    readonly manifest: PackageManifest;
}

/** The fields of the package's package.json. */
export interface PackageManifest {
    readonly name: string;
    readonly version: string;
    readonly description: string;
    readonly license: string;
    readonly main: string;
    readonly types: string;
    readonly exports: Record<string, unknown>;
    readonly files: readonly string[];
    readonly engines: Record<string, string>;
    readonly dependencies: Record<string, string>;
    readonly peerDependencies: Record<string, string>;
}

/** A type error of the package's sources, with its file and line. */
export class BuildError extends Error {
    constructor(readonly diagnostics: readonly string[]) {
        super(`the component package does not compile:\n${diagnostics.map((d) => `  ${d}`).join("\n")}`);
        this.name = "BuildError";
    }
}

/** Compiles the package into `outDir` (emptied first) and writes its package.json. */
export function buildPackage(outDir = path.join(PROJECT_ROOT, "dist"), root = PROJECT_ROOT): BuildResult {
    fs.rmSync(outDir, { recursive: true, force: true });
    const config = ts.getParsedCommandLineOfConfigFile(
        path.join(root, "tsconfig.json"),
        {
            outDir,
            rootDir: root,
            declaration: true,
            sourceMap: true,
            declarationMap: false,
            noEmit: false,
            types: ["node"],
        },
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
    );
    if (!config) throw new BuildError(["tsconfig.json cannot be read"]);
    const program = ts.createProgram({
        rootNames: [path.join(root, PACKAGE_ENTRY)],
        options: config.options,
    });
    const written: string[] = [];
    const emit = program.emit(undefined, (file, text) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        written.push(path.relative(outDir, file));
    });
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emit.diagnostics].map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (!d.file || d.start === undefined) return message;
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        return `${path.relative(root, d.file.fileName)}:${line + 1}: ${message}`;
    });
    if (diagnostics.length > 0) throw new BuildError(diagnostics);
    const outside = written.filter(
        (f) =>
            !f.startsWith(`components${path.sep}`) ||
            f.startsWith(`components${path.sep}workloads${path.sep}`),
    );
    if (outside.length > 0) {
        throw new BuildError(
            outside.map(
                (f) =>
                    `${f}: the package's import graph reaches beyond the network, DNS and shared components`,
            ),
        );
    }
    for (const asset of [...ASSETS, ...DOCUMENTS]) {
        const target = path.join(outDir, asset);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(path.join(root, asset), target);
        written.push(asset);
    }
    const manifest = manifestOf(root, outDir, written);
    fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    return { outDir, files: written.sort(), manifest };
}

/** The package.json: the root's name, version and licence, the dependencies the emitted code requires. */
function manifestOf(root: string, outDir: string, files: readonly string[]): PackageManifest {
    const rootManifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
        name: string;
        version: string;
        license: string;
        engines: Record<string, string>;
        dependencies: Record<string, string>;
    };
    const required = new Set<string>();
    for (const file of files.filter((f) => f.endsWith(".js"))) {
        const text = fs.readFileSync(path.join(outDir, file), "utf8");
        for (const [, spec] of text.matchAll(/require\("([^"]+)"\)/g)) {
            if (spec.startsWith(".") || spec.startsWith("node:")) continue;
            const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
            required.add(name);
        }
    }
    const versionOf = (name: string): string => {
        const range = rootManifest.dependencies[name];
        if (range === undefined) {
            throw new BuildError([
                `the package requires '${name}', which package.json does not list in dependencies`,
            ]);
        }
        return range;
    };
    const sorted = [...required].sort();
    const entry = PACKAGE_ENTRY.replace(/\.ts$/, "");
    return {
        name: rootManifest.name,
        version: rootManifest.version,
        description:
            "Pulumi components for a multi-account AWS hub-and-spoke network: Transit Gateway, central inspection " +
            "with AWS Network Firewall, Route 53 Resolver DNS hub, GWLB appliance fleet, spoke VPCs.",
        license: rootManifest.license,
        main: `${entry}.js`,
        types: `${entry}.d.ts`,
        exports: {
            ".": { types: `./${entry}.d.ts`, default: `./${entry}.js` },
            "./package.json": "./package.json",
        },
        files: ["components/", ...DOCUMENTS],
        engines: rootManifest.engines,
        dependencies: Object.fromEntries(
            sorted.filter((n) => !PEERS.includes(n)).map((n) => [n, versionOf(n)]),
        ),
        peerDependencies: Object.fromEntries(
            sorted.filter((n) => PEERS.includes(n)).map((n) => [n, versionOf(n)]),
        ),
    };
}

if (require.main === module) {
    const args = process.argv.slice(2);
    if (args.includes("-h") || args.includes("--help")) {
        process.stdout.write(
            "usage: npm run build [-- --out DIR]\n\n  writes the component package to DIR (default dist/)\n",
        );
    } else {
        const at = args.indexOf("--out");
        const out = at >= 0 ? args[at + 1] : undefined;
        if ((at >= 0 && out === undefined) || args.some((a, i) => a !== "--out" && i !== at + 1)) {
            process.stderr.write("build: expected --out DIR or nothing\n");
            process.exitCode = 2;
        } else {
            try {
                const result = buildPackage(out ? path.resolve(out) : undefined);
                process.stdout.write(
                    `wrote ${path.relative(process.cwd(), result.outDir) || "."}: ${result.files.length} files; ` +
                        `npm pack ${path.relative(process.cwd(), result.outDir)} makes the tarball\n`,
                );
            } catch (error) {
                if (!(error instanceof BuildError)) throw error;
                process.stderr.write(`build: ${error.message}\n`);
                process.exitCode = 1;
            }
        }
    }
}
