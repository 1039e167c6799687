import { expect } from "chai";
import { subnetNoPublicIpOnLaunch as policy } from "../../../../../policy-pack/policies/ec2/subnet/no-public-ip-on-launch";
import { resourceViolations } from "../../../support";

const TYPE = "aws:ec2/subnet:Subnet";

describe("ec2-subnet-no-public-ip-on-launch", () => {
    it("passes a subnet that assigns no public IPs", async () => {
        expect(await resourceViolations(policy, TYPE, { mapPublicIpOnLaunch: false })).to.deep.equal([]);
    });

    it("flags mapPublicIpOnLaunch", async () => {
        expect(await resourceViolations(policy, TYPE, { mapPublicIpOnLaunch: true })).to.deep.equal([
            "mapPublicIpOnLaunch is true; set it to false.",
        ]);
    });
});
