import { resourcePolicy } from "../../../lib/policy";
import { isUnknown } from "../../../lib/props";

/** AWS defaults when a setting is left unset: auto-accept off, default association and propagation on. */
const AWS_DEFAULTS = {
    autoAcceptSharedAttachments: "disable",
    defaultRouteTableAssociation: "enable",
    defaultRouteTablePropagation: "enable",
} as const;

/**
 * Transit Gateways must not auto-accept shared attachments nor use default route-table association or
 * propagation.
 */
export const transitGatewayNoDefaultRouteTables = resourcePolicy({
    name: "ec2-transit-gateway-no-default-route-tables",
    description:
        "Transit Gateways must not auto-accept shared attachments nor use default route-table association or propagation.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["EC2.23"] },
    resourceTypes: ["aws:ec2transitgateway/transitGateway:TransitGateway"],
    check: (props) =>
        Object.entries(AWS_DEFAULTS).flatMap(([field, fallback]) => {
            const value = props[field];
            if (isUnknown(value)) return [];
            const effective = value ?? fallback;
            return effective === "disable"
                ? []
                : [`${field} is '${String(effective)}'; set it to 'disable' (FSBP EC2.23).`];
        }),
});
