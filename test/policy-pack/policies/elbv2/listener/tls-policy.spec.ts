import { expect } from "chai";
import { elbv2ListenerTlsPolicy as policy } from "../../../../../policy-pack/policies/elbv2/listener/tls-policy";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:lb/listener:Listener";
const https = {
    loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/items/1",
    port: 443,
    protocol: "HTTPS",
    certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/1",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
};

describe("elbv2-listener-tls-policy", () => {
    it("passes TLS 1.2+ policies on HTTPS and TLS listeners", async () => {
        for (const sslPolicy of [
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
            UNKNOWN_VALUE,
        ]) {
            expect(await resourceViolations(policy, TYPE, { ...https, sslPolicy }), sslPolicy).to.deep.equal(
                [],
            );
        }
        expect(
            await resourceViolations(policy, "aws:alb/listener:Listener", {
                ...https,
                protocol: "TLS",
                port: 8443,
            }),
        ).to.deep.equal([]);
    });

    it("passes listeners that terminate no TLS (HTTP, TCP, a GWLB listener)", async () => {
        for (const protocol of ["HTTP", "TCP", "UDP", undefined]) {
            expect(
                await resourceViolations(policy, TYPE, { ...https, protocol, sslPolicy: undefined }),
            ).to.deep.equal([]);
        }
    });

    it("flags policies that accept TLS before 1.2", async () => {
        for (const sslPolicy of ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-1-2017-01"]) {
            expect(await resourceViolations(policy, TYPE, { ...https, sslPolicy })).to.deep.equal([
                `HTTPS listener uses sslPolicy ${sslPolicy}, which accepts TLS before 1.2; use e.g. ELBSecurityPolicy-TLS13-1-2-2021-06.`,
            ]);
        }
    });

    it("flags a TLS listener left on the default policy", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...https, protocol: "TLS", sslPolicy: undefined }),
        ).to.deep.equal([
            "TLS listener has no sslPolicy (the default, ELBSecurityPolicy-2016-08, accepts TLS 1.0); set e.g. ELBSecurityPolicy-TLS13-1-2-2021-06.",
        ]);
    });

    it("takes the allowed prefixes from its settings", async () => {
        expect(
            await resourceViolations(policy, TYPE, https, {
                allowedPolicyPrefixes: ["ELBSecurityPolicy-TLS13-1-3-"],
            }),
        ).to.have.length(1);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, {
            ...https,
            sslPolicy: "ELBSecurityPolicy-2016-08",
        });
        expect(diagnostic.level).to.equal("advisory");
    });
});
