import { expect } from "chai";
import { ecsServiceNoPublicIp as policy } from "../../../../../policy-pack/policies/ecs/service/no-public-ip";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const SERVICE = "aws:ecs/service:Service";
const compliant = {
    cluster: "arn:aws:ecs:eu-west-1:111111111111:cluster/items",
    taskDefinition: "items:1",
    launchType: "FARGATE",
    desiredCount: 2,
    networkConfiguration: {
        subnets: ["subnet-0a", "subnet-0b"],
        securityGroups: ["sg-0api"],
        assignPublicIp: false,
    },
};
const publicIp = {
    ...compliant,
    networkConfiguration: { ...compliant.networkConfiguration, assignPublicIp: true },
};
const MESSAGE =
    "networkConfiguration.assignPublicIp is true: tasks get addresses reachable from the internet; set it to false.";

describe("ecs-service-no-public-ip", () => {
    it("passes a service in private subnets without public IPs", async () => {
        expect(await resourceViolations(policy, SERVICE, compliant)).to.deep.equal([]);
    });

    it("flags a service that assigns public IPs", async () => {
        expect(await resourceViolations(policy, SERVICE, publicIp)).to.deep.equal([MESSAGE]);
    });

    it("flags a task set that assigns public IPs", async () => {
        expect(
            await resourceViolations(policy, "aws:ecs/taskSet:TaskSet", {
                service: "items",
                cluster: "items",
                taskDefinition: "items:1",
                networkConfiguration: publicIp.networkConfiguration,
            }),
        ).to.deep.equal([MESSAGE]);
    });

    it("is mandatory by default and can be lowered to advisory", async () => {
        expect(await resourceDiagnostics(policy, SERVICE, publicIp)).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
        expect(
            await resourceDiagnostics(policy, SERVICE, publicIp, { enforcementLevel: "advisory" }),
        ).to.deep.equal([{ level: "advisory", message: MESSAGE }]);
    });
});
