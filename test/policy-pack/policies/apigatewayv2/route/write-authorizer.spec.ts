import { expect } from "chai";
import { apigatewayv2RouteWriteAuthorizer as policy } from "../../../../../policy-pack/policies/apigatewayv2/route/write-authorizer";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:apigatewayv2/route:Route";
const compliant = {
    apiId: "a1b2c3d4e5",
    routeKey: "POST /items",
    authorizationType: "JWT",
    authorizerId: "auth123",
    target: "integrations/int123",
};
const open = { ...compliant, authorizationType: "NONE", authorizerId: undefined };
const message = (key: string) =>
    `route '${key}' has authorizationType NONE: anyone who reaches the API can write; set JWT, AWS_IAM or CUSTOM with an authorizer, or list the route key in allowedRouteKeys.`;

describe("apigatewayv2-route-write-authorizer", () => {
    it("passes a write route with a JWT authorizer", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a write route without an authorizer", async () => {
        expect(await resourceViolations(policy, TYPE, open)).to.deep.equal([message("POST /items")]);
    });

    it("flags every write method, ANY, $default and an unset authorizationType", async () => {
        for (const routeKey of [
            "PUT /items/{id}",
            "PATCH /items/{id}",
            "DELETE /items/{id}",
            "ANY /{proxy+}",
            "$default",
        ]) {
            expect(await resourceViolations(policy, TYPE, { ...open, routeKey }), routeKey).to.deep.equal([
                message(routeKey),
            ]);
        }
        expect(
            await resourceViolations(policy, TYPE, { ...open, authorizationType: undefined }),
        ).to.deep.equal([message("POST /items")]);
    });

    it("passes read routes without an authorizer, and an authorization type unknown in a preview", async () => {
        expect(await resourceViolations(policy, TYPE, { ...open, routeKey: "GET /items" })).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...open, authorizationType: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("passes route keys allow-listed in settings", async () => {
        const config = { allowedRouteKeys: ["POST /webhook"] };
        expect(
            await resourceViolations(policy, TYPE, { ...open, routeKey: "POST /webhook" }, config),
        ).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, open, config)).to.deep.equal([message("POST /items")]);
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, open)).to.deep.equal([
            { level: "mandatory", message: message("POST /items") },
        ]);
    });
});
