/**
 * The command line of `npm run bench` (see cli/plan/bench.ts). It runs the plan as `npm run plan`
 * does: the policy pack is started first, and the SDK and the program load while it starts.
 */
import "./compile-cache";
import "./source-maps-off";
import {
    HelpRequested,
    intFlag,
    parseCommandLine,
    UsageError,
    type FlagSpecs,
    type FlagValues,
} from "../args";
import { startPolicyThread } from "./pack-start";

/** The most spokes the benchmark generates (their /21s fit in 10.0.0.0/8 beside dev's hub). */
const MAX_SPOKES = 2000;

const USAGE = `usage: npm run bench -- [--spokes N] [--workers N] [--no-policy] [--keep] [-h|--help]
  --spokes N   generated spokes, 1 to ${MAX_SPOKES} (default 10)
  --workers N  threads evaluating stacks (default: as the plan chooses)
  --no-policy  plan without the policy pack
  --keep       keep the generated folder and print its path
  -h, --help   print this help`;

/** Exits 2 with `message` and the usage. */
function usage(message: string): never {
    console.error(`error: ${message}\n${USAGE}`);
    process.exit(2);
}

const FLAGS: FlagSpecs = {
    spokes: { type: "string", expects: `a whole number of spokes from 1 to ${MAX_SPOKES}` },
    workers: { type: "string", expects: "a whole number of threads from 1 to 64" },
    "no-policy": { type: "boolean" },
    keep: { type: "boolean" },
    help: { type: "boolean" },
};

let spokes = 10;
let workers: number | undefined;
let values: FlagValues = {};
try {
    values = parseCommandLine(process.argv.slice(2), FLAGS, { script: "bench" }).values;
    if (values.spokes !== undefined)
        spokes = intFlag("spokes", values.spokes as string, 1, MAX_SPOKES, "the number of generated spokes");
    if (values.workers !== undefined)
        workers = intFlag(
            "workers",
            values.workers as string,
            1,
            64,
            "the number of threads evaluating stacks",
        );
} catch (error) {
    if (error instanceof HelpRequested) {
        console.log(USAGE);
        process.exit(0);
    }
    if (!(error instanceof UsageError)) throw error;
    usage(error.message);
}
const early = values["no-policy"] ? undefined : startPolicyThread(undefined);

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the pack is starting
const { runBench } = require("./bench") as typeof import("./bench");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the SDK, after the pack
const { withoutStackTraces } = require("./traces") as typeof import("./traces");
withoutStackTraces();
runBench(
    {
        spokes,
        ...(workers === undefined ? {} : { workers }),
        noPolicy: values["no-policy"] === true,
        keep: values.keep === true,
    },
    early,
).then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
