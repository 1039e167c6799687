import { expect } from "chai";
import { ecsTaskDefinitionReadOnlyRoot as policy } from "../../../../../policy-pack/policies/ecs/task-definition/read-only-root";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";
import { container, taskDefinition, TYPE } from "./fixtures";

const MESSAGE = (name: string, value: string) =>
    `container '${name}' has readonlyRootFilesystem ${value}; set it to true (mount a volume where it must write).`;

describe("ecs-task-definition-read-only-root", () => {
    it("passes a container with a read-only root filesystem", async () => {
        expect(await resourceViolations(policy, TYPE, taskDefinition())).to.deep.equal([]);
    });

    it("flags each container with a writable or unset root filesystem", async () => {
        const props = taskDefinition(
            container({}),
            container({ name: "sidecar", readonlyRootFilesystem: false }),
            container({ name: "agent", readonlyRootFilesystem: undefined }),
        );
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([
            MESSAGE("sidecar", "false"),
            MESSAGE("agent", "false"),
        ]);
    });

    it("reports nothing while containerDefinitions is unknown (a preview) or not JSON", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...taskDefinition(),
                containerDefinitions: UNKNOWN_VALUE,
            }),
        ).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...taskDefinition(), containerDefinitions: "[{" }),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        const props = taskDefinition(container({ readonlyRootFilesystem: false }));
        expect(await resourceDiagnostics(policy, TYPE, props)).to.deep.equal([
            { level: "advisory", message: MESSAGE("api", "false") },
        ]);
    });
});
