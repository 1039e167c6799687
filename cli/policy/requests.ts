/**
 * Analyzer requests built from recorded registrations, as the engine builds them: Analyze gets a
 * resource's inputs (values unknown in a preview as the engine's unknown marker) with its type, URN,
 * name, options and provider; AnalyzeStack gets every resource's state with its parent, dependencies,
 * property dependencies and provider. Requests are encoded straight from the records (cli/policy/wire),
 * byte for byte as the generated protocol code would serialize them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { RecordedResource } from "../mock-cloud/run";
import { encode, ProtoWriter, writeStruct, type Convert } from "./wire";

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
 * What is sent for a recorded value, one level deep: unknowns (and resources, whose IDs are unknown in
 * a preview) as the engine's marker, non-finite numbers as null; objects and lists are walked by the
 * encoder, which leaves out `undefined` keys and sends `undefined` list items as null.
 */
const toWire: Convert = (value) => {
    if (value === null || value === undefined) return value;
    switch (typeof value) {
        case "string":
        case "boolean":
            return value;
        case "number":
            return Number.isFinite(value) ? value : null;
        case "object":
            if (pulumi.isUnknown(value)) return UNKNOWN_VALUE;
            if (!Array.isArray(value) && pulumi.Resource.isInstance(value)) return UNKNOWN_VALUE;
            return value;
        default:
            return value;
    }
};

/** A `google.protobuf.Struct` of recorded props, encoded. */
function struct(props: Readonly<Record<string, unknown>>): Uint8Array {
    return encode((w) => writeStruct(w, props, toWire));
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
 * Builds the requests of one stack, encoded in the protocol's binary form. What several requests
 * share is encoded once: each provider, each resource's options, and its inputs, which a resource
 * whose state adds nothing to them (a component) sends AnalyzeStack too.
 */
export class StackRequests {
    private readonly byUrn = new Map<string, AnalyzableResource>();
    private readonly providers = new Map<string, Uint8Array>();
    private readonly optionsOf = new Map<AnalyzableResource, Uint8Array>();
    private readonly inputsOf = new Map<AnalyzableResource, Uint8Array>();

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

    /** The encoded provider of `r` (an `AnalyzerProviderResource`), built once per provider. */
    private encodedProvider(r: AnalyzableResource): Uint8Array | undefined {
        if (r.type.startsWith("pulumi:providers:") || !r.custom) return undefined;
        const key = r.provider ?? packageOf(r.type);
        if (key === undefined) return undefined;
        let encoded = this.providers.get(key);
        if (!encoded) {
            const provider = this.provider(r)!;
            const properties = struct(provider.properties);
            encoded = encode((w) => {
                if (provider.type) w.string(1, provider.type);
                w.message(2, properties);
                if (provider.urn) w.string(3, provider.urn);
                if (provider.name) w.string(4, provider.name);
            });
            this.providers.set(key, encoded);
        }
        return encoded;
    }

    /** The resource options the analyzer sees (an `AnalyzerResourceOptions`), encoded. */
    private options(r: AnalyzableResource): Uint8Array {
        let options = this.optionsOf.get(r);
        if (!options) {
            options = encode((w) => {
                if (r.protect) w.bool(1, true);
                if (r.deleteBeforeReplace) {
                    w.bool(3, true);
                    w.bool(4, true);
                }
                for (const alias of r.aliases) w.string(6, alias);
                if (r.parent) w.string(8, r.parent);
            });
            this.optionsOf.set(r, options);
        }
        return options;
    }

    /** The inputs of `r` (a `Struct`), encoded. */
    private inputs(r: AnalyzableResource): Uint8Array {
        let inputs = this.inputsOf.get(r);
        if (!inputs) this.inputsOf.set(r, (inputs = struct(r.inputs)));
        return inputs;
    }

    /** The fields type (1) to provider (6) that Analyze's request and AnalyzeStack's resources share. */
    private writeResource(w: ProtoWriter, r: AnalyzableResource, properties: Uint8Array): void {
        const options = this.options(r);
        const provider = this.encodedProvider(r);
        if (r.type) w.string(1, r.type);
        w.message(2, properties);
        if (r.urn) w.string(3, r.urn);
        if (r.name) w.string(4, r.name);
        w.message(5, options);
        if (provider) w.message(6, provider);
    }

    /** Analyze request for one resource, its inputs: an `AnalyzeRequest`, encoded. */
    encodedAnalyzeRequest(r: AnalyzableResource): Uint8Array {
        const inputs = this.inputs(r);
        return encode((w) => this.writeResource(w, r, inputs), inputs.length + 512);
    }

    /** AnalyzeStack request, every resource's state (outputs over inputs) and references, encoded. */
    encodedAnalyzeStackRequest(): Uint8Array {
        const w = new ProtoWriter(64 * 1024);
        for (const r of this.resources) {
            const properties =
                Object.keys(r.outputs).length === 0 ? this.inputs(r) : struct({ ...r.inputs, ...r.outputs });
            const resource = w.begin(1);
            this.writeResource(w, r, properties);
            if (r.parent) w.string(7, r.parent);
            for (const urn of r.dependencies) w.string(8, urn);
            for (const key of Object.keys(r.propertyDependencies).sort()) {
                const entry = w.begin(9);
                w.string(1, key);
                const urns = w.begin(2);
                for (const urn of r.propertyDependencies[key]) w.string(1, urn);
                w.end(urns);
                w.end(entry);
            }
            w.end(resource);
        }
        return w.bytes();
    }

    /** Analyze request for one resource, as the generated message (for inspection). */
    analyzeRequest(r: AnalyzableResource): analyzerPb.AnalyzeRequest {
        return analyzerPb.AnalyzeRequest.deserializeBinary(this.encodedAnalyzeRequest(r));
    }

    /** AnalyzeStack request, as the generated message (for inspection). */
    analyzeStackRequest(): analyzerPb.AnalyzeStackRequest {
        return analyzerPb.AnalyzeStackRequest.deserializeBinary(this.encodedAnalyzeStackRequest());
    }
}
