/**
 * `node --require ./cli/register.js cli/policy/compare.ts --pack DIR [--env dev] [--update]`: runs
 * the shipped pack and another copy of it (`--pack`, e.g. an earlier commit's `policy-pack` folder)
 * over the same stacks and over variants of them that break the stacks in many ways (resources removed
 * type by type and at regular intervals, booleans flipped, CIDRs opened to the world, keys dropped),
 * and prints every finding that one pack reports and the other does not. Exits 1 when they differ.
 */
import { parseArgs } from "node:util";
import * as path from "node:path";
import type { AnalyzerDiagnostic } from "./analyzer";
import { PlanPolicy } from "../plan/policy";
import { runStacks, type StackResult } from "../plan/run";
import { stacksOf } from "../plan/stacks";
import { withoutStackTraces } from "../plan/traces";

const PROJECT = "hub-network";

type Props = Record<string, unknown>;

/** `value` with every boolean flipped. */
function flipped(value: unknown): unknown {
    if (typeof value === "boolean") return !value;
    if (Array.isArray(value)) return value.map(flipped);
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flipped(v)]));
    }
    return value;
}

/** `value` with every CIDR-looking string replaced by the whole internet. */
function opened(value: unknown): unknown {
    if (typeof value === "string") return /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(value) ? "0.0.0.0/0" : value;
    if (Array.isArray(value)) return value.map(opened);
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, opened(v)]));
    }
    return value;
}

/** `props` without every other key. */
const thinned = (props: Props): Props =>
    Object.fromEntries(
        Object.keys(props)
            .sort()
            .filter((_, i) => i % 2 === 0)
            .map((k) => [k, props[k]]),
    );

type Variant = { name: string; change: (result: StackResult) => StackResult };

function withResources(
    result: StackResult,
    change: (
        resources: NonNullable<StackResult["run"]>["resources"],
    ) => NonNullable<StackResult["run"]>["resources"],
): StackResult {
    return { ...result, run: { ...result.run!, resources: change(result.run!.resources) } };
}

function variants(results: readonly StackResult[]): Variant[] {
    const types = [...new Set(results.flatMap((r) => r.run?.resources.map((x) => x.type) ?? []))].sort();
    const list: Variant[] = [{ name: "as evaluated", change: (r) => r }];
    for (const type of types) {
        list.push({
            name: `without ${type}`,
            change: (r) => withResources(r, (rs) => rs.filter((x) => x.type !== type)),
        });
    }
    for (const [every, offset] of [
        [2, 0],
        [2, 1],
        [3, 0],
        [3, 1],
        [3, 2],
        [5, 0],
        [7, 3],
    ]) {
        list.push({
            name: `without every ${every}th resource from ${offset}`,
            change: (r) => withResources(r, (rs) => rs.filter((_, i) => i % every !== offset)),
        });
    }
    const perturbations: [string, (p: Props) => Props][] = [
        ["booleans flipped", (p) => flipped(p) as Props],
        ["CIDRs opened", (p) => opened(p) as Props],
        ["keys thinned", thinned],
    ];
    for (const [name, perturb] of perturbations) {
        for (const modulo of [1, 2]) {
            list.push({
                name: `${name} in ${modulo === 1 ? "every" : "every other"} resource`,
                change: (r) =>
                    withResources(r, (rs) =>
                        rs.map((x, i) =>
                            i % modulo === 0
                                ? { ...x, inputs: perturb(x.inputs), outputs: perturb(x.outputs) }
                                : x,
                        ),
                    ),
            });
        }
    }
    return list;
}

const key = (d: AnalyzerDiagnostic & { stack: string }): string =>
    [d.stack, d.policyName, d.enforcementLevel, d.urn ?? "", d.message].join(" | ");

async function findings(
    policy: PlanPolicy,
    results: readonly StackResult[],
    preview: boolean,
): Promise<string[]> {
    const all: string[] = [];
    for (const result of results) {
        for (const f of await policy.analyze(result, PROJECT, preview)) all.push(key(f));
    }
    return all.sort();
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: {
            pack: { type: "string" },
            env: { type: "string", default: "dev" },
            update: { type: "boolean" },
        },
    });
    if (!values.pack) {
        console.error("usage: compare.ts --pack DIR [--env ENV] [--update]");
        return 2;
    }
    const preview = !values.update;
    const results = (await runStacks(values.env!, stacksOf(values.env!), preview)).filter((r) => r.run);
    const [ours, theirs] = await Promise.all([
        PlanPolicy.start(undefined),
        PlanPolicy.start(undefined, path.resolve(values.pack)),
    ]);
    let differences = 0;
    let total = 0;
    try {
        for (const variant of variants(results)) {
            const changed = results.map(variant.change);
            const [a, b] = await Promise.all([
                findings(ours, changed, preview),
                findings(theirs, changed, preview),
            ]);
            total += a.length;
            const onlyA = a.filter((f) => !b.includes(f));
            const onlyB = b.filter((f) => !a.includes(f));
            const same = onlyA.length === 0 && onlyB.length === 0 && a.length === b.length;
            console.log(`${same ? "same" : "DIFFERENT"}  ${String(a.length).padStart(5)}  ${variant.name}`);
            for (const f of onlyA) console.log(`  only in the shipped pack: ${f}`);
            for (const f of onlyB) console.log(`  only in ${values.pack}: ${f}`);
            if (!same) differences++;
        }
    } finally {
        await Promise.all([ours.close(), theirs.close()]);
    }
    console.log(`${differences} variant(s) differ; ${total} findings compared`);
    return differences === 0 ? 0 : 1;
}

if (require.main === module) {
    withoutStackTraces();
    main().then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(error instanceof Error ? error.stack : String(error));
            process.exit(1);
        },
    );
}
