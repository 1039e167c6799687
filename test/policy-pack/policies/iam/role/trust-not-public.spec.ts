import { expect } from "chai";
import { iamRoleTrustNotPublic as policy } from "../../../../../policy-pack/policies/iam/role/trust-not-public";
import { resourceViolations } from "../../../support";

const TYPE = "aws:iam/role:Role";
const service = {
    Effect: "Allow",
    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
    Action: "sts:AssumeRole",
};
const trust = (...Statement: unknown[]) => ({ assumeRolePolicy: JSON.stringify({ Statement }) });

describe("iam-role-trust-not-public", () => {
    it("passes a role only a service can assume", async () => {
        expect(await resourceViolations(policy, TYPE, trust(service))).to.deep.equal([]);
    });

    it("flags a role anyone can assume", async () => {
        expect(
            await resourceViolations(policy, TYPE, trust({ ...service, Principal: { AWS: ["*"] } })),
        ).to.deep.equal(["statement 0 lets any principal ('*') assume the role; name the principals."]);
    });
});
