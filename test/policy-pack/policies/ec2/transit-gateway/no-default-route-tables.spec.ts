import { expect } from "chai";
import { transitGatewayNoDefaultRouteTables as policy } from "../../../../../policy-pack/policies/ec2/transit-gateway/no-default-route-tables";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:ec2transitgateway/transitGateway:TransitGateway";
const violations = (props: Record<string, unknown>) => resourceViolations(policy, TYPE, props);

const compliant = {
    autoAcceptSharedAttachments: "disable",
    defaultRouteTableAssociation: "disable",
    defaultRouteTablePropagation: "disable",
};

describe("ec2-transit-gateway-no-default-route-tables", () => {
    it("passes a Transit Gateway with auto-accept and both default tables disabled", async () => {
        expect(await violations(compliant)).to.deep.equal([]);
    });

    it("flags auto-accept of shared attachments", async () => {
        expect(await violations({ ...compliant, autoAcceptSharedAttachments: "enable" })).to.deep.equal([
            "autoAcceptSharedAttachments is 'enable'; set it to 'disable' (FSBP EC2.23).",
        ]);
    });

    it("flags the AWS defaults when association and propagation are left unset", async () => {
        expect(await violations({ autoAcceptSharedAttachments: "disable" })).to.deep.equal([
            "defaultRouteTableAssociation is 'enable'; set it to 'disable' (FSBP EC2.23).",
            "defaultRouteTablePropagation is 'enable'; set it to 'disable' (FSBP EC2.23).",
        ]);
    });

    it("does not judge a setting that is unknown in a preview", async () => {
        expect(await violations({ ...compliant, defaultRouteTableAssociation: UNKNOWN_VALUE })).to.deep.equal(
            [],
        );
    });

    it("ignores other resource types", async () => {
        expect(await resourceViolations(policy, "aws:ec2/vpc:Vpc", {})).to.deep.equal([]);
    });
});
