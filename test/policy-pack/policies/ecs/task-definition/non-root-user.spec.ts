import { expect } from "chai";
import { ecsTaskDefinitionNonRootUser as policy } from "../../../../../policy-pack/policies/ecs/task-definition/non-root-user";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { container, taskDefinition, TYPE } from "./fixtures";

const UNSET =
    "container 'api' sets no user, so it runs as the image's user (root by default); set user to a non-root UID.";

describe("ecs-task-definition-non-root-user", () => {
    it("passes a container running as a non-root UID", async () => {
        expect(await resourceViolations(policy, TYPE, taskDefinition())).to.deep.equal([]);
    });

    it("flags a container without a user", async () => {
        expect(
            await resourceViolations(policy, TYPE, taskDefinition(container({ user: undefined }))),
        ).to.deep.equal([UNSET]);
    });

    it("flags root by name or UID, with or without a group", async () => {
        for (const user of ["root", "0", "0:0", "root:root"]) {
            expect(
                await resourceViolations(policy, TYPE, taskDefinition(container({ user }))),
                user,
            ).to.deep.equal([`container 'api' runs as user '${user}'; set a non-root user.`]);
        }
        expect(
            await resourceViolations(policy, TYPE, taskDefinition(container({ user: "10001" }))),
        ).to.deep.equal([]);
    });

    it("does not check Windows tasks", async () => {
        const props = {
            ...taskDefinition(container({ user: undefined })),
            runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
        };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([]);
    });

    it("is advisory by default and mandatory when the config file says so", async () => {
        const props = taskDefinition(container({ user: undefined }));
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "mandatory" }),
        ).to.deep.equal([{ level: "mandatory", message: UNSET }]);
        expect((await resourceDiagnostics(policy, TYPE, props)).map((d) => d.level)).to.deep.equal([
            "advisory",
        ]);
    });
});
