import { expect } from "chai";
import { autoscalingGroupLaunchTemplate as policy } from "../../../../../policy-pack/policies/autoscaling/group/launch-template";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:autoscaling/group:Group";
const MESSAGE =
    "the group has no launch template; set launchTemplate (with a version) instead of launchConfiguration.";

describe("autoscaling-group-launch-template", () => {
    it("passes a launch template, directly or in a mixed instances policy", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                minSize: 1,
                maxSize: 2,
                launchTemplate: { id: "lt-1" },
            }),
        ).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, {
                minSize: 1,
                maxSize: 2,
                mixedInstancesPolicy: {
                    launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-1" } },
                },
            }),
        ).to.deep.equal([]);
    });

    it("flags a launch configuration, advisory by default", async () => {
        expect(
            await resourceDiagnostics(policy, TYPE, {
                minSize: 1,
                maxSize: 2,
                launchConfiguration: "appliances-lc",
            }),
        ).to.deep.equal([{ level: "advisory", message: MESSAGE }]);
    });
});
