import { expect } from "chai";
import { lambdaFunctionInVpc as policy } from "../../../../../policy-pack/policies/lambda/function/in-vpc";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";
import { compliantFunction, TYPE, without } from "./fixtures";

const OUTSIDE =
    "vpcConfig.subnetIds is empty: the function runs outside any VPC, past the hub's inspection; give it the spoke's workload subnets.";

describe("lambda-function-in-vpc", () => {
    it("passes a function in the spoke's subnets", async () => {
        expect(await resourceViolations(policy, TYPE, compliantFunction)).to.deep.equal([]);
    });

    it("flags a function without vpcConfig", async () => {
        expect(await resourceViolations(policy, TYPE, without("vpcConfig"))).to.deep.equal([OUTSIDE]);
    });

    it("flags a vpcConfig without security groups", async () => {
        const props = { ...compliantFunction, vpcConfig: { subnetIds: ["subnet-0a"], securityGroupIds: [] } };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([
            "vpcConfig.securityGroupIds is empty; give the function a security group.",
        ]);
    });

    it("waits for the update when the subnets are unknown in a preview", async () => {
        const props = {
            ...compliantFunction,
            vpcConfig: { subnetIds: UNKNOWN_VALUE, securityGroupIds: ["sg-0"] },
        };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliantFunction, vpcConfig: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("is mandatory by default and can be lowered to advisory", async () => {
        expect(await resourceDiagnostics(policy, TYPE, without("vpcConfig"))).to.deep.equal([
            { level: "mandatory", message: OUTSIDE },
        ]);
        expect(
            await resourceDiagnostics(policy, TYPE, without("vpcConfig"), { enforcementLevel: "advisory" }),
        ).to.deep.equal([{ level: "advisory", message: OUTSIDE }]);
    });
});
