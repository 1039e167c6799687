import { expect } from "chai";
import { cloudwatchMetricAlarmActionsEnabled as policy } from "../../../../../policy-pack/policies/cloudwatch/metric-alarm/actions-enabled";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
const alarm = {
    metricName: "5XXError",
    namespace: "AWS/ApiGateway",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 1,
    evaluationPeriods: 1,
    alarmActions: ["arn:aws:sns:eu-west-1:111111111111:alarms"],
};

describe("cloudwatch-metric-alarm-actions-enabled", () => {
    it("passes an alarm that notifies a topic, with actions enabled by default or explicitly", async () => {
        expect(await resourceViolations(policy, TYPE, alarm)).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, { ...alarm, actionsEnabled: true })).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...alarm, alarmActions: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("flags disabled actions and an alarm that notifies no one", async () => {
        expect(await resourceViolations(policy, TYPE, { ...alarm, actionsEnabled: false })).to.deep.equal([
            "actionsEnabled is false; set it to true.",
        ]);
        expect(await resourceViolations(policy, TYPE, { ...alarm, alarmActions: [] })).to.deep.equal([
            "alarmActions is empty; notify an SNS topic (or act) when the alarm fires.",
        ]);
    });

    it("passes the alarms alarmsWithoutActions names (a Route 53 health check's alarm)", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                { ...alarm, alarmActions: undefined },
                { alarmsWithoutActions: ["test"] },
            ),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, { ...alarm, actionsEnabled: false });
        expect(diagnostic.level).to.equal("advisory");
    });
});
