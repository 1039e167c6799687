import { expect } from "chai";
import { defaultSecurityGroupNoRules as policy } from "../../../../../policy-pack/policies/ec2/default-security-group/no-rules";
import { resourceViolations } from "../../../support";

const TYPE = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

describe("ec2-default-security-group-no-rules", () => {
    it("passes a default security group stripped of rules", async () => {
        expect(await resourceViolations(policy, TYPE, { ingress: [], egress: [] })).to.deep.equal([]);
    });

    it("flags a default security group that keeps a rule", async () => {
        const egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }];
        expect(await resourceViolations(policy, TYPE, { ingress: [], egress })).to.deep.equal([
            "the default security group has 1 rule(s); remove them all.",
        ]);
    });
});
