/**
 * The component package as another team gets it: built (`npm run build`), packed (`npm pack`),
 * installed into a new TypeScript Pulumi program in a temporary folder (offline, from the local npm
 * cache, at the versions this repository pins), type-checked against the package's declarations and
 * run under Pulumi's mocks. Slow (it installs @pulumi/aws): `npm run test:package`, which .ci/run runs.
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { buildPackage, type BuildResult } from "../../cli/package/build";
import { lockClosure, type Lockfile } from "./lockfile";

const root = path.resolve(__dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The consumer: a program that builds a Transit Gateway and a spoke VPC plan from the package. */
const PROGRAM = `
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { planSubnets, TransitHub, type TransitHubArgs } from "hub-network";

const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            return {
                id: \`\${args.name}-id\`,
                state: { ...args.inputs, arn: \`arn:aws:ec2:eu-west-1:111111111111:\${args.name}\` },
            };
        },
        call: (args) => args.inputs,
    },
    "consumer",
    "dev",
    false,
);

const args: TransitHubArgs = {
    accountId: "111111111111",
    region: "eu-west-1",
    amazonSideAsn: 64512,
    shareWith: { accountIds: ["222222222222"] },
    tags: { team: "network" },
};
const hub = new TransitHub("hub", args);
const plan = planSubnets({
    vpcCidr: "10.20.0.0/20",
    availabilityZones: ["euw1-az1", "euw1-az2"],
    tiers: [{ name: "workload", prefixLength: 24 }],
});

pulumi.all([hub.transitGatewayId, hub.spokeRouteTableId]).apply(([tgw, spokes]) => {
    const loaded = Object.keys(require.cache).map((f) => path.relative(process.cwd(), f));
    process.stdout.write(
        JSON.stringify({
            tgw,
            spokes,
            subnets: plan.subnets.map((s) => s.cidr),
            registered,
            loaded: loaded.filter((f) => /\\/(services|workloads)\\/|esbuild|awsx/.test(f)),
        }),
    );
});
`;

/** Runs a command in `cwd`; a failure shows the command's own output. */
function run(command: string, args: readonly string[], cwd: string): string {
    try {
        return execFileSync(command, args, { cwd, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(
            `${path.basename(command)} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`,
        );
    }
}

interface Outcome {
    readonly tgw: string;
    readonly spokes: string;
    readonly subnets: readonly string[];
    readonly registered: readonly { type: string; name: string; inputs: Record<string, unknown> }[];
    readonly loaded: readonly string[];
}

describe("the component package, packed and installed into a new program", function () {
    let dir: string;
    let built: BuildResult;
    let tarball: string;

    before(function () {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-package-"));
        built = buildPackage(path.join(dir, "package"));
        const packed = execFileSync(npm, ["pack", "--json", "--pack-destination", dir, built.outDir], {
            cwd: dir,
            encoding: "utf8",
        });
        tarball = path.join(dir, (JSON.parse(packed) as { filename: string }[])[0].filename);
    });

    after(() => {
        if (!process.env.KEEP_PACKAGE_TEST) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("ships JavaScript, declarations and the appliance's files, and none of the workloads or services", () => {
        const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
        expect(listing).to.include.members([
            "package/package.json",
            "package/LICENSE",
            "package/components/index.js",
            "package/components/index.d.ts",
            "package/components/network/transit-hub.js",
            "package/components/network/transit-hub.d.ts",
            "package/components/network/appliance/geneve-responder.py",
            "package/components/network/appliance/geneve-appliance.sh",
        ]);
        const unwanted = listing.filter(
            (f) => /\/(workloads|services)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")),
        );
        expect(unwanted).to.deep.equal([]);
        expect(built.manifest.peerDependencies).to.have.keys("@pulumi/pulumi", "@pulumi/aws");
        expect(built.manifest.dependencies).to.not.have.any.keys("esbuild", "@pulumi/awsx", "zod", "yaml");
    });

    it("installs offline, type-checks against its declarations and runs under mocks", function () {
        const program = path.join(dir, "program");
        fs.mkdirSync(program);
        const rootManifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
            devDependencies: Record<string, string>;
        };
        const own = ["@pulumi/pulumi", "@pulumi/aws", "typescript", "@types/node"];
        const pinned = (name: string) =>
            rootManifest.dependencies[name] ?? rootManifest.devDependencies[name];
        const dependencies = {
            "hub-network": `file:${path.basename(tarball)}`,
            ...Object.fromEntries(own.map((name) => [name, pinned(name)])),
        };
        fs.copyFileSync(tarball, path.join(program, path.basename(tarball)));
        const manifest = { name: "consumer", version: "1.0.0", private: true, dependencies };
        fs.writeFileSync(path.join(program, "package.json"), JSON.stringify(manifest, null, 2));
        fs.writeFileSync(
            path.join(program, "Pulumi.yaml"),
            "name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n",
        );
        fs.writeFileSync(
            path.join(program, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    target: "ES2022",
                    module: "node16",
                    moduleResolution: "node16",
                    strict: true,
                    outDir: "bin",
                    types: ["node"],
                },
                files: ["index.ts"],
            }),
        );
        fs.writeFileSync(path.join(program, "index.ts"), PROGRAM);

        const source = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;
        const packageDeps = { ...built.manifest.dependencies };
        const closure = lockClosure(source, [...own, ...Object.keys(packageDeps)]);
        const integrity = `sha512-${crypto.createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
        const lock = {
            name: "consumer",
            version: "1.0.0",
            lockfileVersion: 3,
            requires: true,
            packages: {
                "": { name: "consumer", version: "1.0.0", dependencies },
                ...closure,
                "node_modules/hub-network": {
                    version: built.manifest.version,
                    resolved: `file:${path.basename(tarball)}`,
                    integrity,
                    license: built.manifest.license,
                    dependencies: packageDeps,
                    peerDependencies: built.manifest.peerDependencies,
                    engines: built.manifest.engines,
                },
            },
        };
        fs.writeFileSync(path.join(program, "package-lock.json"), JSON.stringify(lock, null, 2));

        run(npm, ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], program);
        expect(fs.existsSync(path.join(program, "node_modules/esbuild"))).to.equal(false);
        expect(fs.existsSync(path.join(program, "node_modules/@pulumi/awsx"))).to.equal(false);

        run(process.execPath, [path.join(program, "node_modules/typescript/bin/tsc"), "-p", "."], program);
        const out = run(process.execPath, ["bin/index.js"], program);
        const outcome = JSON.parse(out) as Outcome;

        expect(outcome.tgw).to.equal("hub-tgw-id");
        expect(outcome.spokes).to.equal("hub-spokes-id");
        expect(outcome.subnets).to.deep.equal(["10.20.0.0/24", "10.20.1.0/24"]);
        const types = outcome.registered.map((r) => `${r.type} ${r.name}`);
        expect(types).to.include.members([
            "hub-network:network:TransitHub hub",
            "aws:ec2transitgateway/transitGateway:TransitGateway hub-tgw",
            "aws:ec2transitgateway/routeTable:RouteTable hub-spokes",
            "aws:ec2transitgateway/routeTable:RouteTable hub-inspection",
            "aws:ram/resourceShare:ResourceShare hub-share",
        ]);
        const tgw = outcome.registered.find((r) => r.name === "hub-tgw")?.inputs;
        expect(tgw).to.include({
            amazonSideAsn: 64512,
            autoAcceptSharedAttachments: "disable",
            defaultRouteTableAssociation: "disable",
            defaultRouteTablePropagation: "disable",
        });
        expect(outcome.loaded).to.deep.equal([]);
    });
});
