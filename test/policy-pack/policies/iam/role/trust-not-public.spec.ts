import { expect } from "chai";
import { iamRoleTrustNotPublic as policy } from "../../../../../policy-pack/policies/iam/role/trust-not-public";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:iam/role:Role";
const service = {
    Effect: "Allow",
    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
    Action: "sts:AssumeRole",
};
const trust = (...Statement: unknown[]) => ({ assumeRolePolicy: JSON.stringify({ Statement }) });
const MESSAGE =
    "statement 0 lets any principal ('*') assume the role; name the principals, or narrow it with both aws:PrincipalOrgID and aws:PrincipalArn conditions.";
const scoped = {
    StringEquals: { "aws:PrincipalOrgID": "o-exampleorgid" },
    ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/network-deployer" },
};

describe("iam-role-trust-not-public", () => {
    it("passes a role only a service can assume", async () => {
        expect(await resourceViolations(policy, TYPE, trust(service))).to.deep.equal([]);
    });

    it("flags '*' in every form: a string, an AWS string, an AWS list, and among named principals", async () => {
        for (const Principal of [
            "*",
            { AWS: "*" },
            { AWS: ["*"] },
            { AWS: ["arn:aws:iam::111111111111:root", "*"] },
        ]) {
            expect(
                await resourceViolations(policy, TYPE, trust({ ...service, Principal })),
                JSON.stringify(Principal),
            ).to.deep.equal([MESSAGE]);
        }
    });

    it("flags an Allow with NotPrincipal (everyone but the named)", async () => {
        const rest = { Effect: "Allow", Action: "sts:AssumeRole" };
        expect(
            await resourceViolations(
                policy,
                TYPE,
                trust({ ...rest, NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" } }),
            ),
        ).to.deep.equal([MESSAGE]);
    });

    it("flags '*' narrowed by only one of the organization and principal-ARN conditions", async () => {
        for (const Condition of [
            { StringEquals: { "aws:PrincipalOrgID": "o-exampleorgid" } },
            { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/network-deployer" } },
            { StringEquals: { "sts:ExternalId": "x" } },
        ]) {
            expect(
                await resourceViolations(
                    policy,
                    TYPE,
                    trust({ ...service, Principal: { AWS: "*" }, Condition }),
                ),
                JSON.stringify(Condition),
            ).to.deep.equal([MESSAGE]);
        }
    });

    it("passes '*' narrowed by both an organization and a principal-ARN condition", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                trust({ ...service, Principal: { AWS: "*" }, Condition: scoped }),
            ),
        ).to.deep.equal([]);
    });

    it("names the statement by Sid and ignores Deny statements", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                trust(
                    service,
                    { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
                    {
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sts:AssumeRole",
                    },
                ),
            ),
        ).to.deep.equal([
            "statement 'Anyone' lets any principal ('*') assume the role; name the principals, or narrow it with both aws:PrincipalOrgID and aws:PrincipalArn conditions.",
        ]);
    });

    it("waits for the update when the trust policy is unknown in a preview", async () => {
        expect(await resourceViolations(policy, TYPE, { assumeRolePolicy: UNKNOWN_VALUE })).to.deep.equal([]);
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, trust({ ...service, Principal: "*" }))).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
    });
});
