/**
 * Imported first by the plan's entry points: keeps V8's compiled code for every module the plan loads
 * (the SDK, the AWS provider, the program) in Node's on-disk compile cache, so a plan after the first
 * spends its start-up running rather than compiling. Node 22.1 and later; a no-op before.
 */
import * as nodeModule from "node:module";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
