import { expect } from "chai";
import { autoscalingGroupElbHealthCheck as policy } from "../../../../../policy-pack/policies/autoscaling/group/elb-health-check";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:autoscaling/group:Group";
const group = {
    minSize: 2,
    maxSize: 4,
    launchTemplate: { id: "lt-1", version: "$Latest" },
    targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/appliances/1"],
    healthCheckType: "ELB",
};

describe("autoscaling-group-elb-health-check", () => {
    it("passes ELB health checks behind a load balancer, and EC2 checks with no load balancer", async () => {
        expect(await resourceViolations(policy, TYPE, group)).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...group, targetGroupArns: [], healthCheckType: "EC2" }),
        ).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...group, healthCheckType: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("flags EC2 health checks (set or by default) behind target groups or classic load balancers", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...group, healthCheckType: undefined }),
        ).to.deep.equal(["healthCheckType is EC2 behind a load balancer; set it to ELB."]);
        expect(
            await resourceViolations(policy, TYPE, {
                ...group,
                targetGroupArns: undefined,
                loadBalancers: ["classic"],
                healthCheckType: "EC2",
            }),
        ).to.deep.equal(["healthCheckType is EC2 behind a load balancer; set it to ELB."]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, { ...group, healthCheckType: "EC2" });
        expect(diagnostic.level).to.equal("advisory");
    });
});
