/**
 * Container images of the services, for `awsx.ecr.Image`:
 *
 * ```ts
 * const build = containerImage("petstore");
 * new awsx.ecr.Image(`${name}-petstore`, { repositoryUrl: repo.repositoryUrl, ...build }, { parent: this });
 * ```
 *
 * The build context is the whole `services/` directory (the Dockerfile copies the shared library next
 * to the service); the image runs as a non-root user, writes nothing outside `/tmp`, and listens on
 * `SERVICE_PORT` with its health check at `HEALTH_CHECK_PATH` (services/contract.ts).
 */
import * as path from "node:path";

/** The container services. */
export type ContainerServiceName = "petstore" | "foodstore";

/** Collection (first path segment) each service serves. */
export const SERVICE_COLLECTIONS: Readonly<Record<ContainerServiceName, string>> = {
    petstore: "pets",
    foodstore: "food",
};

/** Docker build settings of a service image. */
export interface ContainerBuild {
    /** Absolute path of the build context (`services/`). */
    readonly context: string;
    /** Absolute path of the service's Dockerfile. */
    readonly dockerfile: string;
    /** Target platform (Fargate's default architecture). */
    readonly platform: "linux/amd64";
}

/** Build settings for `name`'s image. */
export function containerImage(name: ContainerServiceName): ContainerBuild {
    return {
        context: __dirname,
        dockerfile: path.join(__dirname, name, "Dockerfile"),
        platform: "linux/amd64",
    };
}
