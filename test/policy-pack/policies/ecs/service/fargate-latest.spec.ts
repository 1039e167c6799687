import { expect } from "chai";
import { ecsServiceFargateLatest as policy } from "../../../../../policy-pack/policies/ecs/service/fargate-latest";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:ecs/service:Service";
const service = { name: "items", launchType: "FARGATE", desiredCount: 2 };

describe("ecs-service-fargate-latest", () => {
    it("passes Fargate on LATEST (set or by default), and services not on Fargate", async () => {
        for (const props of [
            service,
            { ...service, platformVersion: "LATEST" },
            { ...service, platformVersion: UNKNOWN_VALUE },
            { name: "items", launchType: "EC2", platformVersion: "1.3.0" },
        ]) {
            expect(await resourceViolations(policy, TYPE, props), JSON.stringify(props)).to.deep.equal([]);
        }
    });

    it("flags a pinned platform version, by launch type or Fargate capacity provider", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...service, platformVersion: "1.3.0" }),
        ).to.deep.equal(["platformVersion is 1.3.0; set it to LATEST (or leave it unset)."]);
        expect(
            await resourceViolations(policy, TYPE, {
                name: "items",
                capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
                platformVersion: "1.4.0",
            }),
        ).to.deep.equal(["platformVersion is 1.4.0; set it to LATEST (or leave it unset)."]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, {
            ...service,
            platformVersion: "1.4.0",
        });
        expect(diagnostic.level).to.equal("advisory");
    });
});
