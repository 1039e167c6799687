import { expect } from "chai";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { containerImage, SERVICE_COLLECTIONS, type ContainerServiceName } from "../../services/images";
import { SERVICE_PORT } from "../../services/contract";
import { startLocalDynamo, LOCAL_REGION, type LocalDynamo } from "./support/dynamo";

const ROOT = path.resolve(__dirname, "../..");
const SERVICES = path.join(ROOT, "services");
const NAMES: ContainerServiceName[] = ["petstore", "foodstore"];

interface Instruction {
    readonly keyword: string;
    readonly args: string;
    readonly stage: number;
}

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
    const joined = text.replace(/\\\r?\n/g, " ");
    const out: Instruction[] = [];
    let stage = -1;
    for (const raw of joined.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) continue;
        const [keyword = "", ...rest] = line.split(/\s+/);
        const upper = keyword.toUpperCase();
        if (upper === "FROM") stage++;
        out.push({ keyword: upper, args: rest.join(" "), stage });
    }
    return out;
}

/** Sources of the build stage's COPY instructions (relative to the build context). */
function copiedSources(instructions: Instruction[]): string[] {
    return instructions
        .filter((i) => i.keyword === "COPY" && i.stage === 0 && !i.args.startsWith("--from"))
        .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
}

/** Compiles the context files a Dockerfile copies, as its build stage does; returns the emitted paths. */
function buildLikeTheImage(sources: string[], into: string): string[] {
    for (const source of sources)
        fs.cpSync(path.join(SERVICES, source), path.join(into, source), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(into, "node_modules"), "dir");
    const configPath = path.join(into, "tsconfig.build.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(
        configPath,
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            },
        },
    );
    if (parsed === undefined) throw new Error("tsconfig.build.json did not parse");
    // Type errors are the lint step's job (the root tsconfig covers services/); this checks the layout
    // the config produces, file by file as tsc would place it, and that the output runs.
    expect(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).to.deep.equal([]);
    for (const file of parsed.fileNames) {
        const [outFile] = ts.getOutputFileNames(parsed, file, false);
        if (outFile === undefined || !outFile.endsWith(".js")) continue;
        const out = ts.transpileModule(fs.readFileSync(file, "utf8"), {
            compilerOptions: parsed.options,
            fileName: file,
        });
        fs.mkdirSync(path.dirname(outFile), { recursive: true });
        fs.writeFileSync(outFile, out.outputText);
    }
    const dist = path.join(into, "dist");
    return fs
        .readdirSync(dist, { recursive: true, encoding: "utf8" })
        .map((f) => path.posix.join("dist", f.split(path.sep).join("/")));
}

function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
        let out = "";
        const onData = (chunk: Buffer): void => {
            out += chunk.toString("utf8");
            const match = pattern.exec(out);
            if (match) {
                child.stdout.off("data", onData);
                resolve(match);
            }
        };
        child.stdout.on("data", onData);
        child.once("exit", (code) => reject(new Error(`exited ${code} before logging ${pattern}: ${out}`)));
    });
}

describe("container images", function () {
    this.timeout(60_000);
    let dynamo: LocalDynamo;
    let scratch: string;
    const children: ChildProcessWithoutNullStreams[] = [];

    before(async () => {
        dynamo = await startLocalDynamo();
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "services-image-"));
    });

    after(async () => {
        for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
        await dynamo?.stop();
        fs.rmSync(scratch, { recursive: true, force: true });
    });

    it("points awsx at services/ as the context and each service's Dockerfile", () => {
        for (const name of NAMES) {
            const build = containerImage(name);
            expect(build.context).to.equal(SERVICES);
            expect(build.dockerfile).to.equal(path.join(SERVICES, name, "Dockerfile"));
            expect(fs.existsSync(build.dockerfile)).to.equal(true);
            expect(build.platform).to.equal("linux/amd64");
        }
    });

    for (const name of NAMES) {
        describe(`${name} Dockerfile`, () => {
            const instructions = parseDockerfile(
                fs.readFileSync(path.join(SERVICES, name, "Dockerfile"), "utf8"),
            );
            const final = instructions.filter((i) => i.stage === 1);

            it("builds in two stages from the same Node 22 Alpine image pinned to an exact version", () => {
                const bases = instructions
                    .filter((i) => i.keyword === "FROM")
                    .map((i) => i.args.split(/\s+/)[0]);
                expect(bases).to.have.length(2);
                expect(bases[0]).to.equal(bases[1]);
                expect(bases[0]).to.match(/^node:22\.\d+\.\d+-alpine(3\.\d+)?(@sha256:[0-9a-f]{64})?$/);
            });

            it("installs from the lockfile without install scripts and keeps only runtime dependencies", () => {
                const runs = instructions
                    .filter((i) => i.keyword === "RUN" && i.stage === 0)
                    .map((i) => i.args);
                expect(runs[0]).to.equal("npm ci --ignore-scripts --no-audit --no-fund");
                expect(runs[1])
                    .to.include("npx tsc -p tsconfig.build.json")
                    .and.include("npm prune --omit=dev");
                expect(final.filter((i) => i.keyword === "RUN")).to.deep.equal([]);
            });

            it("runs as a non-root user, with node directly (no npm, no shell) on the service port", () => {
                const users = final.filter((i) => i.keyword === "USER").map((i) => i.args);
                expect(users).to.deep.equal(["1000:1000"]);
                expect(final.at(-1)?.keyword).to.equal("CMD");
                expect(JSON.parse(final.at(-1)!.args)).to.deep.equal(["node", `dist/${name}/main.js`]);
                expect(instructions.some((i) => i.keyword === "ENTRYPOINT")).to.equal(false);
                expect(final.find((i) => i.keyword === "EXPOSE")?.args).to.equal(String(SERVICE_PORT));
                expect(final.filter((i) => i.keyword === "COPY").map((i) => i.args)).to.deep.equal([
                    "--from=build /build/node_modules ./node_modules",
                    "--from=build /build/dist ./dist",
                ]);
            });

            it("copies only files that exist in the build context", () => {
                const sources = copiedSources(instructions);
                expect(sources).to.include.members([
                    "package.json",
                    "package-lock.json",
                    "tsconfig.build.json",
                    "lib",
                    "items-api",
                    name,
                ]);
                for (const source of sources)
                    expect(fs.existsSync(path.join(SERVICES, source)), source).to.equal(true);
            });

            it("compiles to the file CMD runs, which serves, stores and stops on SIGTERM", async () => {
                const dir = path.join(scratch, name);
                fs.mkdirSync(dir);
                const emitted = buildLikeTheImage(copiedSources(instructions), dir);
                const cmd = JSON.parse(final.at(-1)!.args) as string[];
                expect(emitted).to.include(cmd[1]);

                const collection = SERVICE_COLLECTIONS[name];
                const table = await dynamo.createTable(`${name}-image`);
                const child = spawn(process.execPath, cmd.slice(1), {
                    cwd: dir,
                    env: {
                        PATH: process.env.PATH,
                        TABLE_NAME: table,
                        PORT: "0",
                        AWS_REGION: LOCAL_REGION,
                        AWS_ACCESS_KEY_ID: "local",
                        AWS_SECRET_ACCESS_KEY: "local",
                        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
                    },
                });
                children.push(child);
                const [, port] = await waitForLine(child, /"msg":"listening","service":"\w+","port":(\d+)/);
                const base = `http://127.0.0.1:${port}`;
                expect((await fetch(`${base}/health`)).status).to.equal(200);
                const body =
                    name === "petstore"
                        ? { name: "Rex", species: "dog" }
                        : { name: "Kibble", category: "dry", price: 3 };
                const put = await fetch(`${base}/${collection}/one`, {
                    method: "PUT",
                    headers: { "content-type": "application/json" },
                    body: JSON.stringify(body),
                });
                expect(put.status).to.equal(201);
                const list = (await (await fetch(`${base}/${collection}`)).json()) as {
                    items: Array<{ id: string }>;
                };
                expect(list.items.map((i) => i.id)).to.deep.equal(["one"]);

                const exit = new Promise<number | null>((resolve) =>
                    child.once("exit", (code) => resolve(code)),
                );
                child.kill("SIGTERM");
                expect(await exit).to.equal(0);
            });
        });
    }

    describe("services/package.json", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(SERVICES, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
            devDependencies: Record<string, string>;
        };
        const lock = JSON.parse(fs.readFileSync(path.join(SERVICES, "package-lock.json"), "utf8")) as {
            packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
        };

        it("pins the versions the repository tests with", () => {
            for (const [dep, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
                const manifest = path.join(ROOT, "node_modules", dep, "package.json");
                const installed = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string })
                    .version;
                expect(version, dep).to.equal(installed);
                expect(
                    lock.packages[`node_modules/${dep}`]?.version,
                    `${dep} in services/package-lock.json`,
                ).to.equal(installed);
            }
        });

        it("locks no package that needs an install script", () => {
            const scripted = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript === true);
            expect(scripted.map(([name]) => name)).to.deep.equal([]);
        });

        it("declares every package the image's sources import", () => {
            const imported = new Set<string>();
            for (const dir of ["lib", "items-api", ...NAMES]) {
                for (const file of fs.readdirSync(path.join(SERVICES, dir), {
                    recursive: true,
                    encoding: "utf8",
                })) {
                    if (!file.endsWith(".ts")) continue;
                    const text = fs.readFileSync(path.join(SERVICES, dir, file), "utf8");
                    for (const [, spec] of text.matchAll(/from "([^"]+)"/g)) {
                        if (spec === undefined || spec.startsWith(".") || spec.startsWith("node:")) continue;
                        imported.add(
                            spec.startsWith("@")
                                ? spec.split("/").slice(0, 2).join("/")
                                : spec.split("/")[0]!,
                        );
                    }
                }
            }
            expect([...imported].sort()).to.deep.equal(Object.keys(pkg.dependencies).sort());
        });
    });
});
