import { expect } from "chai";
import { vpcFlowLogs as policy } from "../../../../../policy-pack/policies/ec2/vpc/flow-logs";
import { mutate, networkDev } from "../../../recorded";
import { stackViolations } from "../../../support";

describe("ec2-vpc-flow-logs", () => {
    for (const preview of [false, true]) {
        it(`passes network-dev, whose VPC has a flow log (${preview ? "preview" : "update"})`, async () => {
            expect(await stackViolations(policy, await networkDev(preview))).to.deep.equal([]);
        });

        it(`flags the VPC once its flow log is gone (${preview ? "preview" : "update"})`, async () => {
            const broken = mutate(
                await networkDev(preview),
                (r) => r.type === "aws:ec2/flowLog:FlowLog" && r.name === "inspection-flow-logs-flow-log",
                () => undefined,
            );
            expect((await stackViolations(policy, broken)).map((v) => v.message)).to.deep.equal([
                "VPC 'inspection-vpc' has no flow log; add a FlowLog for it.",
            ]);
        });
    }
});
