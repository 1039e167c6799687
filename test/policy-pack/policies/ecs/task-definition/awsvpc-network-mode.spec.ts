import { expect } from "chai";
import { ecsTaskDefinitionAwsvpcNetworkMode as policy } from "../../../../../policy-pack/policies/ecs/task-definition/awsvpc-network-mode";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { taskDefinition, TYPE } from "./fixtures";

describe("ecs-task-definition-awsvpc-network-mode", () => {
    it("passes an awsvpc task definition", async () => {
        expect(await resourceViolations(policy, TYPE, taskDefinition())).to.deep.equal([]);
    });

    it("flags host and bridge modes", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...taskDefinition(), networkMode: "host" }),
        ).to.deep.equal([
            "networkMode is 'host'; set it to 'awsvpc' so each task has its own interface and security groups.",
        ]);
        expect(
            await resourceViolations(policy, TYPE, { ...taskDefinition(), networkMode: undefined }),
        ).to.deep.equal([
            "networkMode is 'bridge' (unset); set it to 'awsvpc' so each task has its own interface and security groups.",
        ]);
    });

    it("is advisory by default (not a critical exposure)", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, { ...taskDefinition(), networkMode: "bridge" })).map(
                (d) => d.level,
            ),
        ).to.deep.equal(["advisory"]);
    });
});
