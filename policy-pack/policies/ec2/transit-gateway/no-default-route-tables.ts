import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/**
 * Transit Gateways must not auto-accept shared attachments nor associate or propagate attachments into
 * a default route table, so every attachment is placed explicitly (and inspected).
 */
export const transitGatewayNoDefaultRouteTables: ResourceValidationPolicy = {
    name: "ec2-transit-gateway-no-default-route-tables",
    description:
        "Transit Gateways must not auto-accept shared attachments nor use default route-table association or propagation.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(
        aws.ec2transitgateway.TransitGateway,
        (tgw, _args, reportViolation) => {
            const settings = {
                autoAcceptSharedAttachments: tgw.autoAcceptSharedAttachments,
                defaultRouteTableAssociation: tgw.defaultRouteTableAssociation,
                defaultRouteTablePropagation: tgw.defaultRouteTablePropagation,
            };
            for (const [field, value] of Object.entries(settings)) {
                // AWS defaults: auto-accept off, default association and propagation on.
                const effective = value ?? (field === "autoAcceptSharedAttachments" ? "disable" : "enable");
                if (effective !== "disable") {
                    reportViolation(`${field} is '${effective}'; set it to 'disable' (FSBP EC2.23).`);
                }
            }
        },
    ),
};
