/** A registration for the analyzer requests' tests: a custom resource of `stack` with nothing set. */
import type { AnalyzableResource } from "../../../cli/policy/requests";

export function analyzable(
    stack: string,
    type: string,
    name: string,
    extra: Partial<AnalyzableResource> = {},
): AnalyzableResource {
    return {
        urn: `${stack}::${type}::${name}`,
        type,
        name,
        custom: true,
        inputs: {},
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        deleteBeforeReplace: false,
        aliases: [],
        ignoreChanges: [],
        additionalSecretOutputs: [],
        ...extra,
    };
}
