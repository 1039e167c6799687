/**
 * Test harness: runs real stack programs and components under Pulumi's mock runtime (the mock cloud
 * in cli/mock-cloud) and gives tests a recorded resource list with lookup helpers.
 *
 * Stacks run from the suite's own project, {@link FIXTURE_ROOT}, never from the shipped example files
 * in the repository's `stacks/`: an adopter replaces those, and the suite must stay green when they do.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseDocument, type Document } from "yaml";
import { readStackConfig, stacksOf } from "../../cli/plan/stacks";
import { runStack, type RecordedResource, type StackRun } from "../../cli/mock-cloud/run";
import { program } from "../../stacks/program";
import { FIXTURE_ROOT } from "./fixture";

export { FIXTURE_ROOT };

export type { RecordedResource, StackRun };

/** A stack run with lookups over what it registered. */
export interface Recorded extends StackRun {
    /** Every resource of `type` (a token such as `aws:ec2/subnet:Subnet`). */
    all(type: string): RecordedResource[];
    /** The one resource of `type` named `name`; fails the test when there is none. */
    find(type: string, name: string): RecordedResource;
    /** The resource with this URN. */
    byUrn(urn: string): RecordedResource;
    /** Count of resources per type. */
    counts(): Record<string, number>;
}

/** True for a value that is unknown in a preview (an ID or computed attribute not yet known). */
export const isUnknown = (value: unknown): boolean => pulumi.isUnknown(value);

/** Reads `stacks/config/Pulumi.<stack>.yaml` of `root` (default: the fixture) into Pulumi's flat config map. */
export const stackConfig = (stack: string, root = FIXTURE_ROOT): Record<string, string> =>
    readStackConfig(stack, root);

/** How {@link runFixtureStack} runs a stack. */
export interface FixtureStackOptions {
    readonly preview?: boolean;
    readonly overrides?: Record<string, string>;
    readonly stackOutputs?: Record<string, Record<string, unknown>>;
    /** The project folder whose `stacks/` holds the files (default {@link FIXTURE_ROOT}). */
    readonly root?: string;
}

/**
 * Runs of stacks by their inputs: a run is deterministic, so every spec that asks for the same stack
 * with the same options shares one run (records are read, never changed, by the specs).
 */
const fixtureRuns = new Map<string, Promise<Recorded>>();

/**
 * Runs a stack of the fixture project from its config file (optionally with config overrides, or
 * from another project folder, such as a {@link copyProject} copy, under `root`).
 */
export function runFixtureStack(stack: string, options: FixtureStackOptions = {}): Promise<Recorded> {
    const root = options.root ?? FIXTURE_ROOT;
    const key = JSON.stringify([
        stack,
        options.preview ?? false,
        options.overrides,
        root,
        options.stackOutputs,
    ]);
    let run = fixtureRuns.get(key);
    if (!run) {
        run = runFixtureStackUncached(stack, { ...options, root });
        fixtureRuns.set(key, run);
    }
    return run;
}

async function runFixtureStackUncached(stack: string, options: FixtureStackOptions): Promise<Recorded> {
    const config = { ...stackConfig(stack, options.root), ...options.overrides };
    const allowed = config["aws:allowedAccountIds"]
        ? (JSON.parse(config["aws:allowedAccountIds"]) as string[])
        : [];
    return record(
        await runStack({
            project: "hub-network",
            stack,
            config,
            preview: options.preview ?? false,
            accountId: allowed[0] ?? "123456789012",
            region: config["aws:region"] ?? "eu-west-1",
            stackOutputs: options.stackOutputs,
            program: () => program(stack, config, options.root),
        }),
    );
}

/**
 * Runs every stack of environment `env` (from `root`, default the fixture project) in dependency order, each
 * stack's exports feeding the StackReferences of the stacks after it; `only` limits the run to some
 * stacks and what they may reference. Returns the runs by stack name.
 */
export async function runEnvironment(
    env: string,
    options: { preview?: boolean; root?: string; only?: (stack: string) => boolean } = {},
): Promise<Record<string, Recorded>> {
    const all = stacksOf(env, options.root ?? FIXTURE_ROOT);
    const wanted = all.filter((s) => options.only?.(s.name) ?? true);
    const deepest = Math.max(...wanted.map((s) => s.level));
    const runs: Record<string, Recorded> = {};
    const outputs: Record<string, Record<string, unknown>> = {};
    for (const stack of all.filter((s) => wanted.includes(s) || s.level < deepest)) {
        // Earlier levels always run in update mode: a deployed stack's exports are known.
        const preview = wanted.includes(stack) ? options.preview : false;
        const run = await runFixtureStack(stack.name, {
            preview,
            root: options.root,
            stackOutputs: { ...outputs },
        });
        outputs[stack.name] = run.outputs;
        if (wanted.includes(stack)) runs[stack.name] = run;
    }
    return runs;
}

/**
 * A temporary copy of the `stacks/config` and `stacks/environments` of `from` (default the fixture
 * project), with `edits` applied to the YAML files they name (paths relative to the project root,
 * e.g. `stacks/environments/dev.yaml`; a file that does not exist yet is created empty first).
 * Returns the copy's root.
 */
export function copyProject(
    edits: Readonly<Record<string, (doc: Document) => void>> = {},
    from = FIXTURE_ROOT,
): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-"));
    for (const dir of ["stacks/config", "stacks/environments"]) {
        fs.cpSync(path.join(from, dir), path.join(root, dir), { recursive: true });
    }
    for (const [file, edit] of Object.entries(edits)) {
        const full = path.join(root, file);
        const doc = parseDocument(fs.existsSync(full) ? fs.readFileSync(full, "utf8") : "{}");
        edit(doc);
        fs.writeFileSync(full, doc.toString());
    }
    return root;
}

/** Runs `build` (which declares components) as a stack program under mocks. */
export async function runProgram(
    build: () => Record<string, unknown> | void | Promise<Record<string, unknown> | void>,
    options: { preview?: boolean; accountId?: string; region?: string; stack?: string } = {},
): Promise<Recorded> {
    return record(
        await runStack({
            project: "hub-network",
            stack: options.stack ?? "test",
            config: {},
            preview: options.preview ?? false,
            accountId: options.accountId ?? "111111111111",
            region: options.region ?? "eu-west-1",
            program: async () => (await build()) ?? {},
        }),
    );
}

/** A stack run with the lookups of {@link Recorded}. */
export function record(run: StackRun): Recorded {
    const all = (type: string) => run.resources.filter((r) => r.type === type);
    return {
        ...run,
        all,
        find(type, name) {
            const found = all(type).filter((r) => r.name === name);
            if (found.length !== 1) {
                const names = all(type)
                    .map((r) => r.name)
                    .join(", ");
                throw new Error(
                    `expected one ${type} named ${name}, found ${found.length} (have: ${names || "none"})`,
                );
            }
            return found[0];
        },
        byUrn(urn) {
            const found = run.resources.find((r) => r.urn === urn);
            if (!found) throw new Error(`no resource with URN ${urn}`);
            return found;
        },
        counts() {
            const counts: Record<string, number> = {};
            for (const r of run.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
            return counts;
        },
    };
}
