export * from "./failover-record";
export * from "./private-zone";
export * from "./resolver-hub";
export * from "./spoke-dns";
export * from "./spoke-zone";
