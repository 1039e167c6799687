/** The hub-network component package: named exports of every component and pure helper. */
export * from "./dns";
export * from "./network";
export * from "./shared";
export * from "./workloads";
