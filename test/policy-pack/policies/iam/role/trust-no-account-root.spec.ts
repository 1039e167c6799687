import { expect } from "chai";
import { iamRoleTrustNoAccountRoot as policy } from "../../../../../policy-pack/policies/iam/role/trust-no-account-root";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:iam/role:Role";
const trust = (...Statement: unknown[]) => ({ assumeRolePolicy: JSON.stringify({ Statement }) });
const assume = (AWS: unknown, Condition?: unknown) => ({
    Effect: "Allow",
    Principal: { AWS },
    Action: "sts:AssumeRole",
    ...(Condition ? { Condition } : {}),
});
const message = (account: string) =>
    `statement 0 trusts every principal of account ${account} (its root); name the role that may assume this one, add an aws:PrincipalArn or sts:ExternalId condition, or list the account in trustedAccounts.`;

describe("iam-role-trust-no-account-root", () => {
    it("passes named roles, services, and account roots narrowed by who may assume", async () => {
        for (const props of [
            trust(assume("arn:aws:iam::222222222222:role/deployer")),
            trust({
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
            trust(assume("222222222222", { StringEquals: { "sts:ExternalId": "partner-7" } })),
            trust(
                assume("arn:aws:iam::222222222222:root", {
                    ArnLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/ci-*" },
                }),
            ),
            trust({ ...assume("arn:aws:iam::222222222222:root"), Effect: "Deny" }),
        ]) {
            expect(await resourceViolations(policy, TYPE, props), props.assumeRolePolicy).to.deep.equal([]);
        }
    });

    it("flags an account root as an ARN, as a bare ID, and in a list", async () => {
        expect(
            await resourceViolations(policy, TYPE, trust(assume("arn:aws:iam::222222222222:root"))),
        ).to.deep.equal([message("222222222222")]);
        expect(await resourceViolations(policy, TYPE, trust(assume("333333333333")))).to.deep.equal([
            message("333333333333"),
        ]);
        expect(
            await resourceViolations(
                policy,
                TYPE,
                trust(assume(["arn:aws:iam::222222222222:role/x", "arn:aws:iam::444444444444:root"])),
            ),
        ).to.deep.equal([message("444444444444")]);
    });

    it("flags a root narrowed only by the organization (every principal of the account is in it)", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                trust(
                    assume("arn:aws:iam::222222222222:root", {
                        StringEquals: { "aws:PrincipalOrgID": "o-example" },
                    }),
                ),
            ),
        ).to.deep.equal([message("222222222222")]);
    });

    it("passes the accounts trustedAccounts names", async () => {
        expect(
            await resourceViolations(policy, TYPE, trust(assume("arn:aws:iam::222222222222:root")), {
                trustedAccounts: ["222222222222"],
            }),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, trust(assume("222222222222")))).to.deep.equal([
            { level: "advisory", message: message("222222222222") },
        ]);
    });
});
