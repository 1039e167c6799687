import { expect } from "chai";
import { cloudtrailTrailTableDataEvents as policy } from "../../../../../policy-pack/policies/cloudtrail/trail/table-data-events";
import { resourceViolations } from "../../../support";

const TYPE = "aws:cloudtrail/trail:Trail";
const data = (type: string) => ({
    name: `${type} data events`,
    fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: [type] },
    ],
});

describe("cloudtrail-trail-table-data-events", () => {
    it("passes a data-event trail that records DynamoDB tables, with advanced or basic selectors", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                advancedEventSelectors: [data("AWS::DynamoDB::Table"), data("AWS::Lambda::Function")],
            }),
        ).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, {
                eventSelectors: [
                    { dataResources: [{ type: "AWS::DynamoDB::Table", values: ["arn:aws:dynamodb"] }] },
                ],
            }),
        ).to.deep.equal([]);
    });

    it("does not judge a trail of management events only", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                advancedEventSelectors: [
                    { fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                ],
            }),
        ).to.deep.equal([]);
    });

    it("flags a data-event trail that leaves the tables out", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                advancedEventSelectors: [data("AWS::Lambda::Function")],
            }),
        ).to.deep.equal([
            "the trail records data events but not those of DynamoDB tables; add an advanced event selector with eventCategory Data and resources.type AWS::DynamoDB::Table.",
        ]);
    });
});
