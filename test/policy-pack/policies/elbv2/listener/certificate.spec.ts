import { expect } from "chai";
import { elbv2ListenerCertificate as policy } from "../../../../../policy-pack/policies/elbv2/listener/certificate";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:lb/listener:Listener";
const https = {
    port: 443,
    protocol: "HTTPS",
    certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/1",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
};

describe("elbv2-listener-certificate", () => {
    it("passes an ACM certificate (in any partition), an unknown one, and listeners without TLS", async () => {
        for (const props of [
            https,
            { ...https, certificateArn: "arn:aws-us-gov:acm:us-gov-west-1:111111111111:certificate/1" },
            { ...https, certificateArn: UNKNOWN_VALUE },
            { port: 80, protocol: "HTTP" },
        ]) {
            expect(await resourceViolations(policy, TYPE, props), JSON.stringify(props)).to.deep.equal([]);
        }
    });

    it("flags an HTTPS or TLS listener without a certificate", async () => {
        expect(await resourceViolations(policy, TYPE, { ...https, certificateArn: undefined })).to.deep.equal(
            ["HTTPS listener has no certificateArn; give it an ACM certificate."],
        );
        expect(
            await resourceViolations(policy, TYPE, { ...https, protocol: "TLS", certificateArn: "" }),
        ).to.deep.equal(["TLS listener has no certificateArn; give it an ACM certificate."]);
    });

    it("flags an IAM server certificate", async () => {
        const iam = "arn:aws:iam::111111111111:server-certificate/items";
        expect(await resourceViolations(policy, TYPE, { ...https, certificateArn: iam })).to.deep.equal([
            `HTTPS listener's certificate ${iam} is not from ACM; use an ACM certificate, which renews itself.`,
        ]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, { ...https, certificateArn: undefined });
        expect(diagnostic.level).to.equal("advisory");
    });
});
