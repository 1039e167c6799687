import { expect } from "chai";
import { declaredRequiredFlows, lambdaApiRequiredFlows } from "../../../components/shared/required-flows";
import { flowEgress } from "../../../components/workloads/network";

describe("flowEgress: the security-group egress a workload's flows need beyond its endpoints", () => {
    const flows = lambdaApiRequiredFlows({
        name: "items",
        vpc: "items-vpc",
        tracing: true,
        jwksUrl: "https://login.example.com:8443/.well-known/jwks.json",
    });
    const declared = declaredRequiredFlows(flows[0].source, [
        { destination: "api.partner.example.com", port: 443, protocol: "tcp" },
        { destination: "172.16.20.0/24", port: 1521, protocol: "tcp" },
        // The same host and port twice: one rule.
        { destination: "api.partner.example.com", port: 443, protocol: "tcp", description: "again" },
    ]);

    it("names a range as it is and a host as its port to any address, once each; endpoints need none", () => {
        expect(flowEgress([...flows, ...declared])).to.deep.equal([
            {
                key: "login-example-com-tcp-8443",
                cidr: "0.0.0.0/0",
                protocol: "tcp",
                port: 8443,
                description: "TCP 8443 to login.example.com (the hub firewall allow-list decides by name)",
            },
            {
                key: "api-partner-example-com-tcp-443",
                cidr: "0.0.0.0/0",
                protocol: "tcp",
                port: 443,
                description:
                    "TCP 443 to api.partner.example.com (the hub firewall allow-list decides by name)",
            },
            {
                key: "172-16-20-0-24-tcp-1521",
                cidr: "172.16.20.0/24",
                protocol: "tcp",
                port: 1521,
                description: "TCP 1521 to 172.16.20.0/24",
            },
        ]);
    });

    it("adds nothing for a workload whose flows all go to endpoints", () => {
        expect(
            flowEgress(lambdaApiRequiredFlows({ name: "items", vpc: "items-vpc", tracing: true })),
        ).to.deep.equal([]);
    });
});
