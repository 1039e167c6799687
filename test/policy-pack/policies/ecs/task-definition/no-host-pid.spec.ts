import { expect } from "chai";
import { ecsTaskDefinitionNoHostPid as policy } from "../../../../../policy-pack/policies/ecs/task-definition/no-host-pid";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { taskDefinition, TYPE } from "./fixtures";

describe("ecs-task-definition-no-host-pid", () => {
    it("passes a task with its own process namespace (unset or task)", async () => {
        expect(await resourceViolations(policy, TYPE, taskDefinition())).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...taskDefinition(), pidMode: "task" }),
        ).to.deep.equal([]);
    });

    it("flags a task sharing the host's process namespace, mandatory by default", async () => {
        expect(
            await resourceDiagnostics(policy, TYPE, { ...taskDefinition(), pidMode: "host" }),
        ).to.deep.equal([{ level: "mandatory", message: "pidMode is host; use task (or leave it unset)." }]);
    });
});
