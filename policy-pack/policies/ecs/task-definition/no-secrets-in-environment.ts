import { resourcePolicy } from "../../../lib/policy";
import { list, record, str } from "../../../lib/props";
import { containersOf, TASK_DEFINITION } from "./containers";

/** Variable names that carry credentials (matched case-insensitively). */
export const SECRET_NAME_PATTERNS = [
    "^AWS_ACCESS_KEY_ID$",
    "^AWS_SECRET_ACCESS_KEY$",
    "^ECS_ENGINE_AUTH_DATA$",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "TOKEN",
    "API_?KEY",
    "PRIVATE_?KEY",
    "CREDENTIAL",
];

/**
 * ECS containers must not pass secrets as plain environment variables. Plain values show in the task
 * definition to anyone who may describe it; `secrets` (valueFrom Secrets Manager or SSM Parameter
 * Store) hands them to the container only.
 */
export const ecsTaskDefinitionNoSecretsInEnvironment = resourcePolicy<{ secretNamePatterns: string[] }>({
    name: "ecs-task-definition-no-secrets-in-environment",
    description: "ECS containers must not pass secrets as plain environment variables.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["ECS.8"] },
    configSchema: {
        properties: {
            secretNamePatterns: {
                type: "array",
                items: { type: "string" },
                default: SECRET_NAME_PATTERNS,
                description: "Regular expressions (case-insensitive) for variable names that hold secrets.",
            },
        },
    },
    resourceTypes: [TASK_DEFINITION],
    check: (props, { config }) => {
        const patterns = config.secretNamePatterns.map((p) => new RegExp(p, "i"));
        return (containersOf(props) ?? []).flatMap((c) =>
            list(c.definition.environment)
                .map((e) => str(record(e).name))
                .filter((name): name is string => name !== undefined && patterns.some((p) => p.test(name)))
                .map(
                    (name) =>
                        `container '${c.name}' passes ${name} as a plain environment variable; move it to secrets (valueFrom Secrets Manager or SSM).`,
                ),
        );
    },
});
