/**
 * Analyzer requests built from recorded registrations, as the engine builds them: Analyze gets a
 * resource's inputs (values unknown in a preview as the engine's unknown marker) with its type, URN,
 * name, options and provider; AnalyzeStack gets every resource's state with its parent, dependencies,
 * property dependencies and provider. Encoded by cli/policy/analyzer-wire; the protocol's generated
 * classes (`@pulumi/pulumi/proto`) read them back.
 */
import * as pulumi from "@pulumi/pulumi";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { RecordedResource } from "../mock-cloud/run";
import {
    encodeAnalyzeRequest,
    encodeAnalyzeStackRequest,
    type WireAnalyzeRequest,
    type WireOptions,
    type WireProvider,
    type WireResource,
    type WireStruct,
    type WireValue,
} from "./analyzer-wire";

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
    | "ignoreChanges"
    | "additionalSecretOutputs"
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
 * A recorded value as the engine sends it: unknowns (and resources, whose IDs are unknown in a
 * preview) as the engine's marker, non-finite numbers as null, `undefined` keys left out and
 * `undefined` list items as null.
 */
function wireValue(value: unknown): WireValue {
    if (value === null || value === undefined) return { nullValue: 0 };
    switch (typeof value) {
        case "number":
            return Number.isFinite(value) ? { numberValue: value } : { nullValue: 0 };
        case "string":
            return { stringValue: value };
        case "boolean":
            return { boolValue: value };
        case "object":
            if (pulumi.isUnknown(value) || pulumi.Resource.isInstance(value)) {
                return { stringValue: UNKNOWN_VALUE };
            }
            if (Array.isArray(value)) return { listValue: { values: value.map(wireValue) } };
            return { structValue: wireStruct(value as Readonly<Record<string, unknown>>) };
        default:
            // Registrations hold JSON values, unknowns and resources only (the SDK serializes them).
            throw new Error(`a ${typeof value} in a resource's properties has no wire form`);
    }
}

/** A `google.protobuf.Struct` of recorded props. */
function wireStruct(props: Readonly<Record<string, unknown>>): WireStruct {
    const fields: Record<string, WireValue> = {};
    for (const key of Object.keys(props)) {
        const value = props[key];
        if (value !== undefined) fields[key] = wireValue(value);
    }
    return { fields };
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
    private readonly providers = new Map<string, WireProvider>();
    private readonly optionsOf = new Map<AnalyzableResource, WireOptions>();
    private readonly inputsOf = new Map<AnalyzableResource, WireStruct>();

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
    private providerOf(r: AnalyzableResource): WireProvider | undefined {
        if (r.type.startsWith("pulumi:providers:") || !r.custom) return undefined;
        const key = r.provider ?? packageOf(r.type);
        if (key === undefined) return undefined;
        let wire = this.providers.get(key);
        if (!wire) {
            const provider = this.provider(r)!;
            wire = {
                type: provider.type,
                properties: wireStruct(provider.properties),
                urn: provider.urn,
                name: provider.name,
            };
            this.providers.set(key, wire);
        }
        return wire;
    }

    /** The resource options the analyzer sees (the engine's zero values left out, as it leaves them). */
    private options(r: AnalyzableResource): WireOptions {
        let options = this.optionsOf.get(r);
        if (!options) {
            options = {
                ...(r.protect ? { protect: true } : {}),
                ...(r.deleteBeforeReplace
                    ? { deleteBeforeReplace: true, deleteBeforeReplaceDefined: true }
                    : {}),
                ...(r.aliases.length > 0 ? { aliases: r.aliases } : {}),
                ...(r.ignoreChanges.length > 0 ? { ignoreChanges: r.ignoreChanges } : {}),
                ...(r.additionalSecretOutputs.length > 0
                    ? { additionalSecretOutputs: r.additionalSecretOutputs }
                    : {}),
                ...(r.parent ? { parent: r.parent } : {}),
            };
            this.optionsOf.set(r, options);
        }
        return options;
    }

    /** The inputs of `r`. */
    private inputs(r: AnalyzableResource): WireStruct {
        let inputs = this.inputsOf.get(r);
        if (!inputs) this.inputsOf.set(r, (inputs = wireStruct(r.inputs)));
        return inputs;
    }

    private analyzeMessage(r: AnalyzableResource): WireAnalyzeRequest {
        const provider = this.providerOf(r);
        return {
            type: r.type,
            properties: this.inputs(r),
            urn: r.urn,
            name: r.name,
            options: this.options(r),
            ...(provider ? { provider } : {}),
        };
    }

    private stateMessage(r: AnalyzableResource): WireResource {
        const provider = this.providerOf(r);
        const propertyDependencies: Record<string, { urns: readonly string[] }> = {};
        for (const key of Object.keys(r.propertyDependencies))
            propertyDependencies[key] = { urns: r.propertyDependencies[key] };
        return {
            type: r.type,
            properties:
                Object.keys(r.outputs).length === 0
                    ? this.inputs(r)
                    : wireStruct({ ...r.inputs, ...r.outputs }),
            urn: r.urn,
            name: r.name,
            options: this.options(r),
            ...(provider ? { provider } : {}),
            ...(r.parent ? { parent: r.parent } : {}),
            dependencies: r.dependencies,
            propertyDependencies,
        };
    }

    /** Analyze request for one resource (its inputs), serialized. */
    encodedAnalyzeRequest(r: AnalyzableResource): Uint8Array {
        return encodeAnalyzeRequest(this.analyzeMessage(r));
    }

    /** AnalyzeStack request (every resource's state, outputs over inputs, and references), serialized. */
    encodedAnalyzeStackRequest(): Uint8Array {
        return encodeAnalyzeStackRequest(this.resources.map((r) => this.stateMessage(r)));
    }

    /** Analyze request for one resource, as the protocol's generated class reads it. */
    analyzeRequest(r: AnalyzableResource): analyzerPb.AnalyzeRequest {
        return analyzerPb.AnalyzeRequest.deserializeBinary(this.encodedAnalyzeRequest(r));
    }

    /** AnalyzeStack request, as the protocol's generated class reads it. */
    analyzeStackRequest(): analyzerPb.AnalyzeStackRequest {
        return analyzerPb.AnalyzeStackRequest.deserializeBinary(this.encodedAnalyzeStackRequest());
    }
}
