/**
 * Runs pack policies the way the policy framework does: resource policies through `validateResource`
 * with props behind the framework's unknown-checking proxy, stack policies through `validateStack`,
 * both with `getConfig` returning the policy config file's settings.
 */
import type {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { StackResource, StackViolation } from "../../policy-pack/lib/policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T };

/** The engine's marker for a value unknown in a preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Resource-policy violations for one resource of `type` with `props`. */
export async function resourceViolations(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
    name = "test",
): Promise<string[]> {
    const found: string[] = [];
    const args = {
        type,
        props: proxy.unknownCheckingProxy(props),
        urn: `urn:pulumi:test::hub-network::${type}::${name}`,
        name,
        opts: {},
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: () => config,
        notApplicable: () => {
            throw new Error("not applicable");
        },
    } as unknown as ResourceValidationArgs;
    const validations = policy.validateResource;
    for (const validate of Array.isArray(validations) ? validations : validations ? [validations] : []) {
        await validate(args, (message) => found.push(message));
    }
    return found;
}

/** The framework's view of stack resources built from plain ones. */
export function policyResources(resources: readonly StackResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const resource = {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: proxy.unknownCheckingProxy({ ...r.props }),
            opts: {
                protect: false,
                ignoreChanges: [],
                aliases: [],
                customTimeouts: {},
                additionalSecretOutputs: [],
            },
            dependencies: [] as PolicyResource[],
            propertyDependencies: {} as Record<string, PolicyResource[]>,
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
        byUrn.set(r.urn, resource);
        return resource;
    });
    resources.forEach((r, i) => {
        const resource = built[i] as { -readonly [K in keyof PolicyResource]: PolicyResource[K] };
        const lookup = (urns: readonly string[]) =>
            urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
        resource.parent = r.parent ? byUrn.get(r.parent) : undefined;
        resource.dependencies = lookup(r.dependencies);
        resource.propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, urns]) => [k, lookup(urns)]),
        );
    });
    return built;
}

/** Stack-policy violations for a stack of plain resources. */
export async function stackViolations(
    policy: StackValidationPolicy,
    resources: readonly StackResource[],
    config: Record<string, unknown> = {},
): Promise<StackViolation[]> {
    const found: StackViolation[] = [];
    const args = {
        resources: policyResources(resources),
        stackTags: new Map(),
        getConfig: () => config,
        notApplicable: () => {
            throw new Error("not applicable");
        },
    } as unknown as StackValidationArgs;
    await policy.validateStack(args, (message, urn) => found.push(urn ? { message, urn } : { message }));
    return found;
}

/** A plain stack resource for hand-built scenarios: `urn` is derived from type and name. */
export function res(
    type: string,
    name: string,
    props: Record<string, unknown>,
    refs: { propertyDependencies?: Record<string, readonly StackResource[]>; parent?: StackResource } = {},
): StackResource {
    return {
        type,
        name,
        urn: `urn:pulumi:test::hub-network::${type}::${name}`,
        props,
        parent: refs.parent?.urn,
        dependencies: Object.values(refs.propertyDependencies ?? {}).flatMap((deps) =>
            deps.map((d) => d.urn),
        ),
        propertyDependencies: Object.fromEntries(
            Object.entries(refs.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)]),
        ),
    };
}

/** A violation at the enforcement level it is reported at. */
export interface Diagnostic {
    readonly level: string;
    readonly message: string;
}

/** A policy's entry in the policy config file: an enforcement level and settings. */
export type ConfigEntry = Record<string, unknown> & { readonly enforcementLevel?: string };

/** The level and settings an entry gives a policy, as the policy server applies them. */
function levelAndSettings(
    policy: { readonly enforcementLevel?: string },
    entry: ConfigEntry,
): { level: string; settings: Record<string, unknown> } {
    const { enforcementLevel, ...settings } = entry;
    return { level: enforcementLevel ?? policy.enforcementLevel ?? "advisory", settings };
}

/**
 * Resource-policy violations at their enforcement level, under a policy config entry: the entry's
 * `enforcementLevel` replaces the policy's default (`disabled` reports nothing), the rest are settings.
 */
export async function resourceDiagnostics(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    entry: ConfigEntry = {},
): Promise<Diagnostic[]> {
    const { level, settings } = levelAndSettings(policy, entry);
    if (level === "disabled") return [];
    return (await resourceViolations(policy, type, props, settings)).map((message) => ({ level, message }));
}

/** Stack-policy violations at their enforcement level, under a policy config entry. */
export async function stackDiagnostics(
    policy: StackValidationPolicy,
    resources: readonly StackResource[],
    entry: ConfigEntry = {},
): Promise<Diagnostic[]> {
    const { level, settings } = levelAndSettings(policy, entry);
    if (level === "disabled") return [];
    return (await stackViolations(policy, resources, settings)).map((v) => ({ level, message: v.message }));
}
