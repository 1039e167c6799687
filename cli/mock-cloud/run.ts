/**
 * Runs a stack program in-process under Pulumi's mock runtime and records what the engine would see:
 * every registration with its inputs, outputs, parent, provider, dependencies and property
 * dependencies, every invoke, and the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConstraintChecker, ConstraintError, type Refusal } from "./constraints/check";
import { answerInvoke } from "./invokes";
import { subnetZoneViolations } from "./zones";
import { MockCloud, type CloudScope } from "./values";

/** One registered resource, as the engine receives it. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly inputs: Record<string, unknown>;
    /** Outputs; for components, what they passed to `registerOutputs`. */
    outputs: Record<string, unknown>;
    readonly parent?: string;
    /** Provider reference `<provider urn>::<provider id>`, when one was given. */
    readonly provider?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly aliases: readonly string[];
    /** Input properties whose changes are ignored (`ignoreChanges`). */
    readonly ignoreChanges: readonly string[];
    /** Outputs made secret (`additionalSecretOutputs`). */
    readonly additionalSecretOutputs: readonly string[];
    /** The ID of an existing resource it adopts (the `import` resource option). */
    readonly importId?: string;
}

/** One invoke (provider function call). */
export interface RecordedInvoke {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
}

/** What a stack run produced. */
export interface StackRun {
    readonly stack: string;
    readonly preview: boolean;
    readonly outputs: Record<string, unknown>;
    readonly resources: readonly RecordedResource[];
    readonly invokes: readonly RecordedInvoke[];
}

/** A stack program that failed, with what it had registered before it failed. */
export class StackRunError extends Error {
    constructor(
        readonly stackName: string,
        override readonly cause: unknown,
        readonly resources: readonly RecordedResource[],
    ) {
        super(`stack ${stackName} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = "StackRunError";
    }
}

/** How to run one stack. */
export interface StackRunOptions extends CloudScope {
    readonly project: string;
    /** Flat Pulumi config (`namespace:key` -> string; objects as JSON text). */
    readonly config: Readonly<Record<string, string>>;
    /** The stack program; its result becomes the stack outputs. */
    readonly program: () => Promise<Record<string, unknown> | void>;
}

/** An alias as the SDK sends it: a URN, or a spec of the old name, type and parent. */
interface AliasMessage {
    getUrn(): string;
    getSpec(): { getName(): string; getType(): string } | undefined;
}
interface MonitorRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getDependenciesList(): string[];
    getAliasesList(): AliasMessage[];
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getImportid(): string;
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getObject(): unknown;
}
interface MonitorResponse {
    getUrn(): string;
    getId(): string;
    getObject(): unknown;
}
type Callback<T> = (err: unknown, response: T) => void;
interface Monitor {
    registerResource(req: MonitorRequest, cb: Callback<MonitorResponse>): Promise<void>;
    registerResourceOutputs(req: { getUrn(): string; getOutputs(): unknown }, cb: Callback<unknown>): void;
}

const runtime = pulumi.runtime as unknown as {
    getMonitor(): Monitor;
    waitForRPCs(): Promise<void>;
    deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown>;
};

/** Runs `options.program` as stack `options.stack` under mocks and returns what it registered. */
/** The value constraints AWS documents, compiled once per process and per resource type. */
const constraints = new ConstraintChecker();

export async function runStack(options: StackRunOptions): Promise<StackRun> {
    const cloud = new MockCloud(options);
    const invokes: RecordedInvoke[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) =>
                cloud.newResource(
                    args.type,
                    args.name,
                    args.inputs as Record<string, unknown>,
                    args.provider,
                    // The mock monitor passes the import ID, "" when there is none.
                    args.id || undefined,
                ),
            call: (args) => {
                invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
                return answerInvoke(args.token, args.inputs as Record<string, unknown>, {
                    ...options,
                    ...cloud.where(args.provider),
                });
            },
        },
        options.project,
        options.stack,
        options.preview,
        // What `pulumi.getOrganization()` answers: the default organization of a self-managed backend.
        "organization",
    );
    pulumi.runtime.setAllConfig({ ...options.config });

    const resources: RecordedResource[] = [];
    const refused: Refusal[] = [];
    const byUrn = new Map<string, RecordedResource>();
    const monitor = runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
        register(req, (err, resp) => {
            if (!err && resp) {
                const record = recordOf(req, resp);
                resources.push(record);
                byUrn.set(record.urn, record);
                // The SDK interpolates the response into a debug message whether or not debug logging
                // is on, which prints the whole protobuf message each time; a short name does as well.
                Object.defineProperty(resp, "toString", { value: () => "RegisterResourceResponse" });
                // What AWS would refuse fails the stack once the program is done, with every refusal
                // at once (a real `up` stops at the first, and at every one after it is fixed).
                const where = cloud.where(record.provider);
                const violations = record.custom
                    ? [
                          ...constraints.check(record.type, record.inputs),
                          ...subnetZoneViolations(record.type, record.inputs, where.region, where.accountId),
                      ]
                    : [];
                if (violations.length > 0) refused.push({ urn: record.urn, violations });
            }
            cb(err, resp);
        });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        const record = byUrn.get(req.getUrn());
        if (record && req.getOutputs()) {
            record.outputs = runtime.deserializeProperties(req.getOutputs(), true);
        }
        registerOutputs(req, cb);
    };

    try {
        await pulumi.runtime.runInPulumiStack(async () => (await options.program()) ?? {});
        await runtime.waitForRPCs();
    } catch (error) {
        await runtime.waitForRPCs().catch(() => undefined);
        throw new StackRunError(options.stack, error, resources);
    }
    if (refused.length > 0) throw new StackRunError(options.stack, new ConstraintError(refused), resources);
    // The root stack's registered outputs keep unknowns (previews) next to known values.
    const outputs = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
    return { stack: options.stack, preview: options.preview, outputs, resources, invokes };
}

/**
 * An alias as a URN: given as one, or as a spec (what the SDK sends when the engine supports alias
 * specs) whose name and type replace the resource's own in its URN (`urn:pulumi:<stack>::<project>::
 * <type chain>::<name>`). A spec that moves the resource to another parent keeps the resource's
 * parent chain: the tests and the pack only read renames.
 */
function aliasUrn(alias: AliasMessage, urn: string): string {
    const spec = alias.getSpec();
    if (alias.getUrn() || !spec) return alias.getUrn();
    const parts = urn.split("::");
    const name = spec.getName() || parts[parts.length - 1];
    const chain = parts[parts.length - 2].split("$");
    if (spec.getType()) chain[chain.length - 1] = spec.getType();
    return [...parts.slice(0, -2), chain.join("$"), name].join("::");
}

function recordOf(req: MonitorRequest, resp: MonitorResponse): RecordedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        id: resp.getId() || undefined,
        inputs: runtime.deserializeProperties(req.getObject(), true),
        outputs: runtime.deserializeProperties(resp.getObject(), true),
        parent: req.getParent() || undefined,
        provider: req.getProvider() || undefined,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        deleteBeforeReplace: req.getDeletebeforereplace(),
        aliases: req.getAliasesList().map((a) => aliasUrn(a, resp.getUrn())),
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        ...(req.getImportid() ? { importId: req.getImportid() } : {}),
    };
}
