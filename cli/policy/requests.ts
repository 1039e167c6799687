/**
 * Analyzer requests built from recorded registrations, as the engine builds them: Analyze gets a
 * resource's inputs (values unknown in a preview as the engine's unknown marker) with its type, URN,
 * name, options and provider; AnalyzeStack gets every resource's state with its parent, dependencies,
 * property dependencies and provider.
 */
import * as pulumi from "@pulumi/pulumi";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { RecordedResource } from "../mock-cloud/run";

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

/** A plain, JSON-compatible copy of a recorded value with unknowns as the engine's marker. */
export function wireValue(value: unknown): unknown {
    if (pulumi.isUnknown(value)) return UNKNOWN_VALUE;
    if (value === null || typeof value !== "object") {
        return typeof value === "number" && !Number.isFinite(value) ? null : value;
    }
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : wireValue(v)));
    if (pulumi.Resource.isInstance(value)) return UNKNOWN_VALUE;
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) result[k] = wireValue(v);
    }
    return result;
}

function struct(props: Readonly<Record<string, unknown>>): Struct {
    return Struct.fromJavaScript(wireValue(props) as Record<string, never>);
}

/** The package of a resource type token (`aws` for `aws:ec2/vpc:Vpc`); none for components and builtins. */
function packageOf(type: string): string | undefined {
    const pkg = type.split(":")[0];
    return pkg === "pulumi" || !/^[a-z][a-z0-9-]*$/.test(pkg) ? undefined : pkg;
}

/** Indexes a stack's resources for provider lookups. */
export class StackRequests {
    private readonly byUrn = new Map<string, AnalyzableResource>();

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
    provider(r: AnalyzableResource): analyzerPb.AnalyzerProviderResource | undefined {
        if (r.type.startsWith("pulumi:providers:") || !r.custom) return undefined;
        const provider = new analyzerPb.AnalyzerProviderResource();
        if (r.provider) {
            const urn = r.provider.split("::").slice(0, -1).join("::");
            const registered = this.byUrn.get(urn);
            provider.setUrn(urn);
            provider.setType(registered?.type ?? urn.split("::")[2] ?? "");
            provider.setName(registered?.name ?? urn.split("::").pop() ?? "");
            provider.setProperties(struct(registered?.inputs ?? {}));
            return provider;
        }
        const pkg = packageOf(r.type);
        if (!pkg) return undefined;
        const version = this.identity.providerVersions[pkg] ?? "";
        const name = `default${version ? `_${version.replace(/[.-]/g, "_")}` : ""}`;
        const type = `pulumi:providers:${pkg}`;
        provider.setUrn(`urn:pulumi:${this.identity.stack}::${this.identity.project}::${type}::${name}`);
        provider.setType(type);
        provider.setName(name);
        const inputs: Record<string, unknown> = version ? { version } : {};
        for (const [key, value] of Object.entries(this.identity.config)) {
            if (key.startsWith(`${pkg}:`)) inputs[key.slice(pkg.length + 1)] = value;
        }
        provider.setProperties(struct(inputs));
        return provider;
    }

    /** The resource options the analyzer sees. */
    private options(r: AnalyzableResource): analyzerPb.AnalyzerResourceOptions {
        const options = new analyzerPb.AnalyzerResourceOptions();
        options.setProtect(r.protect);
        options.setDeletebeforereplace(r.deleteBeforeReplace);
        options.setDeletebeforereplacedefined(r.deleteBeforeReplace);
        options.setAliasesList([...r.aliases]);
        if (r.parent) options.setParent(r.parent);
        return options;
    }

    /** Analyze request for one resource: its inputs. */
    analyzeRequest(r: AnalyzableResource): analyzerPb.AnalyzeRequest {
        const request = new analyzerPb.AnalyzeRequest();
        request.setType(r.type);
        request.setName(r.name);
        request.setUrn(r.urn);
        request.setProperties(struct(r.inputs));
        request.setOptions(this.options(r));
        const provider = this.provider(r);
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
                resource.setName(r.name);
                resource.setUrn(r.urn);
                resource.setProperties(struct({ ...r.inputs, ...r.outputs }));
                resource.setOptions(this.options(r));
                const provider = this.provider(r);
                if (provider) resource.setProvider(provider);
                if (r.parent) resource.setParent(r.parent);
                resource.setDependenciesList([...r.dependencies]);
                const deps = resource.getPropertydependenciesMap();
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    const list = new analyzerPb.AnalyzerPropertyDependencies();
                    list.setUrnsList([...urns]);
                    deps.set(key, list);
                }
                return resource;
            }),
        );
        return request;
    }
}
