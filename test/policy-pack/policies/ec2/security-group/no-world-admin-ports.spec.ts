import { expect } from "chai";
import { securityGroupNoWorldAdminPorts as policy } from "../../../../../policy-pack/policies/ec2/security-group/no-world-admin-ports";
import { resourceViolations } from "../../../support";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const ssh = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"], description: "bastion" };

describe("ec2-security-group-no-world-admin-ports", () => {
    it("passes SSH from a private range", async () => {
        expect(await resourceViolations(policy, SG, { ingress: [ssh] })).to.deep.equal([]);
    });

    it("flags SSH from the internet", async () => {
        expect(
            await resourceViolations(policy, SG, { ingress: [{ ...ssh, cidrBlocks: ["0.0.0.0/0"] }] }),
        ).to.deep.equal(["ingress[0] opens tcp 22 to the internet, exposing SSH (22)."]);
    });

    it("flags a world-open range that covers RDP and databases", async () => {
        const rule = { cidrIpv6: "::/0", ipProtocol: "tcp", fromPort: 3000, toPort: 3400 };
        expect(
            await resourceViolations(
                policy,
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                rule,
            ),
        ).to.deep.equal(["rule opens tcp 3000-3400 to the internet, exposing MySQL (3306), RDP (3389)."]);
    });

    it("ignores ICMP from the internet", async () => {
        const icmp = { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] };
        expect(await resourceViolations(policy, SG, { ingress: [icmp] })).to.deep.equal([]);
    });
});
