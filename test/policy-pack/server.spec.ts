/**
 * The pack started the way the engine starts it (`run-policy-pack <engine address> <pack folder>`),
 * queried over gRPC with the analyzer client stubs: it lists every policy at its default level and
 * reports a violation on a resource.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { expect } from "chai";
import { policies } from "../../policy-pack/policies";

/* eslint-disable @typescript-eslint/no-require-imports -- generated protobuf modules ship no ESM types */
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, "../..");

type Call<Req, Res> = (
    request: Req,
    callback: (err: grpc.ServiceError | null, response: Res) => void,
) => void;
interface PolicyInfo {
    getName(): string;
    getEnforcementlevel(): number;
}
interface Diagnostic {
    getPolicyname(): string;
    getMessage(): string;
    getEnforcementlevel(): number;
}
interface AnalyzerClient extends grpc.Client {
    getAnalyzerInfo: Call<unknown, { getName(): string; getPoliciesList(): PolicyInfo[] }>;
    analyze: Call<unknown, { getDiagnosticsList(): Diagnostic[] }>;
}

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

/** A minimal engine: the pack may log through it. */
async function startEngine(): Promise<{ server: grpc.Server; address: string; logs: string[] }> {
    const logs: string[] = [];
    const server = new grpc.Server();
    const reply = (_call: unknown, callback: (err: null, res: unknown) => void) =>
        callback(null, new Empty());
    server.addService(engineGrpc.EngineService, {
        log: (call: { request: { getMessage(): string } }, callback: (err: null, res: unknown) => void) => {
            logs.push(call.request.getMessage());
            callback(null, new Empty());
        },
        getRootResource: reply,
        setRootResource: reply,
        startDebugging: reply,
        requirePulumiVersion: reply,
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
            err ? reject(err) : resolve(p),
        ),
    );
    return { server, address: `127.0.0.1:${port}`, logs };
}

/** Starts the pack and resolves with the port it prints. */
function startPack(engineAddress: string): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(
        process.execPath,
        [path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"), engineAddress, "."],
        { cwd: path.join(ROOT, "policy-pack"), stdio: ["ignore", "pipe", "pipe"] },
    );
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout!.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const match = /^(\d+)\s*$/m.exec(out);
            if (match) resolve({ child, port: Number(match[1]) });
        });
        child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${err}`)));
    });
}

const call = <Req, Res>(fn: Call<Req, Res>, client: grpc.Client, request: Req) =>
    new Promise<Res>((resolve, reject) => fn.call(client, request, (e, r) => (e ? reject(e) : resolve(r))));

describe("the policy pack served over gRPC", function () {
    this.timeout(60000);
    let engine: Awaited<ReturnType<typeof startEngine>>;
    let pack: Awaited<ReturnType<typeof startPack>>;
    let client: AnalyzerClient;

    before(async () => {
        engine = await startEngine();
        pack = await startPack(engine.address);
        client = new analyzerGrpc.AnalyzerClient(
            `127.0.0.1:${pack.port}`,
            grpc.credentials.createInsecure(),
        ) as AnalyzerClient;
    });

    after(() => {
        client?.close();
        pack?.child.kill();
        engine?.server.forceShutdown();
    });

    it("lists every policy with its default enforcement level", async () => {
        const info = await call(client.getAnalyzerInfo, client, new Empty());
        expect(info.getName()).to.equal("hub-network");
        const served = Object.fromEntries(
            info.getPoliciesList().map((p) => [p.getName(), LEVELS[p.getEnforcementlevel()]]),
        );
        expect(served).to.deep.equal(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])));
    });

    it("reports a world-open SSH rule as a mandatory violation", async () => {
        const request = new analyzerPb.AnalyzeRequest();
        request.setType("aws:ec2/securityGroup:SecurityGroup");
        request.setName("web");
        request.setUrn("urn:pulumi:dev::hub-network::aws:ec2/securityGroup:SecurityGroup::web");
        request.setOptions(new analyzerPb.AnalyzerResourceOptions());
        request.setProperties(
            Struct.fromJavaScript({
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 22,
                        toPort: 22,
                        cidrBlocks: ["0.0.0.0/0"],
                        description: "ssh",
                    },
                ],
            }),
        );
        const response = await call(client.analyze, client, request);
        const diagnostics = response
            .getDiagnosticsList()
            .map((d) => [d.getPolicyname(), LEVELS[d.getEnforcementlevel()], d.getMessage()]);
        expect(diagnostics).to.deep.include.members([
            [
                "ec2-security-group-no-world-admin-ports",
                "mandatory",
                "Security groups must never open SSH, RDP or database ports to the internet.\ningress[0] opens tcp 22 to the internet, exposing SSH (22).",
            ],
        ]);
    });
});
