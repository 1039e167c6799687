import { expect } from "chai";
import { logGroupRetention as policy } from "../../../../../policy-pack/policies/cloudwatch/log-group/retention";
import { resourceViolations } from "../../../support";

const TYPE = "aws:cloudwatch/logGroup:LogGroup";

describe("cloudwatch-log-group-retention", () => {
    it("passes a group that keeps events for the minimum", async () => {
        expect(await resourceViolations(policy, TYPE, { retentionInDays: 30 })).to.deep.equal([]);
    });

    it("flags a group that keeps events forever", async () => {
        expect(await resourceViolations(policy, TYPE, {})).to.deep.equal([
            "retentionInDays is unset (kept forever); set at least 30.",
        ]);
    });

    it("takes the minimum from minRetentionDays", async () => {
        expect(
            await resourceViolations(policy, TYPE, { retentionInDays: 30 }, { minRetentionDays: 365 }),
        ).to.deep.equal(["retentionInDays is 30; set at least 365."]);
    });
});
