/** Spoke workloads: the web ACL, user pool, Lambda REST API and ECS HTTP API components. */
export * from "./alarms";
export * from "./api-routes";
export * from "./ecs-api";
export { ecsListenerPort } from "./ecs-api-validation";
export * from "./ecs-http-api";
export * from "./ecs-service";
export * from "./items-table";
export * from "./keys";
export * from "./lambda-api";
export * from "./network";
export * from "./rest-stage";
export * from "./user-pool";
export * from "./web-acl";
