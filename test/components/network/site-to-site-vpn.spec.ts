import { expect } from "chai";
import { SiteToSiteVpn, type SiteToSiteVpnArgs } from "../../../components/network/site-to-site-vpn";
import { isUnknown, runProgram, type Recorded } from "../../harness";

const CGW = "aws:ec2/customerGateway:CustomerGateway";
const VPN = "aws:ec2/vpnConnection:VpnConnection";
const ASSOCIATION = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation";
const TGW_TABLE = "aws:ec2transitgateway/routeTable:RouteTable";
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";
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
        inspectionAttachmentId: "tgw-attach-0inspection000000",
        advertisedCidrs: ["10.64.1.0/24", "10.72.0.0/14"],
        inspectionRouteTableId: "tgw-rtb-inspection",
        tunnelLogs: { kmsKeyArn: KMS_KEY, retentionDays: 90, logGroupName: "/hub-network/dev/vpn-tunnels" },
        tags: { owner: "network-team" },
    };
}

function runVpn(preview = false, args: Partial<SiteToSiteVpnArgs> = {}): Promise<Recorded> {
    return runProgram(
        () => {
            const vpn = new SiteToSiteVpn("on-premises-vpn", { ...vpnArgs(), ...args });
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

    it("associates the VPN attachment with a table of its own and propagates it into inspection", () => {
        const vpn = run.find(VPN, "on-premises-vpn-connection");
        const attachment = vpn.outputs.transitGatewayAttachmentId;
        expect(attachment).to.match(/^tgw-attach-[0-9a-f]{17}$/);
        const table = run.find(TGW_TABLE, "on-premises-vpn-routes");
        expect(table.inputs.transitGatewayId).to.equal("tgw-0123456789abcdef0");
        expect(table.inputs.tags).to.deep.include({ "hub-network:tgw-route-table": "vpn" });
        const association = run.find(ASSOCIATION, "on-premises-vpn-association");
        expect(association.inputs).to.deep.include({
            transitGatewayAttachmentId: attachment,
            transitGatewayRouteTableId: table.id,
            replaceExistingAssociation: true,
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

    it("holds only the advertised ranges in the VPN's table, each to the inspection attachment", () => {
        const table = run.find(TGW_TABLE, "on-premises-vpn-routes");
        const routes = run.all(TGW_ROUTE).map((r) => r.inputs);
        expect(routes).to.deep.equal([
            {
                transitGatewayRouteTableId: table.id,
                destinationCidrBlock: "10.64.1.0/24",
                transitGatewayAttachmentId: "tgw-attach-0inspection000000",
            },
            {
                transitGatewayRouteTableId: table.id,
                destinationCidrBlock: "10.72.0.0/14",
                transitGatewayAttachmentId: "tgw-attach-0inspection000000",
            },
        ]);
    });

    it("moves the association of an earlier version (with spokes) by deleting it first", () => {
        const association = run.find(ASSOCIATION, "on-premises-vpn-association");
        expect(association.aliases).to.deep.equal([
            association.urn.replace(/::on-premises-vpn-association$/, "::on-premises-vpn-spokes-association"),
        ]);
        expect(association.deleteBeforeReplace).to.equal(true);
    });

    it("refuses a default route or no range at all, before declaring anything", async () => {
        for (const [advertisedCidrs, message] of [
            [["10.64.1.0/24", "0.0.0.0/0"], /advertisedCidrs has 0\.0\.0\.0\/0, a default route/],
            [[], /advertisedCidrs is empty/],
        ] as const) {
            let error: unknown;
            try {
                await runVpn(false, { advertisedCidrs });
            } catch (e) {
                error = e;
            }
            expect(String(error)).to.match(message);
        }
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
