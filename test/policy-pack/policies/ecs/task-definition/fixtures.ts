/** A Fargate task definition as the ECS API declares one: the compliant baseline of the task definition specs. */
export const TYPE = "aws:ecs/taskDefinition:TaskDefinition";

export const compliantContainer = {
    name: "api",
    image: "111111111111.dkr.ecr.eu-west-1.amazonaws.com/items:1",
    essential: true,
    user: "1000:1000",
    readonlyRootFilesystem: true,
    privileged: false,
    portMappings: [{ containerPort: 8080, protocol: "tcp" }],
    environment: [{ name: "TABLE_NAME", value: "items" }],
    secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db" }],
    logConfiguration: {
        logDriver: "awslogs",
        options: {
            "awslogs-group": "/ecs/items",
            "awslogs-region": "eu-west-1",
            "awslogs-stream-prefix": "api",
        },
    },
};

/** A task definition whose containers are `containers` (the compliant one by default). */
export function taskDefinition(...containers: Record<string, unknown>[]): Record<string, unknown> {
    return {
        family: "items",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
        containerDefinitions: JSON.stringify(containers.length > 0 ? containers : [compliantContainer]),
    };
}

/** The compliant container with `changes` applied (an undefined value removes the field). */
export const container = (changes: Record<string, unknown>): Record<string, unknown> =>
    JSON.parse(JSON.stringify({ ...compliantContainer, ...changes })) as Record<string, unknown>;
