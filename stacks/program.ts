import { networkStack } from "./network";
import { securityStack } from "./security";
import { spokeStack } from "./spoke";
import { loadStackContext } from "./schema/stack-config";
import { PROJECT_ROOT } from "./schema/yaml-file";

/** Stack outputs, by export name. */
export type StackOutputs = Record<string, unknown>;

/**
 * Runs the program of stack `stack` with its flat config. Config problems throw a ConfigError (a
 * RunError: Pulumi prints the message, no stack trace) before any resource is declared. `root` is
 * the project folder whose `stacks/` holds the config and environment files.
 */
export async function program(
    stack: string,
    config: Readonly<Record<string, string>>,
    root = PROJECT_ROOT,
): Promise<StackOutputs> {
    const context = loadStackContext(stack, config, root);
    switch (context.role) {
        case "network":
            return networkStack(context);
        case "spoke":
            return spokeStack(context);
        case "security":
            return securityStack(context);
    }
}
