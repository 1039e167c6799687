import { expect } from "chai";
import { ecsTaskDefinitionLogging as policy } from "../../../../../policy-pack/policies/ecs/task-definition/logging";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { container, taskDefinition, TYPE } from "./fixtures";

const MESSAGE =
    "container 'api' has no logConfiguration.logDriver; send its logs to CloudWatch (awslogs) or FireLens.";

describe("ecs-task-definition-logging", () => {
    it("passes a container logging to CloudWatch", async () => {
        expect(await resourceViolations(policy, TYPE, taskDefinition())).to.deep.equal([]);
    });

    it("flags a container without logConfiguration", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                taskDefinition(container({ logConfiguration: undefined })),
            ),
        ).to.deep.equal([MESSAGE]);
    });

    it("flags a logConfiguration without a driver", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                taskDefinition(container({ logConfiguration: { options: {} } })),
            ),
        ).to.deep.equal([MESSAGE]);
    });

    it("is advisory by default", async () => {
        const props = taskDefinition(container({ logConfiguration: undefined }));
        expect(await resourceDiagnostics(policy, TYPE, props)).to.deep.equal([
            { level: "advisory", message: MESSAGE },
        ]);
    });
});
