import { expect } from "chai";
import { securityGroupRuleDescriptions as policy } from "../../../../../policy-pack/policies/ec2/security-group/rule-descriptions";
import { resourceViolations } from "../../../support";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const rule = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"], description: "api" };

describe("ec2-security-group-rule-descriptions", () => {
    it("passes rules that all have descriptions", async () => {
        expect(await resourceViolations(policy, SG, { ingress: [rule], egress: [rule] })).to.deep.equal([]);
    });

    it("flags an egress rule without a description", async () => {
        expect(
            await resourceViolations(policy, SG, {
                ingress: [rule],
                egress: [{ ...rule, description: " " }],
            }),
        ).to.deep.equal(["egress[0] has no description; say what the rule is for."]);
    });

    it("flags a stand-alone rule without a description", async () => {
        const standalone = { type: "ingress", protocol: "tcp", fromPort: 1, toPort: 1, cidrBlocks: [] };
        expect(
            await resourceViolations(policy, "aws:ec2/securityGroupRule:SecurityGroupRule", standalone),
        ).to.deep.equal(["rule has no description; say what the rule is for."]);
    });
});
