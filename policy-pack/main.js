/**
 * The pack's entry point as `pulumi preview --policy-pack policy-pack` runs it. The Pulumi CLI
 * registers ts-node with type-checking for every TypeScript policy pack, whatever the pack's config
 * (@pulumi/pulumi cmd/run-policy-pack/run.js: `typeCheck: true`): 5 to 10 seconds more per preview.
 * `npm run lint` type-checks the pack; here the project's transpile-only loader (cli/register.js,
 * esbuild) takes over `.ts` files before the pack loads.
 */
"use strict";
const Module = require("node:module");

delete Module._extensions[".ts"];
require("../cli/register.js");
module.exports = require("./index.ts");
