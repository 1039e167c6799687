export * from "./aws-context";
export * from "./flow-logs";
export * from "./log-bucket";
export * from "./log-group";
export * from "./log-key";
export * from "./resource-share";
export * from "./required-flows";
export * from "./availability-zones";
