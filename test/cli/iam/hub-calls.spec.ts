/**
 * Every call a spoke makes through its `hub` provider, evaluated against the role that provider
 * assumes: the fixture environments (all allowed), and fixtures of this spec's own (a role that lacks
 * a read the provider makes; a resource type with no row in the call table).
 */
import { expect } from "chai";
import { checkEnvironmentIam, type IamStack } from "../../../cli/iam/environment";
import { evaluateHubCalls, hubCallText } from "../../../cli/iam/hub-calls";
import { PROVIDER_CALLS } from "../../../cli/iam/provider-calls";
import { registrarConfigs, registrarEffects } from "../../../cli/iam/registrar-effects";
import { rolesOf } from "../../../cli/iam/roles";
import type { RecordedResource, StackRun } from "../../../cli/mock-cloud/run";
import { onboardingText } from "../../../cli/plan/iam";
import { stacksOf } from "../../../cli/plan/stacks";
import { ONBOARDING_MODEL } from "../../../components/network/spoke-onboarding-role";
import { loadEnvironment } from "../../../stacks/schema/stack-config";
import { FIXTURE_ROOT, runEnvironment } from "../../harness";

async function environmentStacks(env: string): Promise<IamStack[]> {
    const runs = await runEnvironment(env);
    return stacksOf(env, FIXTURE_ROOT).map((s) => ({
        name: s.name,
        role: s.role,
        config: s.config,
        accountId: JSON.parse(s.config["aws:allowedAccountIds"] ?? '["111111111111"]')[0] as string,
        run: runs[s.name],
    }));
}

/** `run` with the input `property` of the resources `match` selects replaced by `edit` of its value. */
function edited(
    run: StackRun,
    match: (r: RecordedResource) => boolean,
    property: string,
    edit: (v: unknown) => unknown,
): StackRun {
    return {
        ...run,
        resources: run.resources.map((r) =>
            match(r) ? { ...r, inputs: { ...r.inputs, [property]: edit(r.inputs[property]) } } : r,
        ),
    };
}

describe("calls through the hub provider", () => {
    for (const env of ["dev", "prod"]) {
        it(`are all allowed to the onboarding role in every spoke of ${env}`, async () => {
            const stacks = await environmentStacks(env);
            const report = await checkEnvironmentIam(
                stacks,
                loadEnvironment(env, undefined, FIXTURE_ROOT).environment,
            );
            expect(report.hubFindings.map(hubCallText)).to.deep.equal([]);
            // Per spoke: assume-role, then accept, associate, propagate and the zone, in four phases.
            expect(report.hubCalls).to.be.greaterThan(20 * stacks.filter((s) => s.role === "spoke").length);
        });
    }

    it("reports the onboarding model and its largest policy against the quota, as the plan prints it", async () => {
        const stacks = await environmentStacks("dev");
        const environment = loadEnvironment("dev", undefined, FIXTURE_ROOT).environment;
        const report = await checkEnvironmentIam(stacks, environment);
        const { onboarding } = report;
        expect(onboarding.model).to.equal(ONBOARDING_MODEL);
        expect(onboarding.listedAccounts).to.equal(environment.accounts.spokes.length);
        // Every listed account of the fixture has a spoke request, so the registrar knows each by name.
        expect(onboarding.registeredSpokes).to.equal(environment.accounts.spokes.length);
        const trust = stacks
            .find((s) => s.name === "network-dev")!
            .run.resources.find((r) => r.name === "spoke-onboarding-role")!.inputs.assumeRolePolicy;
        expect(onboarding.largest).to.include({ what: "role trust policy", stack: "network-dev" });
        expect(onboarding.largest!.size).to.equal(String(trust).replace(/\s/g, "").length);
        expect(onboarding.largest!.quota.limit).to.equal(2048);
        expect(onboardingText(onboarding)).to.equal(
            `Onboarding: ${ONBOARDING_MODEL}; ${environment.accounts.spokes.length} of ${environment.accounts.spokes.length} listed spoke account(s) known to the registrar; largest onboarding policy: role trust policy ${onboarding.largest!.size}/2048 characters (${Math.round((100 * onboarding.largest!.size) / 2048)}%, network-dev).`,
        );
    });

    it("names the action, the resource and the role of a read the role does not allow", async () => {
        const stacks = await environmentStacks("dev");
        const network = stacks.find((s) => s.name === "network-dev")!;
        const spoke = stacks.find((s) => s.name === "spoke-orders-dev")!;
        // The role as it was before the provider's reads of the Transit Gateway were granted.
        const withoutRead = edited(
            network.run,
            (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "spoke-onboarding-policy",
            "policy",
            (text) => String(text).replace('"ec2:DescribeTransitGateways",', ""),
        );
        const environment = loadEnvironment("dev", undefined, FIXTURE_ROOT).environment;
        const report = evaluateHubCalls(spoke.run, {
            caller: {
                arn: `arn:aws:iam::${spoke.accountId}:role/hub-network-deployer`,
                account: spoke.accountId,
            },
            organizationId: environment.organization.arn.split("/").pop(),
            roles: rolesOf(withoutRead.resources),
            effects: registrarEffects(registrarConfigs([network.run])),
        });
        const role = "arn:aws:iam::111111111111:role/hub-network-dev-spoke-onboarding-eu-west-1";
        const denied = report.findings.map((f) => `${f.phase} ${f.action} ${f.resource} ${f.role}`);
        expect(denied).to.deep.equal([
            `create ec2:DescribeTransitGateways * ${role}`,
            `read ec2:DescribeTransitGateways * ${role}`,
        ]);
        expect(hubCallText(report.findings[0])).to.match(
            /^spoke-orders-dev: create of orders-accepter: ec2:DescribeTransitGateways on \* is denied to role arn:aws:iam::111111111111:role\/hub-network-dev-spoke-onboarding-eu-west-1: implicitly denied: no statement allows it \(findTransitGatewayByID, https:\/\/github.com\/hashicorp\/terraform-provider-aws\/blob\/main\/internal\/service\/ec2\/transitgateway_vpc_attachment_accepter.go\)$/,
        );
    });

    it("refuses a resource type made through the hub provider that the call table does not know", async () => {
        const stacks = await environmentStacks("dev");
        const spoke = stacks.find((s) => s.name === "spoke-orders-dev")!;
        const hub = spoke.run.resources.find((r) => r.type === "pulumi:providers:aws" && r.name === "hub")!;
        const stray = {
            ...spoke.run.resources.find((r) => r.provider?.startsWith(`${hub.urn}::`))!,
            type: "aws:ec2transitgateway/route:Route",
            urn: "urn:pulumi:spoke-orders-dev::hub-network::aws:ec2transitgateway/route:Route::stray",
        };
        const report = evaluateHubCalls(
            { ...spoke.run, resources: [...spoke.run.resources, stray] },
            {
                caller: {
                    arn: "arn:aws:iam::444444444444:role/hub-network-deployer",
                    account: "444444444444",
                },
                organizationId: "o-a1b2c3d4e5",
                roles: rolesOf(stacks.flatMap((s) => s.run.resources)),
            },
        );
        expect(report.findings.map((f) => f.reason)).to.include(
            "no row for aws:ec2transitgateway/route:Route in cli/iam/provider-calls.ts: the calls it makes through this provider cannot be checked; read its provider source and add them",
        );
    });

    it("cites a provider source file for every row of the call table", () => {
        for (const [type, row] of Object.entries(PROVIDER_CALLS)) {
            expect(row.source, type).to.match(
                /^https:\/\/github\.com\/hashicorp\/terraform-provider-aws\/blob\/main\/internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/,
            );
            expect(row.create.length + row.read.length + row.delete.length, type).to.be.greaterThan(0);
        }
    });
});
