import { expect } from "chai";
import type { StackResource } from "../../../../../policy-pack/lib/policy";
import { guarddutyRequiredStackRoles as policy } from "../../../../../policy-pack/policies/guardduty/organization/required-stack-roles";
import { copyProject, runFixtureStack } from "../../../../harness";
import { mutate, stackResourcesOfRun } from "../../../recorded";
import { stackDiagnostics, stackViolations } from "../../../support";

const DETECTOR = "aws:guardduty/detector:Detector";
const ORGANIZATION = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const REQUIRED = { stackRoles: ["security"] };

/** security-dev as stack policies see it, with detection on or off. */
async function securityDev(detection: boolean, preview = false): Promise<StackResource[]> {
    const root = copyProject({
        "stacks/environments/dev.yaml": (doc) => doc.set("detection", doc.createNode({ enabled: detection })),
    });
    return stackResourcesOfRun(await runFixtureStack("security-dev", { root, preview }));
}

describe("guardduty-organization-required-stack-roles", () => {
    for (const preview of [false, true]) {
        it(`passes a security stack with GuardDuty for the organization (${preview ? "preview" : "update"})`, async () => {
            expect(await stackViolations(policy, await securityDev(true, preview), REQUIRED)).to.deep.equal(
                [],
            );
        });
    }

    it("flags a security stack without GuardDuty where the config requires it, and only there", async () => {
        const off = await securityDev(false);
        expect(await stackViolations(policy, off, REQUIRED)).to.deep.equal([
            {
                message:
                    "this security stack declares no enabled GuardDuty detector; the policy config requires GuardDuty in security stacks: turn detection on (detection.enabled) or remove 'security' from stackRoles.",
            },
        ]);
        // Not configured (the default), or configured for other roles: nothing to say.
        expect(await stackViolations(policy, off)).to.deep.equal([]);
        expect(await stackViolations(policy, off, { stackRoles: ["network"] })).to.deep.equal([]);
        expect(
            await stackDiagnostics(policy, off, { enforcementLevel: "mandatory", ...REQUIRED }),
        ).to.have.length(1);
    });

    it("flags a suspended detector", async () => {
        const suspended = mutate(
            await securityDev(true),
            (r) => r.type === DETECTOR,
            (r) => ({ ...r, props: { ...r.props, enable: false } }),
        );
        expect((await stackViolations(policy, suspended, REQUIRED)).map((v) => v.message)).to.deep.equal([
            "this security stack declares no enabled GuardDuty detector; the policy config requires GuardDuty in security stacks: turn detection on (detection.enabled) or remove 'security' from stackRoles.",
        ]);
    });

    it("flags a detector that leaves the organization's member accounts out", async () => {
        const resources = await securityDev(true);
        const none = mutate(
            resources,
            (r) => r.type === ORGANIZATION,
            (r) => ({ ...r, props: { ...r.props, autoEnableOrganizationMembers: "NONE" } }),
        );
        const [violation] = await stackViolations(policy, none, REQUIRED);
        expect(violation.message).to.equal(
            "this security stack's GuardDuty organization configuration sets autoEnableOrganizationMembers to NONE: member accounts are not enabled; set it to ALL (or NEW).",
        );
        expect(violation.urn).to.equal(resources.find((r) => r.type === ORGANIZATION)?.urn);
        const missing = mutate(
            resources,
            (r) => r.type === ORGANIZATION,
            () => undefined,
        );
        expect((await stackViolations(policy, missing, REQUIRED)).map((v) => v.message)).to.deep.equal([
            "this security stack's GuardDuty detector has no organization configuration: the organization's member accounts are not monitored; add an aws.guardduty.OrganizationConfiguration with autoEnableOrganizationMembers ALL.",
        ]);
    });
});
