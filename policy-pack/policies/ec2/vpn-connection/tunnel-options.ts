import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, list } from "../../../lib/props";

/** The Diffie-Hellman groups below 2048-bit MODP (AWS still allows 2, and 5 in phase 2, by default). */
const MIN_DH_GROUP = 14;

/**
 * Both tunnels of a Site-to-Site VPN must negotiate IKEv2 only, without SHA-1 or Diffie-Hellman
 * groups below 14, and log to CloudWatch Logs. AWS defaults allow IKEv1, SHA-1 and group 2, so an
 * unset list is a violation too.
 */
export const vpnConnectionTunnelOptions = resourcePolicy({
    name: "ec2-vpn-connection-tunnel-options",
    description:
        "Site-to-Site VPN tunnels must use IKEv2 only, no SHA-1 or Diffie-Hellman group below 14, and log to CloudWatch Logs.",
    enforcementLevel: "advisory",
    metadata: { severity: "high" },
    resourceTypes: ["aws:ec2/vpnConnection:VpnConnection"],
    check: (props) =>
        [1, 2].flatMap((n) => {
            const field = (key: string) => `tunnel${n}${key}`;
            const found: string[] = [];
            const ike = props[field("IkeVersions")];
            if (!isUnknown(ike)) {
                const versions = list(ike).map(String);
                if (versions.length === 0 || versions.includes("ikev1")) {
                    found.push(
                        `${field("IkeVersions")} ${versions.length ? "includes ikev1" : "is unset (AWS allows ikev1)"}; set it to ["ikev2"].`,
                    );
                }
            }
            for (const phase of [1, 2]) {
                const integrity = props[field(`Phase${phase}IntegrityAlgorithms`)];
                if (!isUnknown(integrity)) {
                    const algorithms = list(integrity).map(String);
                    if (algorithms.length === 0 || algorithms.includes("SHA1")) {
                        found.push(
                            `${field(`Phase${phase}IntegrityAlgorithms`)} ${algorithms.length ? "includes SHA1" : "is unset (AWS allows SHA1)"}; keep SHA2-256, SHA2-384 and SHA2-512.`,
                        );
                    }
                }
                const groups = props[field(`Phase${phase}DhGroupNumbers`)];
                if (!isUnknown(groups)) {
                    const numbers = list(groups).map(Number);
                    const weak = numbers.filter((g) => g < MIN_DH_GROUP);
                    if (numbers.length === 0 || weak.length > 0) {
                        found.push(
                            `${field(`Phase${phase}DhGroupNumbers`)} ${numbers.length ? `includes group(s) ${weak.join(", ")}` : "is unset (AWS allows group 2)"}; keep groups ${MIN_DH_GROUP} and up.`,
                        );
                    }
                }
            }
            const logs = at(props, `${field("LogOptions")}.cloudwatchLogOptions.logEnabled`);
            if (!isUnknown(logs) && logs !== true) {
                found.push(
                    `${field("LogOptions")}.cloudwatchLogOptions.logEnabled is not true; log the tunnel to CloudWatch Logs.`,
                );
            }
            return found;
        }),
});
