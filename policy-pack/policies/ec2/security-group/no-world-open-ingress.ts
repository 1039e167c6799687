import { resourcePolicy } from "../../../lib/policy";
import {
    isWorldOpen,
    portsText,
    rulesOf,
    SECURITY_GROUP_RULE_TYPES,
    SECURITY_GROUP_TYPES,
} from "../../../lib/network";

/** Security groups must not admit the internet (0.0.0.0/0 or ::/0) except on the allowed public ports. */
export const securityGroupNoWorldOpenIngress = resourcePolicy<{ allowedPublicPorts: number[] }>({
    name: "ec2-security-group-no-world-open-ingress",
    description:
        "Security groups must not admit the internet (0.0.0.0/0 or ::/0) except on the allowed public ports.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        fsbp: ["EC2.18"],
        cdkNag: ["AwsSolutions-EC23"],
        checkov: ["CKV_AWS_260", "CKV_AWS_277"],
    },
    configSchema: {
        properties: {
            allowedPublicPorts: {
                type: "array",
                items: { type: "integer", minimum: 0, maximum: 65535 },
                default: [80, 443],
                description: "TCP ports a security group may open to the internet.",
            },
        },
    },
    resourceTypes: [...SECURITY_GROUP_TYPES, ...SECURITY_GROUP_RULE_TYPES],
    check: (props, { type, config }) =>
        rulesOf(type, props)
            .ingress.filter(isWorldOpen)
            .filter(
                (rule) =>
                    !(
                        rule.protocol === "tcp" &&
                        rule.fromPort === rule.toPort &&
                        config.allowedPublicPorts.includes(rule.fromPort)
                    ),
            )
            .map(
                (rule) =>
                    `${rule.where} opens ${portsText(rule)} to the internet; allowed public ports are ${config.allowedPublicPorts.join(", ") || "none"}.`,
            ),
});
