import { expect } from "chai";
import { launchTemplateImdsv2 as policy } from "../../../../../policy-pack/policies/ec2/launch-template/imdsv2";
import { resourceViolations } from "../../../support";

const TYPE = "aws:ec2/launchTemplate:LaunchTemplate";

describe("ec2-launch-template-imdsv2", () => {
    it("passes a template that requires session tokens", async () => {
        expect(
            await resourceViolations(policy, TYPE, { metadataOptions: { httpTokens: "required" } }),
        ).to.deep.equal([]);
    });

    it("flags a template that leaves IMDSv1 on", async () => {
        expect(await resourceViolations(policy, TYPE, {})).to.deep.equal([
            "metadataOptions.httpTokens is 'optional'; set it to 'required'.",
        ]);
    });
});
