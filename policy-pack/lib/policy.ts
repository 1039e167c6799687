/**
 * How the pack's policies are defined: rule logic as a pure `check` over plain props (or over the
 * stack's resource graph), the pack metadata (severity, matching FSBP / cdk-nag / Checkov controls,
 * default enforcement level, settings) next to it, readable by tests and the catalogue (docs/policies.md).
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
} from "@pulumi/policy";
import { plain, type Props } from "./props";

/** What a policy matches in public control catalogues, and how bad a violation is. */
export interface PolicyMetadata {
    readonly severity: Severity;
    /** AWS Security Hub Foundational Security Best Practices controls, e.g. `EC2.19`. */
    readonly fsbp?: readonly string[];
    /** cdk-nag rules, e.g. `AwsSolutions-EC23`. */
    readonly cdkNag?: readonly string[];
    /** Checkov checks, e.g. `CKV_AWS_24`. */
    readonly checkov?: readonly string[];
}

/** What a check sees besides the props: the resource's identity and the effective settings. */
export interface CheckContext<C> {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** Settings: the config schema defaults overridden by the policy config file. */
    readonly config: C;
}

/** A resource check: returns one message per violation (empty when compliant). */
export type ResourceCheck<C> = (props: Props, context: CheckContext<C>) => readonly string[];

/** Pack metadata shared by resource and stack policies. */
interface PolicySpec<C> {
    /** Kebab-case, prefixed by service and resource: `ec2-security-group-no-world-ssh`. */
    readonly name: string;
    /** One sentence. */
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly metadata: PolicyMetadata;
    /** Settings; every property has a `default`, so the policy runs without a config file. */
    readonly configSchema?: PolicyConfigSchema;
    /** Only here to type `config` in the check. */
    readonly config?: C;
}

/** A resource policy of this pack. */
export interface PackResourcePolicy<C = Record<string, never>> extends ResourceValidationPolicy {
    readonly metadata: PolicyMetadata;
    /** Resource type tokens the policy applies to. */
    readonly resourceTypes: readonly string[];
    /** The pure check, for tests and adapters. */
    readonly check: ResourceCheck<C>;
    /** The settings' defaults from `configSchema`. */
    readonly defaults: C;
}

/** One resource of a stack, as stack checks see it: plain props and references as URNs. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** Plain props; values unknown in a preview are absent. */
    readonly props: Props;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    /** Input property name -> URNs of the resources that input was computed from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** One stack violation; `urn` names the offending resource. */
export interface StackViolation {
    readonly message: string;
    readonly urn?: string;
}

/** A stack check: returns the violations of the whole stack. */
export type StackCheck<C> = (resources: readonly StackResource[], config: C) => readonly StackViolation[];

/** A stack policy of this pack. */
export interface PackStackPolicy<C = Record<string, never>> extends StackValidationPolicy {
    readonly metadata: PolicyMetadata;
    readonly check: StackCheck<C>;
    /** A resource type the check finds nothing without, if one: stacks without any are skipped. */
    readonly subjectType?: string;
    readonly defaults: C;
}

/** Every policy of this pack. */
export type PackPolicy = PackResourcePolicy<never> | PackStackPolicy<never>;

function defaultsOf<C>(schema: PolicyConfigSchema | undefined): C {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if ("default" in property) defaults[key] = property.default;
    }
    return defaults as C;
}

function common<C>(spec: PolicySpec<C>) {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        severity: spec.metadata.severity,
        metadata: spec.metadata,
        defaults: defaultsOf<C>(spec.configSchema),
        ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    };
}

/**
 * Marks a validation function as applying to resources of one type only, the way the policy
 * framework's `validateResourceOfType` and `validateStackResourcesOfType` do: the framework then skips
 * it, without deserializing anything, for a resource of another type (resource policies) or a stack
 * without a resource of that type (stack policies).
 */
function ofType<F extends object>(fn: F, type: string | undefined): F {
    if (type !== undefined) Object.defineProperty(fn, "__pulumiType", { value: type });
    return fn;
}

/** Defines a resource policy from a pure check over the props of the given resource types. */
export function resourcePolicy<C = Record<string, never>>(
    spec: PolicySpec<C> & { readonly resourceTypes: readonly string[]; readonly check: ResourceCheck<C> },
): PackResourcePolicy<C> {
    const base = common(spec);
    const types = new Set(spec.resourceTypes);
    return {
        ...base,
        resourceTypes: spec.resourceTypes,
        check: spec.check,
        validateResource: ofType<NonNullable<ResourceValidationPolicy["validateResource"]>>(
            (args, reportViolation) => {
                if (!types.has(args.type)) return;
                const config = { ...base.defaults, ...args.getConfig<Partial<C & object>>() } as C;
                const context = { type: args.type, name: args.name, urn: args.urn, config };
                for (const message of spec.check(plain(args.props), context)) reportViolation(message);
            },
            spec.resourceTypes.length === 1 ? spec.resourceTypes[0] : undefined,
        ),
    };
}

/**
 * One resource of the framework's stack, as stack checks see it. The plain copy of its props and its
 * references as URNs are made when a check first reads them: most checks read only the resources of a
 * few types.
 */
class StackResourceView implements StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly parent?: string;
    private plainProps?: Props;
    private dependencyUrns?: readonly string[];
    private propertyDependencyUrns?: Readonly<Record<string, readonly string[]>>;

    constructor(private readonly resource: PolicyResource) {
        this.type = resource.type;
        this.name = resource.name;
        this.urn = resource.urn;
        if (resource.parent) this.parent = resource.parent.urn;
    }

    get props(): Props {
        return (this.plainProps ??= plain(this.resource.props));
    }

    get dependencies(): readonly string[] {
        return (this.dependencyUrns ??= this.resource.dependencies.map((d) => d.urn));
    }

    get propertyDependencies(): Readonly<Record<string, readonly string[]>> {
        return (this.propertyDependencyUrns ??= Object.fromEntries(
            Object.entries(this.resource.propertyDependencies).map(([key, deps]) => [
                key,
                deps.map((d) => d.urn),
            ]),
        ));
    }
}

/** The stack check's view of the framework's resources. */
export function stackResourcesOf(resources: readonly PolicyResource[]): StackResource[] {
    return resources.map((r) => new StackResourceView(r));
}

/** Defines a stack policy from a pure check over the stack's resources. */
export function stackPolicy<C = Record<string, never>>(
    spec: PolicySpec<C> & {
        readonly check: StackCheck<C>;
        /**
         * A resource type the check finds nothing without (usually the type of the resources it starts
         * from, when there is exactly one): the framework skips the check in a stack without one.
         */
        readonly subjectType?: string;
    },
): PackStackPolicy<C> {
    const base = common(spec);
    return {
        ...base,
        check: spec.check,
        ...(spec.subjectType ? { subjectType: spec.subjectType } : {}),
        validateStack: ofType<StackValidationPolicy["validateStack"]>((args, reportViolation) => {
            const config = { ...base.defaults, ...args.getConfig<Partial<C & object>>() } as C;
            for (const v of spec.check(stackResourcesOf(args.resources), config)) {
                reportViolation(v.message, v.urn);
            }
        }, spec.subjectType),
    };
}
