import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { list, record, str } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

const LOGGING = "aws:networkfirewall/loggingConfiguration:LoggingConfiguration";

/**
 * Every Network Firewall must have a logging configuration that sends the required log types (by
 * default ALERT, what the stateful rules dropped or alerted on, and FLOW, every flow) to a
 * destination. A firewall without one inspects in the dark. The configuration is followed through
 * its `firewallArn` (property dependencies in a preview, the ARN after an update).
 */
export const firewallLogging = stackPolicy<{ requiredLogTypes: string[] }>({
    name: "networkfirewall-firewall-logging",
    description: "Every Network Firewall must log the required log types (ALERT and FLOW by default).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["NetworkFirewall.2"], checkov: ["CKV2_AWS_63"] },
    configSchema: {
        properties: {
            requiredLogTypes: {
                type: "array",
                items: { type: "string", enum: ["ALERT", "FLOW", "TLS"] },
                default: ["ALERT", "FLOW"],
                description: "Log types every firewall must send somewhere.",
            },
        },
    },
    subjectType: T.firewall,
    check: (resources, config) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const firewall of graph.ofType(T.firewall)) {
            const logged = new Set(
                graph
                    .referrers(firewall, "firewallArn", LOGGING)
                    .flatMap((c) => list(record(c.props.loggingConfiguration).logDestinationConfigs))
                    .map((d) => str(record(d).logType)),
            );
            const missing = config.requiredLogTypes.filter((t) => !logged.has(t));
            if (missing.length > 0) {
                found.push({
                    urn: firewall.urn,
                    message: `firewall '${firewall.name}' does not log ${missing.join(" or ")}; add a LoggingConfiguration with a destination for each.`,
                });
            }
        }
        return found;
    },
});
