import { expect } from "chai";
import { securityGroupNoWorldOpenIngress as policy } from "../../../../../policy-pack/policies/ec2/security-group/no-world-open-ingress";
import { resourceViolations } from "../../../support";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const https = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "web" };
const compliant = {
    ingress: [https, { ...https, fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/8"] }],
};

describe("ec2-security-group-no-world-open-ingress", () => {
    it("passes world-open HTTPS and private ingress on other ports", async () => {
        expect(await resourceViolations(policy, SG, compliant)).to.deep.equal([]);
    });

    it("flags a world-open port outside the allowed list", async () => {
        const props = { ingress: [{ ...https, fromPort: 8080, toPort: 8080 }] };
        expect(await resourceViolations(policy, SG, props)).to.deep.equal([
            "ingress[0] opens tcp 8080 to the internet; allowed public ports are 80, 443.",
        ]);
    });

    it("flags IPv6 ::/0 and all-traffic rules", async () => {
        const props = { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] };
        expect(await resourceViolations(policy, SG, props)).to.deep.equal([
            "ingress[0] opens all traffic to the internet; allowed public ports are 80, 443.",
        ]);
    });

    it("checks stand-alone vpc ingress rules and ec2 security group rules", async () => {
        expect(
            await resourceViolations(policy, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                ipProtocol: "tcp",
                fromPort: 25,
                toPort: 25,
                cidrIpv4: "0.0.0.0/0",
            }),
        ).to.deep.equal(["rule opens tcp 25 to the internet; allowed public ports are 80, 443."]);
        expect(
            await resourceViolations(policy, "aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "egress",
                protocol: "tcp",
                fromPort: 25,
                toPort: 25,
                cidrBlocks: ["0.0.0.0/0"],
            }),
        ).to.deep.equal([]);
    });

    it("takes the allowed public ports from settings", async () => {
        expect(await resourceViolations(policy, SG, compliant, { allowedPublicPorts: [80] })).to.deep.equal([
            "ingress[0] opens tcp 443 to the internet; allowed public ports are 80.",
        ]);
    });
});
