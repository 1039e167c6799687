import { expect } from "chai";
import { elbv2LoadBalancerDesyncMitigation as policy } from "../../../../../policy-pack/policies/elbv2/load-balancer/desync-mitigation";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { compliantAlb, gatewayLb, TYPE } from "./fixtures";

describe("elbv2-load-balancer-desync-mitigation", () => {
    it("passes defensive, strictest and AWS's default (unset)", async () => {
        for (const desyncMitigationMode of ["defensive", "strictest", undefined]) {
            expect(
                await resourceViolations(policy, TYPE, { ...compliantAlb, desyncMitigationMode }),
            ).to.deep.equal([]);
        }
    });

    it("flags monitor mode on an ALB, not on other load balancer types", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantAlb, desyncMitigationMode: "monitor" }),
        ).to.deep.equal(["desyncMitigationMode is monitor; set it to defensive or strictest."]);
        expect(
            await resourceViolations(policy, TYPE, { ...gatewayLb, desyncMitigationMode: "monitor" }),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, {
            ...compliantAlb,
            desyncMitigationMode: "monitor",
        });
        expect(diagnostic.level).to.equal("advisory");
    });
});
