import { expect } from "chai";
import { ecsTaskDefinitionNotPrivileged as policy } from "../../../../../policy-pack/policies/ecs/task-definition/not-privileged";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";
import { container, taskDefinition, TYPE } from "./fixtures";

describe("ecs-task-definition-not-privileged", () => {
    it("passes an unprivileged container", async () => {
        expect(await resourceViolations(policy, TYPE, taskDefinition())).to.deep.equal([]);
    });

    it("flags a privileged container", async () => {
        expect(
            await resourceViolations(policy, TYPE, taskDefinition(container({ privileged: true }))),
        ).to.deep.equal(["container 'api' is privileged; remove privileged."]);
    });

    it("reports nothing while containerDefinitions is unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...taskDefinition(),
                containerDefinitions: UNKNOWN_VALUE,
            }),
        ).to.deep.equal([]);
    });

    it("is mandatory by default", async () => {
        expect(
            await resourceDiagnostics(policy, TYPE, taskDefinition(container({ privileged: true }))),
        ).to.deep.equal([
            { level: "mandatory", message: "container 'api' is privileged; remove privileged." },
        ]);
    });
});
