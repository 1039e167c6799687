/** Spoke workloads: the web ACL, user pool, Lambda REST API and ECS HTTP API components. */
export * from "./user-pool";
export * from "./web-acl";
