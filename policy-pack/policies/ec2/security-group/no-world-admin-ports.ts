import {
    coversPort,
    isWorldOpen,
    portsText,
    rulesOf,
    SECURITY_GROUP_RULE_TYPES,
    SECURITY_GROUP_TYPES,
} from "../../../lib/network";
import { resourcePolicy } from "../../../lib/policy";

/** Remote administration and database ports attackers scan for first. */
export const ADMIN_PORTS: Readonly<Record<number, string>> = {
    22: "SSH",
    3389: "RDP",
    1433: "SQL Server",
    1521: "Oracle",
    3306: "MySQL",
    5432: "PostgreSQL",
    5439: "Redshift",
    6379: "Redis",
    9200: "OpenSearch",
    11211: "Memcached",
    27017: "MongoDB",
};

/** Security groups must never open SSH, RDP or database ports to the internet. */
export const securityGroupNoWorldAdminPorts = resourcePolicy({
    name: "ec2-security-group-no-world-admin-ports",
    description: "Security groups must never open SSH, RDP or database ports to the internet.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        fsbp: ["EC2.13", "EC2.14", "EC2.19"],
        cdkNag: ["AwsSolutions-EC23"],
        checkov: ["CKV_AWS_24", "CKV_AWS_25"],
    },
    resourceTypes: [...SECURITY_GROUP_TYPES, ...SECURITY_GROUP_RULE_TYPES],
    check: (props, { type }) =>
        rulesOf(type, props)
            .ingress.filter(isWorldOpen)
            .flatMap((rule) => {
                const exposed = Object.entries(ADMIN_PORTS).filter(([port]) =>
                    coversPort(rule, Number(port)),
                );
                return exposed.length === 0
                    ? []
                    : [
                          `${rule.where} opens ${portsText(rule)} to the internet, exposing ${exposed.map(([p, what]) => `${what} (${p})`).join(", ")}.`,
                      ];
            }),
});
