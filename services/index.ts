/**
 * The workload code's interface for the infrastructure: container image builds, Lambda archives and
 * the contract (ports, paths, env names, table key, DynamoDB actions, handlers, routes).
 */
export * from "./contract";
export { bundleLambda, lambdaArchive, lambdaArchiveWithConfig, type LambdaEntry } from "./bundle";
export {
    containerImage,
    SERVICE_COLLECTIONS,
    type ContainerBuild,
    type ContainerServiceName,
} from "./images";
export { ITEM_JSON_SCHEMA } from "./items-lambda/schema";
