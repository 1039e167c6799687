import type { StackResource, StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

/** The AZ of a subnet: its name, or its ID when only that is given. */
const azOf = (subnet: StackResource): string | undefined =>
    str(subnet.props.availabilityZone) ?? str(subnet.props.availabilityZoneId);

/**
 * A Network Firewall must have a subnet in every AZ that its VPC's Transit Gateway attachment uses.
 * This holds in any VPC with both (the inspection VPC). Traffic the Transit Gateway hands to the VPC in
 * an AZ without a firewall endpoint cannot be routed through the firewall of its own AZ. Subnets are
 * followed through the attachment's `subnetIds` and the firewall's `subnetMappings` (property
 * dependencies in a preview, IDs after an update).
 */
export const firewallCoversAttachmentAzs = stackPolicy({
    name: "networkfirewall-firewall-covers-attachment-azs",
    description:
        "A Network Firewall must have a subnet in every AZ that its VPC's Transit Gateway attachment uses.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    subjectType: T.firewall,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const vpc of graph.ofType(T.vpc)) {
            const firewalls = graph.referrers(vpc, "vpcId", T.firewall);
            const attachments = graph.referrers(vpc, "vpcId", T.tgwAttachment);
            for (const firewall of firewalls) {
                const covered = new Set(
                    graph
                        .nestedTargets(firewall, "subnetMappings", "subnetId", T.subnet)
                        .map(azOf)
                        .filter((az) => az !== undefined),
                );
                for (const attachment of attachments) {
                    const azs = graph
                        .targets(attachment, "subnetIds", T.subnet)
                        .map(azOf)
                        .filter((az): az is string => az !== undefined);
                    for (const az of [...new Set(azs)].filter((a) => !covered.has(a))) {
                        found.push({
                            urn: firewall.urn,
                            message: `Network Firewall '${firewall.name}' has no subnet in ${az}, which Transit Gateway attachment '${attachment.name}' uses; add a subnet mapping in ${az} so its traffic is inspected there.`,
                        });
                    }
                }
            }
        }
        return found;
    },
});
