import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";

/** The port GENEVE encapsulation uses between a Gateway Load Balancer and its appliances. */
export const GENEVE_PORT = 6081;

/**
 * Gateway Load Balancer target groups must use GENEVE on port 6081. A GENEVE target group on another
 * port, or a target group on 6081 that is not GENEVE, is a gateway target group declared wrong: the
 * appliances would never see the encapsulated traffic.
 */
export const targetGroupGwlbGeneve = resourcePolicy({
    name: "elbv2-target-group-gwlb-geneve",
    description: "Gateway Load Balancer target groups must use protocol GENEVE on port 6081.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    resourceTypes: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    check: (props) => {
        const protocol = str(props.protocol)?.toUpperCase();
        const port = typeof props.port === "number" && !isUnknown(props.port) ? props.port : undefined;
        if (protocol === "GENEVE" && port !== undefined && port !== GENEVE_PORT) {
            return [
                `protocol is GENEVE but port is ${port}; GENEVE target groups must use port ${GENEVE_PORT}.`,
            ];
        }
        if (protocol !== undefined && protocol !== "GENEVE" && port === GENEVE_PORT) {
            return [
                `port is ${GENEVE_PORT} (GENEVE) but protocol is ${protocol}; a Gateway Load Balancer target group must use protocol GENEVE.`,
            ];
        }
        return [];
    },
});
