/**
 * The tenancy checks at 1,000 spokes (`npm run test:scale`, which .ci/run runs after `npm test`): an
 * environment of 1,000 generated spoke accounts and requests. The onboarding role's trust and
 * permissions, and every other policy the hub stacks write, stay within IAM's quotas (they do not
 * grow with the spokes); the access matrix holds for spokes at both ends of the list; the calls two
 * of the spokes make through their `hub` provider are all allowed.
 */
import * as fs from "node:fs";
import { expect } from "chai";
import { checkPolicyDocuments } from "../../cli/iam/documents";
import { checkEnvironmentIam } from "../../cli/iam/environment";
import { hubCallText } from "../../cli/iam/hub-calls";
import { stacksOf } from "../../cli/plan/stacks";
import { loadEnvironment } from "../../stacks/schema/stack-config";
import { runFixtureStack, type Recorded } from "../harness";
import { onlyOwn, tenancyMatrix } from "./matrix";
import { generateScaleEnvironment, SCALE_ENV, scaleAccount } from "./thousand";

const SPOKES = 1000;

describe(`tenancy at ${SPOKES} spokes`, function () {
    this.timeout(600_000);
    let root: string;
    let smallRoot: string;
    let network: Recorded;
    let small: Recorded;
    before(async () => {
        root = generateScaleEnvironment(SPOKES);
        smallRoot = generateScaleEnvironment(3);
        network = await runFixtureStack(`network-${SCALE_ENV}`, { root });
        small = await runFixtureStack(`network-${SCALE_ENV}`, { root: smallRoot });
    });
    after(() => {
        fs.rmSync(root, { recursive: true, force: true });
        fs.rmSync(smallRoot, { recursive: true, force: true });
    });

    it("registers every spoke account with its spoke's name", () => {
        const config = network.all("hub-network:network:OnboardingRegistrar")[0].outputs.config as {
            spokes: Record<string, string>;
        };
        expect(Object.keys(config.spokes)).to.have.length(SPOKES);
        expect(config.spokes[scaleAccount(SPOKES - 1)]).to.equal(`s${SPOKES}`);
    });

    it("keeps every policy of the hub within its IAM quota, the onboarding role's as small as with three spokes", async () => {
        const { findings, sizes } = await checkPolicyDocuments(network.resources);
        expect(findings.map((f) => `${f.urn} ${f.property}: ${f.problem}`)).to.deep.equal([]);
        for (const s of sizes) expect(s.size, `${s.urn} ${s.what}`).to.be.at.most(s.quota.limit);
        const policyOf = (run: Recorded, type: string, name: string, property: string) =>
            String(run.find(type, name).inputs[property]);
        for (const [type, name, property] of [
            ["aws:iam/role:Role", "spoke-onboarding-role", "assumeRolePolicy"],
            ["aws:iam/rolePolicy:RolePolicy", "spoke-onboarding-policy", "policy"],
        ]) {
            const many = policyOf(network, type, name, property);
            expect(many.length, name).to.equal(policyOf(small, type, name, property).length);
        }
        const largest = [...sizes].sort((a, b) => b.size / b.quota.limit - a.size / a.quota.limit)[0];
        console.log(
            `      largest policy at ${SPOKES} spokes: ${largest.what} ${largest.size}/${largest.quota.limit} (${largest.urn.split("::").pop()})`,
        );
    });

    it("holds the access matrix for the first and the last spoke", () => {
        const { environment } = loadEnvironment(SCALE_ENV, undefined, root);
        for (const [a, b] of [
            [scaleAccount(0), scaleAccount(SPOKES - 1)],
            [scaleAccount(SPOKES - 1), scaleAccount(0)],
        ]) {
            const matrix = tenancyMatrix({
                network,
                a,
                b,
                unlisted: scaleAccount(SPOKES),
                deployerArn: (account) => `arn:aws:iam::${account}:role/hub-network-deployer`,
                organizationId: environment.organization.arn.split("/").pop()!,
            });
            expect(onlyOwn(matrix), `${a} vs ${b}`).to.deep.equal([]);
        }
    });

    it("allows every call two spokes make through their hub provider", async () => {
        const { environment } = loadEnvironment(SCALE_ENV, undefined, root);
        const wanted = new Set([`spoke-s0001-${SCALE_ENV}`, `spoke-s${SPOKES}-${SCALE_ENV}`]);
        const planned = stacksOf(SCALE_ENV, root).filter((s) => s.role === "network" || wanted.has(s.name));
        const runs = [];
        for (const s of planned) {
            const run =
                s.role === "network"
                    ? network
                    : await runFixtureStack(s.name, {
                          root,
                          stackOutputs: { [`network-${SCALE_ENV}`]: network.outputs },
                      });
            runs.push({
                name: s.name,
                role: s.role,
                config: s.config,
                accountId: JSON.parse(s.config["aws:allowedAccountIds"] ?? '["111111111111"]')[0] as string,
                run,
            });
        }
        expect(runs.filter((r) => r.role === "spoke")).to.have.length(2);
        const report = await checkEnvironmentIam(runs, environment);
        expect(report.hubFindings.map(hubCallText)).to.deep.equal([]);
        expect(report.policyFindings).to.deep.equal([]);
        expect(report.hubCalls).to.be.greaterThan(40);
    });
});
