import { expect } from "chai";
import { apigatewayRestApiEndpointTypes as policy } from "../../../../../policy-pack/policies/apigateway/rest-api/endpoint-types";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:apigateway/restApi:RestApi";
const compliant = { name: "items", endpointConfiguration: { types: "REGIONAL" } };

describe("apigateway-rest-api-endpoint-types", () => {
    it("passes a regional REST API", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags an edge-optimized REST API, also when the type is left unset", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                endpointConfiguration: { types: "EDGE" },
            }),
        ).to.deep.equal([
            "endpointConfiguration.types is 'EDGE'; allowed endpoint types are REGIONAL, PRIVATE.",
        ]);
        expect(await resourceViolations(policy, TYPE, { name: "items" })).to.deep.equal([
            "endpointConfiguration.types is 'EDGE' (unset); allowed endpoint types are REGIONAL, PRIVATE.",
        ]);
    });

    it("reads a list of types and waits for one unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                endpointConfiguration: { types: ["PRIVATE"] },
            }),
        ).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                endpointConfiguration: { types: UNKNOWN_VALUE },
            }),
        ).to.deep.equal([]);
    });

    it("takes the allowed types from settings", async () => {
        expect(
            await resourceViolations(policy, TYPE, compliant, { allowedEndpointTypes: ["PRIVATE"] }),
        ).to.deep.equal(["endpointConfiguration.types is 'REGIONAL'; allowed endpoint types are PRIVATE."]);
    });

    it("is mandatory by default", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, { name: "items" })).map((d) => d.level),
        ).to.deep.equal(["mandatory"]);
    });
});
