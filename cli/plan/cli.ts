/**
 * The command line of `npm run plan` (see cli/plan/main.ts). Loading the SDK and the program takes a
 * second or two, and so does starting the policy pack: the pack is started first, so that the two
 * overlap. Only `--no-policy`, `--policy-config` and `--help` are looked at here (with them, the plan
 * starts the pack itself, or not at all); the whole command line is checked by the plan.
 */
import "./compile-cache";
import "./source-maps-off";
import { parseArgs } from "node:util";
import { startPolicyThread } from "./pack-start";

const argv = process.argv.slice(2);
const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
        "no-policy": { type: "boolean" },
        "policy-config": { type: "string" },
        help: { type: "boolean" },
    },
});
const early =
    values["no-policy"] || values["policy-config"] !== undefined || values.help || argv.includes("-h")
        ? undefined
        : startPolicyThread(undefined);

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the pack is starting
const { plan } = require("./main") as typeof import("./main");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the SDK, after the pack
const { withoutStackTraces } = require("./traces") as typeof import("./traces");
withoutStackTraces();
plan(argv, console.log, early).then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
