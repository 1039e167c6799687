/**
 * Turns a recorded stack run (test/harness) into what the policy framework hands policies, and runs
 * every policy of the pack over it: resource policies see each resource's inputs (values unknown in a
 * preview as the engine's unknown marker), stack policies see every resource's state (unknown values
 * absent) with parents, dependencies and property dependencies.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Severity } from "@pulumi/policy";
import type { StackResource } from "../../policy-pack/lib/policy";
import { resourcePolicies, stackPolicies } from "../../policy-pack/policies";
import type { StackRun } from "../harness";

/** What the analyses need of a recorded run: its resources. */
type Run = Pick<StackRun, "resources">;
import { resourceViolations, stackViolations, UNKNOWN_VALUE } from "./support";

/** One diagnostic, as the engine would print it. */
export interface Finding {
    readonly policy: string;
    readonly level: string;
    readonly severity: Severity;
    readonly message: string;
    readonly urn?: string;
}

function mapValues(value: unknown, unknown: (v: unknown) => unknown): unknown {
    if (pulumi.isUnknown(value)) return unknown(value);
    if (Array.isArray(value)) return value.map((v) => mapValues(v, unknown));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .map(([k, v]) => [k, mapValues(v, unknown)] as const)
                .filter(([, v]) => v !== undefined),
        );
    }
    return value;
}

/** The stack resources of a run, as stack policies see them. */
export function stackResourcesOfRun(run: Run): StackResource[] {
    return run.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: mapValues({ ...r.inputs, ...r.outputs }, () => undefined) as Record<string, unknown>,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    }));
}

/** Every finding of every policy of the pack over a run, at the policies' default levels. */
export async function analyzeRun(run: Run, config: Record<string, Record<string, unknown>> = {}) {
    const findings: Finding[] = [];
    for (const policy of resourcePolicies) {
        for (const r of run.resources.filter((x) => x.custom)) {
            const props = mapValues(r.inputs, () => UNKNOWN_VALUE) as Record<string, unknown>;
            for (const message of await resourceViolations(
                policy,
                r.type,
                props,
                config[policy.name],
                r.name,
            )) {
                findings.push({
                    policy: policy.name,
                    level: policy.enforcementLevel ?? "advisory",
                    severity: policy.metadata.severity,
                    message,
                    urn: r.urn,
                });
            }
        }
    }
    const resources = stackResourcesOfRun(run);
    for (const policy of stackPolicies) {
        for (const v of await stackViolations(policy, resources, config[policy.name])) {
            findings.push({
                policy: policy.name,
                level: policy.enforcementLevel ?? "advisory",
                severity: policy.metadata.severity,
                ...v,
            });
        }
    }
    return findings;
}

const runs = new Map<string, Promise<StackResource[]>>();

/** The stack resources of network-dev (cached per mode): a compliant multi-resource baseline. */
export function networkDev(preview: boolean): Promise<StackResource[]> {
    const key = String(preview);
    if (!runs.has(key)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { runFixtureStack } = require("../harness") as typeof import("../harness");
        runs.set(
            key,
            runFixtureStack("network-dev", { preview }).then((run) => stackResourcesOfRun(run)),
        );
    }
    return runs.get(key)!;
}

/** A copy of `resources` where each resource `select` picks is replaced by `change(resource)`. */
export function mutate(
    resources: readonly StackResource[],
    select: (r: StackResource) => boolean,
    change: (r: StackResource) => StackResource | undefined,
): StackResource[] {
    return resources.flatMap((r) => {
        if (!select(r)) return [r];
        const changed = change(r);
        return changed ? [changed] : [];
    });
}
