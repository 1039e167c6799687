/**
 * A client for a policy pack served the way the Pulumi engine serves it: `run-policy-pack <engine
 * address> <pack folder>` in a child process, which prints the port of its analyzer gRPC server, then
 * the analyzer protocol (`pulumirpc.Analyzer`: GetAnalyzerInfo, Configure, ConfigureStack, Analyze,
 * AnalyzeStack) with the stubs `@pulumi/pulumi/proto` ships. A minimal engine server receives the
 * pack's log messages, as the engine would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { BinaryReader } from "google-protobuf";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The engine's enforcement levels, by their protocol number. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;
export type EnforcementLevelName = (typeof ENFORCEMENT_LEVELS)[number];

/** The protocol's policy severities, by their number. */
const SEVERITIES = ["", "low", "medium", "high", "critical"] as const;

/** The size limit the engine and the policy server use for gRPC messages (400 MB). */
const MAX_MESSAGE = 400 * 1024 * 1024;

/** One policy the pack serves. */
export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevelName;
    readonly severity: string;
    /** JSON schema of each setting (with its `default`), as the pack declares it. */
    readonly configSchema?: {
        readonly properties: Readonly<Record<string, Record<string, unknown>>>;
        readonly required: readonly string[];
    };
}

/** What GetAnalyzerInfo answers. */
export interface PackInfo {
    readonly name: string;
    readonly version: string;
    readonly policies: readonly PolicyInfo[];
}

/** One violation, as the analyzer reports it. */
export interface AnalyzerDiagnostic {
    readonly policyName: string;
    readonly policyPackName: string;
    readonly policyPackVersion: string;
    readonly description: string;
    readonly message: string;
    readonly enforcementLevel: EnforcementLevelName;
    /** The offending resource (stack policies may name one; resource policies: the resource analysed). */
    readonly urn?: string;
    readonly severity: string;
}

/** The settings of one policy handed to Configure. */
export interface PolicyConfigEntry {
    readonly enforcementLevel: EnforcementLevelName;
    readonly properties: Readonly<Record<string, unknown>>;
}

/** The stack a run of Analyze and AnalyzeStack calls is about (ConfigureStack). */
export interface StackContext {
    readonly stack: string;
    readonly project: string;
    readonly organization: string;
    readonly dryRun: boolean;
    readonly config: Readonly<Record<string, string>>;
    readonly tags?: Readonly<Record<string, string>>;
}

type Unary<Req, Res> = (
    request: Req,
    callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/** Starts a minimal engine server the pack may log through; resolves with its address. */
async function startEngine(
    logs: string[],
    onLog?: (message: string) => void,
): Promise<{ server: grpc.Server; address: string }> {
    const server = new grpc.Server();
    const empty = (_call: unknown, callback: grpc.sendUnaryData<Empty>) => callback(null, new Empty());
    server.addService(EngineService, {
        log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
            logs.push(call.request.getMessage());
            onLog?.(call.request.getMessage());
            callback(null, new Empty());
        },
        getRootResource: empty,
        setRootResource: empty,
        startDebugging: empty,
        requirePulumiVersion: empty,
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
            err ? reject(err) : resolve(p),
        ),
    );
    return { server, address: `127.0.0.1:${port}` };
}

/** Starts `run-policy-pack` on `packDir` and resolves with the port it prints. */
function startPack(
    engineAddress: string,
    packDir: string,
    timeoutMs: number,
    execArgv: readonly string[],
): Promise<{ child: ChildProcess; port: number }> {
    const runner = path.join(
        path.dirname(require.resolve("@pulumi/pulumi/package.json")),
        "cmd",
        "run-policy-pack",
    );
    const child = spawn(process.execPath, [...execArgv, runner, engineAddress, "."], {
        cwd: packDir,
        stdio: ["ignore", "pipe", "pipe"],
        // Node 22.1 and later keep the compiled code of the modules the pack loads (the SDK, TypeScript)
        // on disk, so later starts run rather than compile them; earlier versions ignore the variable.
        env: {
            ...process.env,
            NODE_COMPILE_CACHE:
                process.env.NODE_COMPILE_CACHE ?? path.join(os.tmpdir(), "node-compile-cache"),
        },
    });
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        const timer = setTimeout(() => {
            child.kill();
            reject(new Error(`the policy pack in ${packDir} did not start within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        child.stdout!.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const match = /^(\d+)\s*$/m.exec(out);
            if (match) {
                clearTimeout(timer);
                resolve({ child, port: Number(match[1]) });
            }
        });
        child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`the policy pack in ${packDir} exited with code ${code}: ${err.trim()}`));
        });
    });
}

/** A running policy pack and the analyzer client connected to it. */
export class PolicyAnalyzer {
    /** Messages the pack logged through the engine. */
    readonly engineLogs: string[];

    private constructor(
        private readonly client: AnalyzerClient,
        private readonly child: ChildProcess,
        private readonly engine: grpc.Server,
        logs: string[],
    ) {
        this.engineLogs = logs;
    }

    /**
     * Starts the pack in `packDir` as the engine does and connects to it; `execArgv` goes to the pack's
     * Node.js process (profiling flags, for instance), `onLog` hears each message the pack logs.
     */
    static async start(
        packDir: string,
        timeoutMs = 120_000,
        execArgv: readonly string[] = [],
        onLog?: (message: string) => void,
    ): Promise<PolicyAnalyzer> {
        const logs: string[] = [];
        const engine = await startEngine(logs, onLog);
        try {
            const { child, port } = await startPack(engine.address, packDir, timeoutMs, execArgv);
            const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
                "grpc.max_send_message_length": MAX_MESSAGE,
                "grpc.max_receive_message_length": MAX_MESSAGE,
            });
            return new PolicyAnalyzer(client, child, engine.server, logs);
        } catch (error) {
            engine.server.forceShutdown();
            throw error;
        }
    }

    private call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
        return new Promise((resolve, reject) =>
            method.call(this.client, request, (error, response) =>
                error ? reject(error) : resolve(response),
            ),
        );
    }

    /** GetAnalyzerInfo: the pack's name, version and policies with their levels and settings. */
    async info(): Promise<PackInfo> {
        const info = await this.call<Empty, analyzerPb.AnalyzerInfo>(
            this.client.getAnalyzerInfo,
            new Empty(),
        );
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: ENFORCEMENT_LEVELS[p.getEnforcementlevel()],
                    severity: SEVERITIES[p.getSeverity()] ?? "",
                    ...(schema
                        ? {
                              configSchema: {
                                  properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
                                      string,
                                      Record<string, unknown>
                                  >,
                                  required: schema.getRequiredList(),
                              },
                          }
                        : {}),
                };
            }),
        };
    }

    /** Configure: every policy's enforcement level and settings, as the engine reconciled them. */
    async configure(config: Readonly<Record<string, PolicyConfigEntry>>): Promise<void> {
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [name, entry] of Object.entries(config)) {
            const policyConfig = new analyzerPb.PolicyConfig();
            policyConfig.setEnforcementlevel(ENFORCEMENT_LEVELS.indexOf(entry.enforcementLevel));
            policyConfig.setProperties(Struct.fromJavaScript(toStructValue(entry.properties)));
            map.set(name, policyConfig);
        }
        await this.call(this.client.configure, request);
    }

    /** ConfigureStack: the stack the next Analyze and AnalyzeStack calls are about. */
    async configureStack(context: StackContext): Promise<void> {
        const request = new analyzerPb.AnalyzerStackConfigureRequest();
        request.setStack(context.stack);
        request.setProject(context.project);
        request.setOrganization(context.organization);
        request.setDryRun(context.dryRun);
        for (const [k, v] of Object.entries(context.config)) request.getConfigMap().set(k, v);
        for (const [k, v] of Object.entries(context.tags ?? {})) request.getTagsMap().set(k, v);
        await this.call(this.client.configureStack, request);
    }

    /** Analyze: the resource policies over one resource's inputs. */
    analyze(request: analyzerPb.AnalyzeRequest): Promise<AnalyzerDiagnostic[]> {
        return this.analyzeEncoded(request.serializeBinary(), request.getUrn());
    }

    /** Analyze with a request already encoded (cli/policy/requests): `urn` is the resource's. */
    async analyzeEncoded(request: Uint8Array, urn: string): Promise<AnalyzerDiagnostic[]> {
        const diagnostics = await this.callEncoded(AnalyzerService.analyze.path, request);
        return diagnostics.map((d) => diagnosticOf(d, urn));
    }

    /** AnalyzeStack: the stack policies over every resource of the stack. */
    analyzeStack(request: analyzerPb.AnalyzeStackRequest): Promise<AnalyzerDiagnostic[]> {
        return this.analyzeStackEncoded(request.serializeBinary());
    }

    /** AnalyzeStack with a request already encoded (cli/policy/requests). */
    async analyzeStackEncoded(request: Uint8Array): Promise<AnalyzerDiagnostic[]> {
        const diagnostics = await this.callEncoded(AnalyzerService.analyzeStack.path, request);
        return diagnostics.map((d) => diagnosticOf(d));
    }

    /**
     * A unary call with an encoded request that answers an `AnalyzeResponse`, of which only the
     * diagnostics are read: the policies the pack found not applicable are skipped unparsed.
     */
    private callEncoded(path: string, request: Uint8Array): Promise<analyzerPb.AnalyzeDiagnostic[]> {
        return new Promise((resolve, reject) =>
            this.client.makeUnaryRequest(
                path,
                (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
                diagnosticsOfResponse,
                request,
                (error, response) => (error ? reject(error) : resolve(response!)),
            ),
        );
    }

    /** The pack's process ID. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Stops the pack and the engine server. */
    close(): void {
        this.client.close();
        if (this.child.exitCode === null) this.child.kill();
        this.engine.forceShutdown();
    }

    /**
     * Stops the pack and the engine server, and resolves once the pack's process has exited (killed
     * outright if it has not within `timeoutMs`): a thread that started it can then end without
     * leaving it unreaped.
     */
    async stop(timeoutMs = 5000): Promise<void> {
        const exited =
            this.child.exitCode !== null || this.child.signalCode !== null
                ? Promise.resolve()
                : new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.close();
        const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
        await exited;
        clearTimeout(timer);
    }
}

/** The diagnostics (field 2) of an encoded `AnalyzeResponse`; other fields are skipped. */
function diagnosticsOfResponse(bytes: Buffer): analyzerPb.AnalyzeDiagnostic[] {
    // A view, not the Buffer itself: google-protobuf reads a Buffer from the start of its memory.
    const reader = new BinaryReader(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const diagnostics: analyzerPb.AnalyzeDiagnostic[] = [];
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() === 2) {
            const diagnostic = new analyzerPb.AnalyzeDiagnostic();
            reader.readMessage(diagnostic, analyzerPb.AnalyzeDiagnostic.deserializeBinaryFromReader);
            diagnostics.push(diagnostic);
        } else {
            reader.skipField();
        }
    }
    return diagnostics;
}

function diagnosticOf(d: analyzerPb.AnalyzeDiagnostic, resourceUrn?: string): AnalyzerDiagnostic {
    const urn = d.getUrn() || resourceUrn;
    return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: ENFORCEMENT_LEVELS[d.getEnforcementlevel()],
        ...(urn ? { urn } : {}),
        severity: SEVERITIES[d.getSeverity()] ?? "",
    };
}

/** A JSON-compatible copy for `Struct.fromJavaScript` (drops `undefined`). */
function toStructValue(value: Readonly<Record<string, unknown>>): Record<string, never> {
    return JSON.parse(JSON.stringify(value)) as Record<string, never>;
}
