import * as aws from "@pulumi/aws";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { expect } from "chai";
import { transitGatewayNoDefaultRouteTables } from "../../../../../policy-pack/policies/ec2/transit-gateway/no-default-route-tables";

async function violations(props: Record<string, unknown>): Promise<string[]> {
    const found: string[] = [];
    const args = {
        type: "aws:ec2transitgateway/transitGateway:TransitGateway",
        props,
        urn: "urn:pulumi:test::hub-network::aws:ec2transitgateway/transitGateway:TransitGateway::hub-tgw",
        name: "hub-tgw",
        opts: {},
        isType: (cls: unknown) => cls === aws.ec2transitgateway.TransitGateway,
        asType: () => props,
        getConfig: () => ({}),
        notApplicable: () => undefined,
    } as unknown as ResourceValidationArgs;
    const validate = transitGatewayNoDefaultRouteTables.validateResource;
    await (Array.isArray(validate) ? validate[0] : validate!)(args, (message) => found.push(message));
    return found;
}

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
});
