/**
 * The types the pack gives the policy framework to skip policies by: a resource policy of one type is
 * skipped for resources of other types, a stack policy with a subject type for stacks without a
 * resource of that type. Skipping must not change what a policy finds.
 */
import { expect } from "chai";
import type { StackResource } from "../../policy-pack/lib/policy";
import { resourcePolicies, stackPolicies } from "../../policy-pack/policies";
import { runStacks } from "../../cli/plan/run";
import { stacksOf } from "../../cli/plan/stacks";
import { FIXTURE_ROOT } from "../harness/fixture";
import { stackResourcesOfRun } from "./recorded";
import { stackViolations } from "./support";

/** The type the framework reads off a validation function (what `validateResourceOfType` sets). */
const getPulumiType = (fn: unknown): string | undefined =>
    (fn as { __pulumiType?: string } | undefined)?.__pulumiType;

/** `value` with every boolean flipped: breaks most settings the stack policies look at. */
function flipped(value: unknown): unknown {
    if (typeof value === "boolean") return !value;
    if (Array.isArray(value)) return value.map(flipped);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flipped(v)]));
    }
    return value;
}

/** Stacks as evaluated, with every boolean flipped, and with every third resource gone. */
function variants(resources: readonly StackResource[]): (readonly StackResource[])[] {
    return [
        resources,
        resources.map((r) => ({ ...r, props: flipped(r.props) as StackResource["props"] })),
        resources.filter((_, i) => i % 3 !== 1),
    ];
}

describe("the types the policy framework skips policies by", function () {
    this.timeout(240000);

    it("marks every resource policy of one type with it, and no policy of several types", () => {
        for (const policy of resourcePolicies) {
            const marked = getPulumiType(policy.validateResource);
            expect(marked, policy.name).to.equal(
                policy.resourceTypes.length === 1 ? policy.resourceTypes[0] : undefined,
            );
        }
    });

    it("marks every stack policy with its subject type, if it has one", () => {
        for (const policy of stackPolicies) {
            expect(getPulumiType(policy.validateStack), policy.name).to.equal(policy.subjectType);
        }
        expect(stackPolicies.filter((p) => p.subjectType).length).to.be.greaterThan(10);
    });

    for (const preview of [false, true]) {
        it(`finds nothing without a resource of the subject type, in every dev stack (${preview ? "preview" : "update"})`, async () => {
            const results = await runStacks("dev", stacksOf("dev", FIXTURE_ROOT), preview, undefined, {
                root: FIXTURE_ROOT,
            });
            expect(results.map((r) => r.error).filter((e) => e !== undefined)).to.deep.equal([]);
            let withSubjects = 0;
            for (const { stack, run } of results) {
                for (const resources of variants(stackResourcesOfRun(run!))) {
                    for (const policy of stackPolicies.filter((p) => p.subjectType)) {
                        withSubjects += (await stackViolations(policy, resources)).length;
                        const without = resources.filter((r) => r.type !== policy.subjectType);
                        expect(
                            await stackViolations(policy, without),
                            `${stack.name}: ${policy.name}`,
                        ).to.deep.equal([]);
                    }
                }
            }
            // The variants break the stacks: with their subjects, the policies find something.
            expect(withSubjects).to.be.greaterThan(0);
        });
    }
});
