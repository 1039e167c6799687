import { expect } from "chai";
import { elbv2LoadBalancerDropInvalidHeaders as policy } from "../../../../../policy-pack/policies/elbv2/load-balancer/drop-invalid-headers";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantAlb, gatewayLb, TYPE } from "./fixtures";

describe("elbv2-load-balancer-drop-invalid-headers", () => {
    it("passes an ALB dropping invalid headers", async () => {
        expect(await resourceViolations(policy, TYPE, compliantAlb)).to.deep.equal([]);
    });

    it("flags an ALB passing invalid headers on", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantAlb, dropInvalidHeaderFields: false }),
        ).to.deep.equal(["dropInvalidHeaderFields is false; set it to true."]);
    });

    it("does not check Gateway Load Balancers", async () => {
        expect(await resourceViolations(policy, TYPE, gatewayLb)).to.deep.equal([]);
    });

    it("is advisory by default and mandatory when the config file says so", async () => {
        const props = { ...compliantAlb, dropInvalidHeaderFields: undefined };
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "mandatory" }),
        ).to.deep.equal([
            { level: "mandatory", message: "dropInvalidHeaderFields is false; set it to true." },
        ]);
        expect((await resourceDiagnostics(policy, TYPE, props)).map((d) => d.level)).to.deep.equal([
            "advisory",
        ]);
    });
});
