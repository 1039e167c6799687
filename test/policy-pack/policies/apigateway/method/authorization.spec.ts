import { expect } from "chai";
import { apigatewayMethodAuthorization as policy } from "../../../../../policy-pack/policies/apigateway/method/authorization";
import { resourceDiagnostics, resourceViolations } from "../../../support";

const TYPE = "aws:apigateway/method:Method";
const compliant = {
    restApi: "a1b2c3d4e5",
    resourceId: "res123",
    httpMethod: "POST",
    authorization: "AWS_IAM",
};
const open = { ...compliant, authorization: "NONE" };
const MESSAGE =
    "authorization is NONE on POST: anyone who reaches the API can call it; use AWS_IAM, CUSTOM or COGNITO_USER_POOLS, or list 'items-post' in allowedUnauthenticatedMethods.";

describe("apigateway-method-authorization", () => {
    it("passes a method that requires IAM authorization", async () => {
        expect(await resourceViolations(policy, TYPE, compliant, {}, "items-post")).to.deep.equal([]);
    });

    it("flags a method with authorization NONE", async () => {
        expect(await resourceViolations(policy, TYPE, open, {}, "items-post")).to.deep.equal([MESSAGE]);
    });

    it("passes CORS preflight (OPTIONS) without authorization", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...open, httpMethod: "OPTIONS" }, {}, "items-options"),
        ).to.deep.equal([]);
    });

    it("passes a method allow-listed by name, and only that one", async () => {
        const config = { allowedUnauthenticatedMethods: ["health-get"] };
        expect(
            await resourceViolations(policy, TYPE, { ...open, httpMethod: "GET" }, config, "health-get"),
        ).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, open, config, "items-post")).to.deep.equal([MESSAGE]);
    });

    it("is mandatory by default", async () => {
        expect((await resourceDiagnostics(policy, TYPE, open)).map((d) => d.level)).to.deep.equal([
            "mandatory",
        ]);
    });
});
