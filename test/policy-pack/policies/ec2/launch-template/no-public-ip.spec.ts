import { expect } from "chai";
import { launchTemplateNoPublicIp as policy } from "../../../../../policy-pack/policies/ec2/launch-template/no-public-ip";
import { resourceViolations } from "../../../support";

const TYPE = "aws:ec2/launchTemplate:LaunchTemplate";

describe("ec2-launch-template-no-public-ip", () => {
    it("passes a template without public addresses", async () => {
        const props = { networkInterfaces: [{ associatePublicIpAddress: "false" }] };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([]);
    });

    it("flags an interface that gets a public address", async () => {
        const props = { networkInterfaces: [{ associatePublicIpAddress: "true" }] };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([
            "networkInterfaces[0].associatePublicIpAddress is true; set it to false.",
        ]);
    });
});
