import { expect } from "chai";
import { lambdaPermissionServiceSourceArn as policy } from "../../../../../policy-pack/policies/lambda/permission/service-source-arn";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:lambda/permission:Permission";
const compliant = {
    action: "lambda:InvokeFunction",
    function: "items",
    principal: "apigateway.amazonaws.com",
    sourceArn: "arn:aws:execute-api:eu-west-1:111111111111:a1b2c3d4e5/*/*/items",
};
const withoutSourceArn: Record<string, unknown> = { ...compliant, sourceArn: undefined };
const MESSAGE =
    "principal apigateway.amazonaws.com has no sourceArn: the service could invoke the function for any resource, of any account; set sourceArn to the invoking resource.";

describe("lambda-permission-service-source-arn", () => {
    it("passes an API Gateway permission scoped to one API", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags an API Gateway permission without sourceArn", async () => {
        expect(await resourceViolations(policy, TYPE, withoutSourceArn)).to.deep.equal([MESSAGE]);
    });

    it("flags any service principal, including regional ones", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...withoutSourceArn,
                principal: "logs.eu-west-1.amazonaws.com",
            }),
        ).to.deep.equal([
            "principal logs.eu-west-1.amazonaws.com has no sourceArn: the service could invoke the function for any resource, of any account; set sourceArn to the invoking resource.",
        ]);
    });

    it("ignores account principals and a sourceArn unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...withoutSourceArn, principal: "111111111111" }),
        ).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, sourceArn: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("accepts sourceAccount alone only with acceptSourceAccount", async () => {
        const props = { ...withoutSourceArn, sourceAccount: "111111111111" };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([MESSAGE]);
        expect(await resourceViolations(policy, TYPE, props, { acceptSourceAccount: true })).to.deep.equal(
            [],
        );
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, withoutSourceArn)).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
    });
});
