import { stackPolicy } from "../../../lib/policy";
import { StackGraph, vpcRoleOf } from "../../../lib/stack";
import { T } from "../../../lib/types";

/** The Transit Gateway attachment of the inspection VPC must enable appliance mode, so flows stay in one AZ. */
export const vpcAttachmentInspectionApplianceMode = stackPolicy({
    name: "ec2transitgateway-vpc-attachment-inspection-appliance-mode",
    description:
        "The Transit Gateway attachment of the inspection VPC must enable appliance mode, so flows stay in one AZ.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    subjectType: T.vpc,
    check: (resources) => {
        const graph = new StackGraph(resources);
        return graph
            .ofType(T.vpc)
            .filter((vpc) => vpcRoleOf(vpc) === "inspection")
            .flatMap((vpc) => graph.referrers(vpc, "vpcId", T.tgwAttachment))
            .filter((attachment) => attachment.props.applianceModeSupport !== "enable")
            .map((attachment) => ({
                urn: attachment.urn,
                message: `attachment '${attachment.name}' of the inspection VPC has applianceModeSupport '${String(attachment.props.applianceModeSupport ?? "disable")}'; set it to 'enable'.`,
            }));
    },
});
