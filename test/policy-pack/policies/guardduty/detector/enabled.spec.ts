import { expect } from "chai";
import { guarddutyDetectorEnabled as policy } from "../../../../../policy-pack/policies/guardduty/detector/enabled";
import { resourceViolations } from "../../../support";

const TYPE = "aws:guardduty/detector:Detector";

describe("guardduty-detector-enabled", () => {
    it("passes an enabled detector, and one that leaves `enable` at its default (true)", async () => {
        expect(await resourceViolations(policy, TYPE, { enable: true })).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, {})).to.deep.equal([]);
    });

    it("flags a suspended detector", async () => {
        expect(await resourceViolations(policy, TYPE, { enable: false })).to.deep.equal([
            "enable is false: the detector is suspended; set it to true.",
        ]);
    });
});
