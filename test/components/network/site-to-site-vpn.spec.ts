import { expect } from "chai";
import { SiteToSiteVpn, type SiteToSiteVpnArgs } from "../../../components/network/site-to-site-vpn";
import { isUnknown, runProgram, type Recorded } from "../../harness";

const CGW = "aws:ec2/customerGateway:CustomerGateway";
const VPN = "aws:ec2/vpnConnection:VpnConnection";
const ASSOCIATION = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation";
const PROPAGATION = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;

function vpnArgs(): SiteToSiteVpnArgs {
    return {
        accountId: ACCOUNT,
        region: REGION,
        customerGatewayIp: "203.0.113.10",
        bgpAsn: 65010,
        transitGatewayId: "tgw-0123456789abcdef0",
        spokeRouteTableId: "tgw-rtb-spokes",
        inspectionRouteTableId: "tgw-rtb-inspection",
        tunnelLogs: { kmsKeyArn: KMS_KEY, retentionDays: 90, logGroupName: "/hub-network/dev/vpn-tunnels" },
        tags: { owner: "network-team" },
    };
}

function runVpn(preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            const vpn = new SiteToSiteVpn("on-premises-vpn", vpnArgs());
            return {
                vpnConnectionId: vpn.vpnConnectionId,
                attachmentId: vpn.attachmentId,
                tunnelAddresses: vpn.tunnelAddresses,
            };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

describe("SiteToSiteVpn", () => {
    let run: Recorded;
    before(async () => {
        run = await runVpn();
    });

    it("declares a customer gateway for the device's public address and BGP ASN", () => {
        const cgw = run.find(CGW, "on-premises-vpn-cgw");
        expect(cgw.inputs).to.include({ type: "ipsec.1", ipAddress: "203.0.113.10", bgpAsn: "65010" });
        expect(cgw.inputs.tags).to.deep.equal({ owner: "network-team", Name: "on-premises-vpn-cgw" });
    });

    it("connects the customer gateway to the Transit Gateway with BGP routing", () => {
        const vpn = run.find(VPN, "on-premises-vpn-connection");
        const cgw = run.find(CGW, "on-premises-vpn-cgw");
        expect(vpn.inputs).to.include({
            type: "ipsec.1",
            customerGatewayId: cgw.id,
            transitGatewayId: "tgw-0123456789abcdef0",
            staticRoutesOnly: false,
            outsideIpAddressType: "PublicIpv4",
        });
        expect(vpn.inputs).not.to.have.property("vpnGatewayId");
    });

    it("gives both tunnels IKEv2, AES-256, SHA-2 and DH groups of 14 and up, DPD restart and logs", () => {
        const vpn = run.find(VPN, "on-premises-vpn-connection");
        const logGroup = run.find(LOG_GROUP, "on-premises-vpn-tunnel-logs");
        for (const n of [1, 2]) {
            const field = (key: string) => vpn.inputs[`tunnel${n}${key}`];
            expect(field("IkeVersions")).to.deep.equal(["ikev2"]);
            for (const phase of [1, 2]) {
                expect(field(`Phase${phase}EncryptionAlgorithms`)).to.deep.equal(["AES256", "AES256-GCM-16"]);
                expect(field(`Phase${phase}IntegrityAlgorithms`)).to.deep.equal([
                    "SHA2-256",
                    "SHA2-384",
                    "SHA2-512",
                ]);
                const groups = field(`Phase${phase}DhGroupNumbers`) as number[];
                expect(Math.min(...groups)).to.equal(14);
            }
            expect(field("DpdTimeoutAction")).to.equal("restart");
            expect(field("LogOptions")).to.deep.equal({
                cloudwatchLogOptions: {
                    logEnabled: true,
                    logGroupArn: logGroup.outputs.arn,
                    logOutputFormat: "json",
                },
            });
        }
    });

    it("logs the tunnels to a KMS-encrypted log group with retention", () => {
        const logGroup = run.find(LOG_GROUP, "on-premises-vpn-tunnel-logs");
        expect(logGroup.inputs).to.include({
            name: "/hub-network/dev/vpn-tunnels",
            kmsKeyId: KMS_KEY,
            retentionInDays: 90,
        });
    });

    it("associates the VPN attachment with spokes and propagates it into inspection", () => {
        const vpn = run.find(VPN, "on-premises-vpn-connection");
        const attachment = vpn.outputs.transitGatewayAttachmentId;
        expect(attachment).to.match(/^tgw-attach-[0-9a-f]{17}$/);
        const association = run.find(ASSOCIATION, "on-premises-vpn-spokes-association");
        expect(association.inputs).to.deep.include({
            transitGatewayAttachmentId: attachment,
            transitGatewayRouteTableId: "tgw-rtb-spokes",
        });
        const propagation = run.find(PROPAGATION, "on-premises-vpn-inspection-propagation");
        expect(propagation.inputs).to.deep.include({
            transitGatewayAttachmentId: attachment,
            transitGatewayRouteTableId: "tgw-rtb-inspection",
        });
        expect(run.all(ASSOCIATION)).to.have.length(1);
        expect(run.all(PROPAGATION)).to.have.length(1);
        // The route tables learn of the attachment from the connection, even in a preview.
        expect(association.propertyDependencies.transitGatewayAttachmentId).to.deep.equal([vpn.urn]);
    });

    it("exports the connection, its attachment and the two tunnel addresses", () => {
        const vpn = run.find(VPN, "on-premises-vpn-connection");
        expect(run.outputs.vpnConnectionId).to.equal(vpn.id);
        expect(run.outputs.attachmentId).to.equal(vpn.outputs.transitGatewayAttachmentId);
        const addresses = run.outputs.tunnelAddresses as string[];
        expect(addresses).to.deep.equal([vpn.outputs.tunnel1Address, vpn.outputs.tunnel2Address]);
        expect(new Set(addresses).size).to.equal(2);
    });

    it("leaves the attachment and tunnel addresses unknown in a preview", async () => {
        const preview = await runVpn(true);
        expect(isUnknown(preview.outputs.attachmentId)).to.equal(true);
        expect(isUnknown(preview.outputs.tunnelAddresses)).to.equal(true);
    });
});
