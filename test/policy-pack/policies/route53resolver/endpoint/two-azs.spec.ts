import { expect } from "chai";
import { resolverEndpointTwoAzs as policy } from "../../../../../policy-pack/policies/route53resolver/endpoint/two-azs";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:route53/resolverEndpoint:ResolverEndpoint";
const compliant = {
    direction: "INBOUND",
    securityGroupIds: ["sg-0123456789abcdef0"],
    ipAddresses: [
        { subnetId: "subnet-0aaaaaaaaaaaaaaaa", ip: "10.64.1.4" },
        { subnetId: "subnet-0bbbbbbbbbbbbbbbb", ip: "10.64.1.36" },
    ],
};

describe("route53resolver-endpoint-two-azs", () => {
    it("passes an endpoint with addresses in two subnets", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags an endpoint with one address", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, ipAddresses: [compliant.ipAddresses[0]] }),
        ).to.deep.equal(["ipAddresses has 1 entry; give the endpoint an address in at least two AZs."]);
    });

    it("flags an endpoint with two addresses in the same subnet", async () => {
        const ipAddresses = [
            compliant.ipAddresses[0],
            { ...compliant.ipAddresses[1], subnetId: "subnet-0aaaaaaaaaaaaaaaa" },
        ];
        expect(await resourceViolations(policy, TYPE, { ...compliant, ipAddresses })).to.deep.equal([
            "every ipAddresses entry is in subnet 'subnet-0aaaaaaaaaaaaaaaa'; put the addresses in subnets of at least two AZs.",
        ]);
    });

    it("only counts the addresses when subnet IDs are unknown in a preview", async () => {
        const unknownSubnets = compliant.ipAddresses.map((a) => ({ ...a, subnetId: UNKNOWN_VALUE }));
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, ipAddresses: unknownSubnets }),
        ).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, ipAddresses: [unknownSubnets[0]] }),
        ).to.deep.equal(["ipAddresses has 1 entry; give the endpoint an address in at least two AZs."]);
    });

    it("waits for the update when the whole list is unknown", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliant, ipAddresses: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });
});
