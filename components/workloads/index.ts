/** Spoke workloads: the web ACL, user pool, Lambda REST API and ECS HTTP API components. */
export * from "./web-acl";
