import { expect } from "chai";
import { elbv2LoadBalancerAccessLogs as policy } from "../../../../../policy-pack/policies/elbv2/load-balancer/access-logs";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";
import { compliantAlb, gatewayLb, TYPE } from "./fixtures";

describe("elbv2-load-balancer-access-logs", () => {
    it("passes an ALB writing access logs to S3", async () => {
        expect(await resourceViolations(policy, TYPE, compliantAlb)).to.deep.equal([]);
    });

    it("flags access logs disabled or absent", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliantAlb,
                accessLogs: { ...compliantAlb.accessLogs, enabled: false },
            }),
        ).to.deep.equal(["accessLogs.enabled is false; set it to true."]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliantAlb, accessLogs: undefined }),
        ).to.deep.equal(["accessLogs.enabled is false; set it to true."]);
    });

    it("checks ALBs of the alb module and an unset type, not Gateway Load Balancers", async () => {
        const untyped = { ...compliantAlb, accessLogs: undefined, loadBalancerType: undefined };
        expect(await resourceViolations(policy, "aws:alb/loadBalancer:LoadBalancer", untyped)).to.deep.equal([
            "accessLogs.enabled is false; set it to true.",
        ]);
        expect(await resourceViolations(policy, TYPE, gatewayLb)).to.deep.equal([]);
    });

    it("checks Network Load Balancers too", async () => {
        const nlb = { name: "tcp", loadBalancerType: "network", subnets: ["subnet-0a"] };
        expect(await resourceViolations(policy, TYPE, nlb)).to.deep.equal([
            "accessLogs.enabled is false; set it to true.",
        ]);
        expect(
            await resourceViolations(policy, TYPE, { ...nlb, accessLogs: compliantAlb.accessLogs }),
        ).to.deep.equal([]);
    });

    it("waits for the update when the bucket is unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliantAlb,
                accessLogs: { bucket: UNKNOWN_VALUE, enabled: true },
            }),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, { ...compliantAlb, accessLogs: undefined })).map(
                (d) => d.level,
            ),
        ).to.deep.equal(["advisory"]);
    });
});
