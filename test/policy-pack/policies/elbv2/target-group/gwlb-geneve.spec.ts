import { expect } from "chai";
import { targetGroupGwlbGeneve as policy } from "../../../../../policy-pack/policies/elbv2/target-group/gwlb-geneve";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:lb/targetGroup:TargetGroup";
const compliant = { protocol: "GENEVE", port: 6081, targetType: "ip", vpcId: "vpc-0123456789abcdef0" };

describe("elbv2-target-group-gwlb-geneve", () => {
    it("passes a GENEVE target group on port 6081", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("passes an HTTPS target group on another port", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, protocol: "HTTPS", port: 443 }),
        ).to.deep.equal([]);
    });

    it("passes a Lambda target group, which has neither protocol nor port", async () => {
        expect(await resourceViolations(policy, TYPE, { targetType: "lambda" })).to.deep.equal([]);
    });

    it("flags a GENEVE target group on another port", async () => {
        expect(await resourceViolations(policy, TYPE, { ...compliant, port: 6080 })).to.deep.equal([
            "protocol is GENEVE but port is 6080; GENEVE target groups must use port 6081.",
        ]);
    });

    it("flags a target group on port 6081 that is not GENEVE", async () => {
        expect(await resourceViolations(policy, TYPE, { ...compliant, protocol: "tcp" })).to.deep.equal([
            "port is 6081 (GENEVE) but protocol is TCP; a Gateway Load Balancer target group must use protocol GENEVE.",
        ]);
    });

    it("checks the aws.alb alias of the type too", async () => {
        expect(
            await resourceViolations(policy, "aws:alb/targetGroup:TargetGroup", { ...compliant, port: 80 }),
        ).to.deep.equal(["protocol is GENEVE but port is 80; GENEVE target groups must use port 6081."]);
    });

    it("waits for the update when the port is unknown in a preview", async () => {
        expect(await resourceViolations(policy, TYPE, { ...compliant, port: UNKNOWN_VALUE })).to.deep.equal(
            [],
        );
    });
});
