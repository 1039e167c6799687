import { expect } from "chai";
import { vpcEndpointServiceNoWildcardPrincipals as policy } from "../../../../../policy-pack/policies/ec2/vpc-endpoint-service/no-wildcard-principals";
import { resourceViolations } from "../../../support";

const SERVICE = "aws:ec2/vpcEndpointService:VpcEndpointService";
const MESSAGE = "allows principal '*'; list the accounts or roles that may connect.";

describe("ec2-vpc-endpoint-service-no-wildcard-principals", () => {
    it("passes a service that lists its principals", async () => {
        const props = { allowedPrincipals: ["arn:aws:iam::222222222222:root"] };
        expect(await resourceViolations(policy, SERVICE, props)).to.deep.equal([]);
    });

    it("flags a service that allows every principal", async () => {
        expect(await resourceViolations(policy, SERVICE, { allowedPrincipals: ["*"] })).to.deep.equal([
            MESSAGE,
        ]);
    });

    it("flags a stand-alone allowed-principal resource for '*'", async () => {
        const type = "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple";
        expect(await resourceViolations(policy, type, { principalArn: "*" })).to.deep.equal([MESSAGE]);
    });
});
