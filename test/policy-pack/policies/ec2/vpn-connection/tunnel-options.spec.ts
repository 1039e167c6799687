import { expect } from "chai";
import { VPN_TUNNEL_PROPOSALS } from "../../../../../components/network/site-to-site-vpn";
import { vpnConnectionTunnelOptions as policy } from "../../../../../policy-pack/policies/ec2/vpn-connection/tunnel-options";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:ec2/vpnConnection:VpnConnection";

/** Both tunnels as SiteToSiteVpn declares them. */
function tunnels(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    for (const n of [1, 2]) {
        props[`tunnel${n}IkeVersions`] = [...VPN_TUNNEL_PROPOSALS.ikeVersions];
        props[`tunnel${n}Phase1IntegrityAlgorithms`] = [...VPN_TUNNEL_PROPOSALS.phase1IntegrityAlgorithms];
        props[`tunnel${n}Phase2IntegrityAlgorithms`] = [...VPN_TUNNEL_PROPOSALS.phase2IntegrityAlgorithms];
        props[`tunnel${n}Phase1DhGroupNumbers`] = [...VPN_TUNNEL_PROPOSALS.phase1DhGroupNumbers];
        props[`tunnel${n}Phase2DhGroupNumbers`] = [...VPN_TUNNEL_PROPOSALS.phase2DhGroupNumbers];
        props[`tunnel${n}LogOptions`] = {
            cloudwatchLogOptions: { logEnabled: true, logGroupArn: UNKNOWN_VALUE, logOutputFormat: "json" },
        };
    }
    return { type: "ipsec.1", ...props, ...overrides };
}

describe("ec2-vpn-connection-tunnel-options", () => {
    it("passes the tunnels SiteToSiteVpn declares, with the log group still unknown", async () => {
        expect(await resourceViolations(policy, TYPE, tunnels())).to.deep.equal([]);
    });

    it("flags every option left to the AWS defaults, on both tunnels", async () => {
        const violations = await resourceViolations(policy, TYPE, { type: "ipsec.1" });
        expect(violations.filter((v) => v.startsWith("tunnel1"))).to.deep.equal([
            'tunnel1IkeVersions is unset (AWS allows ikev1); set it to ["ikev2"].',
            "tunnel1Phase1IntegrityAlgorithms is unset (AWS allows SHA1); keep SHA2-256, SHA2-384 and SHA2-512.",
            "tunnel1Phase1DhGroupNumbers is unset (AWS allows group 2); keep groups 14 and up.",
            "tunnel1Phase2IntegrityAlgorithms is unset (AWS allows SHA1); keep SHA2-256, SHA2-384 and SHA2-512.",
            "tunnel1Phase2DhGroupNumbers is unset (AWS allows group 2); keep groups 14 and up.",
            "tunnel1LogOptions.cloudwatchLogOptions.logEnabled is not true; log the tunnel to CloudWatch Logs.",
        ]);
        expect(violations).to.have.length(12);
    });

    it("flags IKEv1, SHA-1 and weak groups on one tunnel only", async () => {
        const violations = await resourceViolations(
            policy,
            TYPE,
            tunnels({
                tunnel2IkeVersions: ["ikev1", "ikev2"],
                tunnel2Phase1IntegrityAlgorithms: ["SHA1", "SHA2-256"],
                tunnel2Phase2DhGroupNumbers: [2, 5, 14],
            }),
        );
        expect(violations).to.deep.equal([
            'tunnel2IkeVersions includes ikev1; set it to ["ikev2"].',
            "tunnel2Phase1IntegrityAlgorithms includes SHA1; keep SHA2-256, SHA2-384 and SHA2-512.",
            "tunnel2Phase2DhGroupNumbers includes group(s) 2, 5; keep groups 14 and up.",
        ]);
    });

    it("flags a tunnel whose logging is off, and waits for options unknown in a preview", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                tunnels({ tunnel1LogOptions: { cloudwatchLogOptions: { logEnabled: false } } }),
            ),
        ).to.deep.equal([
            "tunnel1LogOptions.cloudwatchLogOptions.logEnabled is not true; log the tunnel to CloudWatch Logs.",
        ]);
        expect(
            await resourceViolations(
                policy,
                TYPE,
                tunnels({ tunnel1LogOptions: UNKNOWN_VALUE, tunnel1IkeVersions: UNKNOWN_VALUE }),
            ),
        ).to.deep.equal([]);
    });
});
