import { expect } from "chai";
import { elbv2LoadBalancerDeletionProtection as policy } from "../../../../../policy-pack/policies/elbv2/load-balancer/deletion-protection";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantAlb, gatewayLb, TYPE } from "./fixtures";

describe("elbv2-load-balancer-deletion-protection", () => {
    it("passes an ALB with deletion protection", async () => {
        expect(await resourceViolations(policy, TYPE, compliantAlb)).to.deep.equal([]);
    });

    it("flags an ALB without deletion protection", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantAlb, enableDeletionProtection: undefined }),
        ).to.deep.equal(["enableDeletionProtection is false; set it to true."]);
    });

    it("does not check Gateway Load Balancers", async () => {
        expect(await resourceViolations(policy, TYPE, gatewayLb)).to.deep.equal([]);
    });

    it("is advisory by default and silent when disabled", async () => {
        const props = { ...compliantAlb, enableDeletionProtection: false };
        expect((await resourceDiagnostics(policy, TYPE, props)).map((d) => d.level)).to.deep.equal([
            "advisory",
        ]);
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "disabled" }),
        ).to.deep.equal([]);
    });
});
