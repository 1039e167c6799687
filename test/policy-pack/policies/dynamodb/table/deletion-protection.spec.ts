import { expect } from "chai";
import { dynamodbTableDeletionProtection as policy } from "../../../../../policy-pack/policies/dynamodb/table/deletion-protection";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:dynamodb/table:Table";
const compliant = { hashKey: "pk", deletionProtectionEnabled: true };

describe("dynamodb-table-deletion-protection", () => {
    it("passes a table with deletion protection on", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a table with deletion protection off or unset", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, deletionProtectionEnabled: false }),
        ).to.deep.equal(["deletionProtectionEnabled is false; set it to true."]);
        expect(await resourceViolations(policy, TYPE, { hashKey: "pk" })).to.deep.equal([
            "deletionProtectionEnabled is false; set it to true.",
        ]);
    });

    it("waits for the update when the setting is unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                deletionProtectionEnabled: UNKNOWN_VALUE,
            }),
        ).to.deep.equal([]);
    });

    it("reports at the level the config file sets", async () => {
        expect(
            await resourceDiagnostics(policy, TYPE, { hashKey: "pk" }, { enforcementLevel: "mandatory" }),
        ).to.deep.equal([
            { level: "mandatory", message: "deletionProtectionEnabled is false; set it to true." },
        ]);
    });
});
