/**
 * What the project does with a (mutated) project folder before it declares any resource: discovery
 * of the environment's stacks as the plan and CI do it, then each stack's own checks (its config and
 * environment, the spoke request, the appliance fleet). The outcome is a refusal (every problem), an
 * acceptance, or a crash: anything thrown that is not a ConfigError.
 */
import { stacksOf } from "../../cli/plan/stacks";
import { resolveAppliances } from "../../stacks/schema/appliances";
import { ConfigError, type ConfigProblem } from "../../stacks/schema/errors";
import { loadSpokeRequest } from "../../stacks/schema/spoke";
import { loadStackContext } from "../../stacks/schema/stack-config";
import { readYamlFile } from "../../stacks/schema/yaml-file";

export type Outcome =
    | { readonly kind: "refused"; readonly problems: readonly ConfigProblem[] }
    /** `fingerprint`: what the stacks would be given (parsed, with defaults), as JSON. */
    | { readonly kind: "accepted"; readonly fingerprint: string }
    | { readonly kind: "crashed"; readonly error: unknown };

/** Validates environment `env` of the project at `root`, as far as it goes before any resource. */
export function validateProject(root: string, env: string): Outcome {
    const problems: ConfigProblem[] = [];
    const collect = (fn: () => void): boolean => {
        try {
            fn();
            return true;
        } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            problems.push(...error.problems);
            return false;
        }
    };
    const given: unknown[] = [];
    try {
        let stacks: ReturnType<typeof stacksOf> = [];
        if (!collect(() => (stacks = stacksOf(env, root)))) return { kind: "refused", problems };
        for (const stack of stacks) {
            collect(() => {
                const context = loadStackContext(stack.name, stack.config, root);
                given.push([
                    stack.name,
                    context.role,
                    context.regionKey,
                    context.region,
                    context.environment,
                ]);
                if (context.role === "spoke") given.push(loadSpokeRequest(context));
                if (context.role === "security") {
                    given.push(
                        resolveAppliances(
                            context.environment,
                            readYamlFile(context.environmentFile, root),
                            context.regionKey,
                        ),
                    );
                }
            });
        }
    } catch (error) {
        return { kind: "crashed", error };
    }
    return problems.length > 0
        ? { kind: "refused", problems }
        : { kind: "accepted", fingerprint: JSON.stringify(given) };
}
