import { expect } from "chai";
import { ecsClusterContainerInsights as policy } from "../../../../../policy-pack/policies/ecs/cluster/container-insights";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:ecs/cluster:Cluster";
const compliant = { name: "items", settings: [{ name: "containerInsights", value: "enabled" }] };

describe("ecs-cluster-container-insights", () => {
    it("passes a cluster with Container Insights enabled or enhanced", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                settings: [{ name: "containerInsights", value: "enhanced" }],
            }),
        ).to.deep.equal([]);
    });

    it("flags Container Insights disabled or unset", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                settings: [{ name: "containerInsights", value: "disabled" }],
            }),
        ).to.deep.equal(["settings containerInsights is 'disabled'; set it to 'enabled' or 'enhanced'."]);
        expect(await resourceViolations(policy, TYPE, { name: "items" })).to.deep.equal([
            "settings containerInsights is 'disabled'; set it to 'enabled' or 'enhanced'.",
        ]);
    });

    it("waits for the update when the setting is unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                settings: [{ name: "containerInsights", value: UNKNOWN_VALUE }],
            }),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, { name: "items" })).map((d) => d.level),
        ).to.deep.equal(["advisory"]);
    });
});
