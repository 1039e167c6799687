/**
 * Analyzer requests built from recorded registrations, as the engine builds them: Analyze gets a
 * resource's inputs (values unknown in a preview as the engine's unknown marker) with its type, URN,
 * name, options and provider; AnalyzeStack gets every resource's state with its parent, dependencies,
 * property dependencies and provider. The messages are the protocol's generated classes
 * (`@pulumi/pulumi/proto`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { RecordedResource } from "../mock-cloud/run";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The engine's marker for a value unknown in a preview (the `pulumirpc` unknown string). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A registration as the engine saw it (what cli/mock-cloud records). */
export type AnalyzableResource = Pick<
    RecordedResource,
    | "urn"
    | "type"
    | "name"
    | "custom"
    | "id"
    | "inputs"
    | "outputs"
    | "parent"
    | "provider"
    | "dependencies"
    | "propertyDependencies"
    | "protect"
    | "deleteBeforeReplace"
    | "aliases"
>;

/** What the engine knows of the stack besides its resources: used for default providers. */
export interface StackIdentity {
    readonly stack: string;
    readonly project: string;
    /** Flat stack config (`aws:region` and the like become default-provider inputs). */
    readonly config: Readonly<Record<string, string>>;
    /** Package versions of the default providers (`aws` -> `7.48.0`). */
    readonly providerVersions: Readonly<Record<string, string>>;
}

/**
 * A JSON-compatible copy of a recorded value, as the engine sends it: unknowns (and resources, whose
 * IDs are unknown in a preview) as the engine's marker, non-finite numbers as null, `undefined` keys
 * left out and `undefined` list items as null.
 */
export function wireValue(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return typeof value === "number" && !Number.isFinite(value) ? null : value;
    }
    if (pulumi.isUnknown(value)) return UNKNOWN_VALUE;
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : wireValue(v)));
    if (pulumi.Resource.isInstance(value)) return UNKNOWN_VALUE;
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) result[k] = wireValue(v);
    }
    return result;
}

/** A `google.protobuf.Struct` of recorded props. */
function struct(props: Readonly<Record<string, unknown>>): Struct {
    return Struct.fromJavaScript(wireValue(props) as Record<string, never>);
}

/** The package of a resource type token (`aws` for `aws:ec2/vpc:Vpc`); none for components and builtins. */
function packageOf(type: string): string | undefined {
    const pkg = type.split(":")[0];
    return pkg === "pulumi" || !/^[a-z][a-z0-9-]*$/.test(pkg) ? undefined : pkg;
}

/** A provider as the analyzer sees it (`pulumirpc.AnalyzerProviderResource`). */
interface ProviderResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * Builds the requests of one stack. What several requests share is built once: each provider, each
 * resource's options, and its inputs, which a resource whose state adds nothing to them (a component)
 * sends AnalyzeStack too.
 */
export class StackRequests {
    private readonly byUrn = new Map<string, AnalyzableResource>();
    private readonly providers = new Map<string, analyzerPb.AnalyzerProviderResource>();
    private readonly optionsOf = new Map<AnalyzableResource, analyzerPb.AnalyzerResourceOptions>();
    private readonly inputsOf = new Map<AnalyzableResource, Struct>();

    constructor(
        readonly resources: readonly AnalyzableResource[],
        private readonly identity: StackIdentity,
    ) {
        for (const r of resources) this.byUrn.set(r.urn, r);
    }

    /**
     * The provider of `r`: the explicit one it was registered with, or the default provider the engine
     * would create for its package (named `default_<version>`, inputs from the `<package>:` config).
     */
    provider(r: AnalyzableResource): ProviderResource | undefined {
        if (r.type.startsWith("pulumi:providers:") || !r.custom) return undefined;
        if (r.provider) {
            const urn = r.provider.split("::").slice(0, -1).join("::");
            const registered = this.byUrn.get(urn);
            return {
                urn,
                type: registered?.type ?? urn.split("::")[2] ?? "",
                name: registered?.name ?? urn.split("::").pop() ?? "",
                properties: registered?.inputs ?? {},
            };
        }
        const pkg = packageOf(r.type);
        if (!pkg) return undefined;
        const version = this.identity.providerVersions[pkg] ?? "";
        const name = `default${version ? `_${version.replace(/[.-]/g, "_")}` : ""}`;
        const type = `pulumi:providers:${pkg}`;
        const properties: Record<string, unknown> = version ? { version } : {};
        for (const [key, value] of Object.entries(this.identity.config)) {
            if (key.startsWith(`${pkg}:`)) properties[key.slice(pkg.length + 1)] = value;
        }
        return {
            urn: `urn:pulumi:${this.identity.stack}::${this.identity.project}::${type}::${name}`,
            type,
            name,
            properties,
        };
    }

    /** The provider of `r` as the analyzer sees it, built once per provider. */
    private providerMessage(r: AnalyzableResource): analyzerPb.AnalyzerProviderResource | undefined {
        if (r.type.startsWith("pulumi:providers:") || !r.custom) return undefined;
        const key = r.provider ?? packageOf(r.type);
        if (key === undefined) return undefined;
        let message = this.providers.get(key);
        if (!message) {
            const provider = this.provider(r)!;
            message = new analyzerPb.AnalyzerProviderResource();
            message.setType(provider.type);
            message.setProperties(struct(provider.properties));
            message.setUrn(provider.urn);
            message.setName(provider.name);
            this.providers.set(key, message);
        }
        return message;
    }

    /** The resource options the analyzer sees. */
    private options(r: AnalyzableResource): analyzerPb.AnalyzerResourceOptions {
        let options = this.optionsOf.get(r);
        if (!options) {
            options = new analyzerPb.AnalyzerResourceOptions();
            options.setProtect(r.protect);
            options.setDeletebeforereplace(r.deleteBeforeReplace);
            options.setDeletebeforereplacedefined(r.deleteBeforeReplace);
            options.setAliasesList([...r.aliases]);
            if (r.parent) options.setParent(r.parent);
            this.optionsOf.set(r, options);
        }
        return options;
    }

    /** The inputs of `r`. */
    private inputs(r: AnalyzableResource): Struct {
        let inputs = this.inputsOf.get(r);
        if (!inputs) this.inputsOf.set(r, (inputs = struct(r.inputs)));
        return inputs;
    }

    /** Analyze request for one resource: its inputs. */
    analyzeRequest(r: AnalyzableResource): analyzerPb.AnalyzeRequest {
        const request = new analyzerPb.AnalyzeRequest();
        request.setType(r.type);
        request.setProperties(this.inputs(r));
        request.setUrn(r.urn);
        request.setName(r.name);
        request.setOptions(this.options(r));
        const provider = this.providerMessage(r);
        if (provider) request.setProvider(provider);
        return request;
    }

    /** AnalyzeStack request: every resource's state (outputs over inputs) and references. */
    analyzeStackRequest(): analyzerPb.AnalyzeStackRequest {
        const request = new analyzerPb.AnalyzeStackRequest();
        request.setResourcesList(
            this.resources.map((r) => {
                const resource = new analyzerPb.AnalyzerResource();
                resource.setType(r.type);
                resource.setProperties(
                    Object.keys(r.outputs).length === 0
                        ? this.inputs(r)
                        : struct({ ...r.inputs, ...r.outputs }),
                );
                resource.setUrn(r.urn);
                resource.setName(r.name);
                resource.setOptions(this.options(r));
                const provider = this.providerMessage(r);
                if (provider) resource.setProvider(provider);
                if (r.parent) resource.setParent(r.parent);
                resource.setDependenciesList([...r.dependencies]);
                const dependencies = resource.getPropertydependenciesMap();
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    const list = new analyzerPb.AnalyzerPropertyDependencies();
                    list.setUrnsList([...urns]);
                    dependencies.set(key, list);
                }
                return resource;
            }),
        );
        return request;
    }

    /** Analyze request for one resource, serialized. */
    encodedAnalyzeRequest(r: AnalyzableResource): Uint8Array {
        return this.analyzeRequest(r).serializeBinary();
    }

    /** AnalyzeStack request, serialized. */
    encodedAnalyzeStackRequest(): Uint8Array {
        return this.analyzeStackRequest().serializeBinary();
    }
}
