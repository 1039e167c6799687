import { resourcePolicy } from "../../../lib/policy";
import { isUnknown } from "../../../lib/props";

/** Network Firewalls must have delete and subnet-change protection on. */
export const firewallProtection = resourcePolicy<{ requireProtection: boolean }>({
    name: "networkfirewall-firewall-protection",
    description: "Network Firewalls must have delete and subnet-change protection on.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["NetworkFirewall.9", "NetworkFirewall.10"] },
    configSchema: {
        properties: {
            requireProtection: {
                type: "boolean",
                default: true,
                description: "Require delete and subnet-change protection (turn off for throw-away stacks).",
            },
        },
    },
    resourceTypes: ["aws:networkfirewall/firewall:Firewall"],
    check: (props, { config }) =>
        config.requireProtection
            ? (["deleteProtection", "subnetChangeProtection"] as const)
                  .filter((field) => props[field] !== true && !isUnknown(props[field]))
                  .map((field) => `${field} is ${String(props[field] ?? false)}; set it to true.`)
            : [],
});
