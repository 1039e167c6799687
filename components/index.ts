/**
 * The hub-network component package: named exports of the network, DNS and shared components and
 * their pure helpers. The example workloads (`components/workloads`) are not part of it: they deploy
 * the demo services of this repository, which need Docker and esbuild at deploy time.
 */
export * from "./dns";
export * from "./network";
export * from "./shared";
