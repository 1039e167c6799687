import { expect } from "chai";
import { launchTemplateEncryptedVolumes as policy } from "../../../../../policy-pack/policies/ec2/launch-template/encrypted-volumes";
import { resourceViolations } from "../../../support";

const TYPE = "aws:ec2/launchTemplate:LaunchTemplate";
const volume = { deviceName: "/dev/xvda", ebs: { volumeSize: 20, encrypted: "true" } };

describe("ec2-launch-template-encrypted-volumes", () => {
    it("passes a template whose volumes are encrypted", async () => {
        expect(await resourceViolations(policy, TYPE, { blockDeviceMappings: [volume] })).to.deep.equal([]);
    });

    it("flags an unencrypted volume", async () => {
        const props = { blockDeviceMappings: [volume, { deviceName: "/dev/xvdb", ebs: { volumeSize: 5 } }] };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([
            "blockDeviceMappings[1].ebs.encrypted is unset; set it to true.",
        ]);
    });
});
