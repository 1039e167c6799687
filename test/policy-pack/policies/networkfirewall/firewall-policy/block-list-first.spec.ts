import { expect } from "chai";
import type { StackResource } from "../../../../../policy-pack/lib/policy";
import { firewallPolicyBlockListFirst as policy } from "../../../../../policy-pack/policies/networkfirewall/firewall-policy/block-list-first";
import { copyProject, runFixtureStack } from "../../../../harness";
import { mutate, stackResourcesOfRun } from "../../../recorded";
import { stackViolations } from "../../../support";

const POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";

/** network-dev with the block list on, as stack policies see it. */
async function withBlockList(preview: boolean): Promise<StackResource[]> {
    const root = copyProject({
        "stacks/environments/dev.yaml": (doc) => doc.set("detection", doc.createNode({ enabled: true })),
    });
    return stackResourcesOfRun(await runFixtureStack("network-dev", { root, preview }));
}

/** The policy's stateful references changed by `change`. */
function withReferences(
    resources: readonly StackResource[],
    change: (refs: Record<string, unknown>[], blockListArn: string) => Record<string, unknown>[],
): StackResource[] {
    const group = resources.find((r) => r.name === "inspection-block-list") as StackResource;
    return mutate(
        resources,
        (r) => r.type === POLICY,
        (r) => {
            const spec = r.props.firewallPolicy as Record<string, unknown>;
            const refs = spec.statefulRuleGroupReferences as Record<string, unknown>[];
            return {
                ...r,
                props: {
                    ...r.props,
                    firewallPolicy: {
                        ...spec,
                        statefulRuleGroupReferences: change(refs, String(group.props.arn)),
                    },
                },
            };
        },
    );
}

describe("networkfirewall-firewall-policy-block-list-first", () => {
    for (const preview of [false, true]) {
        it(`passes network-dev with the block list first (${preview ? "preview" : "update"})`, async () => {
            expect(await stackViolations(policy, await withBlockList(preview))).to.deep.equal([]);
        });

        it(`flags a policy that leaves the block list out (${preview ? "preview" : "update"})`, async () => {
            const resources = await withBlockList(preview);
            const group = resources.find((r) => r.name === "inspection-block-list") as StackResource;
            const broken = mutate(
                resources,
                (r) => r.type === POLICY,
                (r) => ({
                    ...r,
                    propertyDependencies: {
                        ...r.propertyDependencies,
                        firewallPolicy: (r.propertyDependencies.firewallPolicy ?? []).filter(
                            (u) => u !== group.urn,
                        ),
                    },
                    props: {
                        ...r.props,
                        firewallPolicy: {
                            ...(r.props.firewallPolicy as object),
                            statefulRuleGroupReferences: (
                                (r.props.firewallPolicy as Record<string, unknown>)
                                    .statefulRuleGroupReferences as Record<string, unknown>[]
                            ).filter(
                                (ref) => ref.resourceArn === undefined || ref.resourceArn !== group.props.arn,
                            ),
                        },
                    },
                }),
            );
            expect((await stackViolations(policy, broken)).map((v) => v.message)).to.deep.equal([
                "firewall policy 'inspection-policy' does not reference the block list 'inspection-block-list'; add it to statefulRuleGroupReferences with the lowest priority.",
            ]);
        });
    }

    it("flags a block list evaluated after an allow list (update)", async () => {
        const broken = withReferences(await withBlockList(false), (refs, arn) =>
            refs.map((r) => (r.resourceArn === arn ? { ...r, priority: 25 } : r)),
        );
        const [violation] = await stackViolations(policy, broken);
        expect(violation.message).to.match(
            /^firewall policy 'inspection-policy' evaluates the block list 'inspection-block-list' at priority 25, not before every other stateful group \(priorities 10, 20\); give it the lowest priority\.$/,
        );
    });
});
