/** The shared implementation of the container items services (petstore, foodstore). */
export { HEALTH_PATH, ItemsApi, type ItemsApiOptions } from "./app";
export { startServer, type RunningServer, type ServerOptions } from "./server";
export {
    runItemsService,
    serviceConfigFromEnv,
    type ItemsServiceDefinition,
    type ProcessHooks,
    type ServiceConfig,
} from "./service";
