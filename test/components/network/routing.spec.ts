import { expect } from "chai";
import { firewallEndpointId, type FirewallStatusLike } from "../../../components/network/routing";

const ENDPOINTS: Record<string, string> = {
    "eu-west-1a": "vpce-0aaaaaaaaaaaaaaaa",
    "eu-west-1b": "vpce-0bbbbbbbbbbbbbbbb",
    "eu-west-1c": "vpce-0cccccccccccccccc",
};

const stateIn = (az: string) => ({
    availabilityZone: az,
    attachments: [{ endpointId: ENDPOINTS[az], subnetId: `subnet-${az}`, status: "READY" }],
});

function permutations<T>(items: readonly T[]): T[][] {
    if (items.length <= 1) return [[...items]];
    return items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
    );
}

describe("firewallEndpointId", () => {
    it("finds the endpoint of each AZ whatever order the sync states come in", () => {
        const orders = permutations(Object.keys(ENDPOINTS));
        expect(orders).to.have.length(6);
        for (const order of orders) {
            const statuses: FirewallStatusLike[] = [{ syncStates: order.map(stateIn) }];
            for (const az of Object.keys(ENDPOINTS)) {
                expect(firewallEndpointId(statuses, az), `${az} in ${order.join(",")}`).to.equal(
                    ENDPOINTS[az],
                );
            }
        }
    });

    it("searches the sync states of every firewall status", () => {
        const statuses: FirewallStatusLike[] = [
            { syncStates: [stateIn("eu-west-1b")] },
            { syncStates: [] },
            { syncStates: [stateIn("eu-west-1c"), stateIn("eu-west-1a")] },
        ];
        expect(firewallEndpointId(statuses, "eu-west-1a")).to.equal(ENDPOINTS["eu-west-1a"]);
        expect(firewallEndpointId(statuses, "eu-west-1b")).to.equal(ENDPOINTS["eu-west-1b"]);
    });

    it("throws naming the missing AZ and the AZs that have endpoints", () => {
        const statuses: FirewallStatusLike[] = [
            { syncStates: [stateIn("eu-west-1b"), stateIn("eu-west-1a")] },
        ];
        expect(() => firewallEndpointId(statuses, "eu-west-1c")).to.throw(
            "the firewall has no endpoint in eu-west-1c (endpoints in: eu-west-1b, eu-west-1a)",
        );
    });

    it("throws naming the AZ when the firewall has no statuses at all", () => {
        for (const statuses of [undefined, [], [{}], [{ syncStates: [] }]]) {
            expect(() => firewallEndpointId(statuses, "eu-west-1a"), JSON.stringify(statuses)).to.throw(
                /no endpoint in eu-west-1a \(endpoints in: none\)/,
            );
        }
    });

    it("does not use a sync state of the AZ that has no endpoint attachment yet", () => {
        const statuses: FirewallStatusLike[] = [
            { syncStates: [{ availabilityZone: "eu-west-1a", attachments: [] }, stateIn("eu-west-1b")] },
        ];
        expect(() => firewallEndpointId(statuses, "eu-west-1a")).to.throw(/no endpoint in eu-west-1a/);
    });
});
