export * from "./private-zone";
export * from "./resolver-hub";
