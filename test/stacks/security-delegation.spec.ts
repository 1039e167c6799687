/**
 * The security stack's designations as delegated administrator: the calls only the organization's
 * management account may make, through a provider of that account, ordered the way AWS needs them
 * (the administrator's own Security Hub before the designation that would enable it; the
 * organization configurations after it). Runs the suite's own dev environment with `detection` set.
 */
import { expect } from "chai";
import type { Document } from "yaml";
import { StackRunError } from "../../cli/mock-cloud/run";
import type { RecordedResource } from "../../cli/mock-cloud/run";
import { ConfigError } from "../../stacks/schema/errors";
import { copyProject, runFixtureStack, type Recorded } from "../harness";

const SECURITY = "222222222222";
// The suite's dev organization: arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5.
const MANAGEMENT = "999999999999";
const MANAGEMENT_ROLE = `arn:aws:iam::${MANAGEMENT}:role/hub-network-delegation`;

const setDetection =
    (value: Record<string, unknown>) =>
    (doc: Document): void => {
        doc.set("detection", doc.createNode(value));
    };

/** The provider resource a resource was created through (undefined for the stack's default). */
function providerOf(run: Recorded, resource: RecordedResource): RecordedResource | undefined {
    if (!resource.provider) return undefined;
    const urn = resource.provider.split("::").slice(0, -1).join("::");
    return run.resources.find((r) => r.urn === urn);
}

describe("security stack: delegated administrator designations", function () {
    describe("with a management account role", () => {
        let run: Recorded;
        before(async () => {
            const root = copyProject({
                "stacks/environments/dev.yaml": setDetection({
                    enabled: true,
                    managementRoleArn: MANAGEMENT_ROLE,
                }),
            });
            run = await runFixtureStack("security-dev", { root });
        });

        it("makes the designations through a provider pinned to the management account, in the stack's region", () => {
            const designations = [
                run.find(
                    "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
                    "threat-detection-guardduty-admin",
                ),
                run.find(
                    "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
                    "threat-detection-security-hub-admin",
                ),
                run.find(
                    "aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount",
                    "audit-delegated-admin",
                ),
            ];
            expect(designations.map((d) => d.inputs.adminAccountId ?? d.inputs.accountId)).to.deep.equal([
                SECURITY,
                SECURITY,
                SECURITY,
            ]);
            for (const designation of designations) {
                const provider = providerOf(run, designation);
                expect(provider?.type).to.equal("pulumi:providers:aws");
                expect(provider?.inputs.region).to.equal("eu-west-1");
                expect(JSON.parse(String(provider?.inputs.allowedAccountIds))).to.deep.equal([MANAGEMENT]);
                const chain = JSON.parse(String(provider?.inputs.assumeRoles)) as { roleArn: string }[];
                expect(chain[chain.length - 1].roleArn).to.equal(MANAGEMENT_ROLE);
            }
            // Everything else stays in the security account: the detector and the hub too.
            for (const own of [
                run.find("aws:guardduty/detector:Detector", "threat-detection-detector"),
                run.find("aws:securityhub/account:Account", "threat-detection-security-hub"),
                run.find("aws:cloudtrail/trail:Trail", "audit-trail"),
            ]) {
                expect(own.provider ?? "").to.not.contain("::management::");
            }
        });

        it("orders the calls as AWS needs: own Security Hub, then the designation, then the organization configurations", () => {
            const urn = (type: string, name: string) => run.find(type, name).urn;
            const hub = urn("aws:securityhub/account:Account", "threat-detection-security-hub");
            const guardDutyAdmin = urn(
                "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
                "threat-detection-guardduty-admin",
            );
            const securityHubAdmin = run.find(
                "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
                "threat-detection-security-hub-admin",
            );
            // Designation enables Security Hub in the administrator: its own EnableSecurityHub must come first.
            expect(securityHubAdmin.dependencies).to.include(hub);
            expect(
                run.find(
                    "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
                    "threat-detection-members",
                ).dependencies,
            ).to.include(guardDutyAdmin);
            expect(
                run.find(
                    "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
                    "threat-detection-security-hub-members",
                ).dependencies,
            ).to.include(securityHubAdmin.urn);
            const organization = run.find(
                "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
                "threat-detection-security-hub-members",
            );
            for (const member of run.all("aws:securityhub/member:Member")) {
                expect(member.dependencies).to.include(organization.urn);
            }
            expect(run.find("aws:cloudtrail/trail:Trail", "audit-trail").dependencies).to.include(
                urn(
                    "aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount",
                    "audit-delegated-admin",
                ),
            );
        });
    });

    it("makes the environment's existing network and spoke accounts Security Hub members, which auto-enable does not", async () => {
        const root = copyProject({ "stacks/environments/dev.yaml": setDetection({ enabled: true }) });
        const run = await runFixtureStack("security-dev", { root });
        const hub = run.find("aws:securityhub/account:Account", "threat-detection-security-hub");
        const members = run.all("aws:securityhub/member:Member");
        // The suite's dev environment: network 111111111111, spokes 333333333333, 444444444444, 555555555555.
        expect(members.map((m) => [m.name, m.inputs.accountId])).to.deep.equal([
            ["threat-detection-member-111111111111", "111111111111"],
            ["threat-detection-member-333333333333", "333333333333"],
            ["threat-detection-member-444444444444", "444444444444"],
            ["threat-detection-member-555555555555", "555555555555"],
        ]);
        const organization = run.find(
            "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
            "threat-detection-security-hub-members",
        );
        for (const member of members) {
            // Only once the account administers the organization (the configuration is the administrator's call).
            expect(member.dependencies).to.include.members([hub.urn, organization.urn]);
            expect(member.inputs).to.not.have.property("invite");
        }
        // New accounts of the organization: the organization configuration's auto-enable.
        expect(organization.inputs).to.include({ autoEnable: true });
    });

    it("declares no designation and no management provider without the role (designated by hand)", async () => {
        const root = copyProject({ "stacks/environments/dev.yaml": setDetection({ enabled: true }) });
        const run = await runFixtureStack("security-dev", { root });
        expect(run.all("pulumi:providers:aws").map((p) => p.name)).to.not.include("management");
        expect(
            run.resources.filter((r) => /OrganizationAdminAccount|DelegatedAdminAccount/.test(r.type)),
        ).to.deep.equal([]);
        expect(run.all("aws:guardduty/detector:Detector")).to.have.length(1);
    });

    it("builds only the audit trail's registration when the organization runs GuardDuty and Security Hub", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": setDetection({
                enabled: true,
                findings: "organization",
                findingsAccount: "777777777777",
                managementRoleArn: MANAGEMENT_ROLE,
            }),
        });
        const run = await runFixtureStack("security-dev", { root });
        expect(
            run.resources.filter((r) => /^aws:(guardduty|securityhub)\//.test(r.type)).map((r) => r.type),
        ).to.deep.equal([]);
        expect(
            run.all("aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount"),
        ).to.have.length(1);
    });

    it("refuses a role outside the management account, before any resource", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": setDetection({
                enabled: true,
                managementRoleArn: `arn:aws:iam::${SECURITY}:role/hub-network-delegation`,
            }),
        });
        try {
            await runFixtureStack("security-dev", { root });
        } catch (error) {
            expect(error).to.be.instanceOf(StackRunError);
            const failed = error as StackRunError;
            expect(failed.cause).to.be.instanceOf(ConfigError);
            expect(failed.resources.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
            expect((failed.cause as Error).message).to.contain(
                `detection.managementRoleArn 'arn:aws:iam::${SECURITY}:role/hub-network-delegation' is not a role of the organization's management account ${MANAGEMENT} (organization.arn); only the management account can designate a delegated administrator: expected arn:aws:iam::${MANAGEMENT}:role/<name>`,
            );
            return;
        }
        throw new Error("expected the stack to fail");
    });
});
