import { expect } from "chai";
import { dynamodbTablePointInTimeRecovery as policy } from "../../../../../policy-pack/policies/dynamodb/table/point-in-time-recovery";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:dynamodb/table:Table";
const compliant = { hashKey: "pk", pointInTimeRecovery: { enabled: true } };
const violations = (props: Record<string, unknown>, config = {}) =>
    resourceViolations(policy, TYPE, props, config);

describe("dynamodb-table-point-in-time-recovery", () => {
    it("passes a table with point-in-time recovery on (35 days by default)", async () => {
        expect(await violations(compliant)).to.deep.equal([]);
    });

    it("flags a table with point-in-time recovery off or unset", async () => {
        expect(await violations({ ...compliant, pointInTimeRecovery: { enabled: false } })).to.deep.equal([
            "pointInTimeRecovery.enabled is false; set it to true.",
        ]);
        expect(await violations({ hashKey: "pk" })).to.deep.equal([
            "pointInTimeRecovery.enabled is false; set it to true.",
        ]);
    });

    it("flags a recovery period shorter than minRecoveryPeriodDays", async () => {
        const props = { ...compliant, pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 3 } };
        expect(await violations(props)).to.deep.equal([
            "pointInTimeRecovery.recoveryPeriodInDays is 3; keep at least 7.",
        ]);
        expect(await violations(props, { minRecoveryPeriodDays: 3 })).to.deep.equal([]);
        expect(
            await violations(
                { ...compliant, pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 14 } },
                {
                    minRecoveryPeriodDays: 35,
                },
            ),
        ).to.deep.equal(["pointInTimeRecovery.recoveryPeriodInDays is 14; keep at least 35."]);
    });

    it("waits for the update when the setting is unknown in a preview", async () => {
        expect(await violations({ hashKey: "pk", pointInTimeRecovery: UNKNOWN_VALUE })).to.deep.equal([]);
    });

    it("is advisory unless the config file says otherwise, and disabled reports nothing", async () => {
        const props = { hashKey: "pk" };
        expect(await resourceDiagnostics(policy, TYPE, props)).to.deep.equal([
            { level: "advisory", message: "pointInTimeRecovery.enabled is false; set it to true." },
        ]);
        expect(
            await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "disabled" }),
        ).to.deep.equal([]);
    });
});
