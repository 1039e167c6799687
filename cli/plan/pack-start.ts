/**
 * Starting the policy pack for a plan. It takes a second or two, so the plan's command line starts it
 * first thing, before it loads the SDK and the program; this module loads neither.
 */
import type { PolicyConfigFile } from "../policy/config";
import { transpiledPack } from "../policy/pack";
import { PolicyThread } from "../policy/thread";

/**
 * Node.js flags of the pack's processes in a plan: the young generation of the plan's own threads (see
 * `npm run plan` in package.json), which the pack's allocation of short-lived messages benefits from.
 */
const PACK_NODE_FLAGS = ["--max-semi-space-size=64"];

/**
 * Starts `packs` processes of the pack in `packDir` (the shipped one by default), served to a client
 * thread, configured with `given` (the policy config file); `execArgv` adds Node.js flags to them.
 */
export function startPolicyThread(
    given: PolicyConfigFile | undefined,
    packs = 1,
    packDir?: string,
    execArgv: readonly string[] = [],
): PolicyThread {
    return new PolicyThread(transpiledPack(packDir), given, [...PACK_NODE_FLAGS, ...execArgv], packs);
}
