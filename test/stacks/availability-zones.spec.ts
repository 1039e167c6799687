import { expect } from "chai";
import type { Document } from "yaml";
import { accountZones } from "../../cli/mock-cloud/zones";
import { chooseZonesById } from "../../components/shared/availability-zones";
import { copyProject, runEnvironment } from "../harness";

/** Two accounts whose first two AZ names of eu-west-1 are different physical AZs. */
const NETWORK = "100000000001";
const SECURITY = "200000000002";

/** dev with its network and security stacks in the accounts above. */
function withAccounts(): string {
    const pin = (account: string) => (doc: Document) =>
        doc.setIn(["config", "aws:allowedAccountIds"], [account]);
    return copyProject({
        "stacks/environments/dev.yaml": (doc) => {
            doc.setIn(["accounts", "network"], NETWORK);
            doc.setIn(["accounts", "security"], SECURITY);
        },
        "stacks/config/Pulumi.network-dev.yaml": pin(NETWORK),
        "stacks/config/Pulumi.security-dev.yaml": pin(SECURITY),
    });
}

describe("AZs chosen by AZ ID", () => {
    it("uses accounts whose AZ names differ (the premise of the tests below)", () => {
        const first = (account: string) => [...accountZones("eu-west-1", account).zoneIds.slice(0, 2)].sort();
        expect(first(NETWORK)).to.not.deep.equal(first(SECURITY));
    });

    it("puts the hub and the appliance fleet in the same AZ IDs, under each account's own names", async () => {
        const root = withAccounts();
        const runs = await runEnvironment("dev", {
            root,
            only: (s) => s === "network-dev" || s === "security-dev",
        });
        const hub = runs["network-dev"].outputs;
        const fleet = runs["security-dev"].outputs;
        expect(fleet.availabilityZoneIds).to.deep.equal(hub.availabilityZoneIds);
        expect(hub.availabilityZoneIds).to.deep.equal(["euw1-az1", "euw1-az2"]);
        const namesIn = (account: string) =>
            chooseZonesById(accountZones("eu-west-1", account), ["euw1-az1", "euw1-az2"]).names;
        expect(hub.availabilityZones).to.deep.equal(namesIn(NETWORK));
        expect(fleet.availabilityZones).to.deep.equal(namesIn(SECURITY));
        const subnetIds = runs["security-dev"]
            .all("aws:ec2/subnet:Subnet")
            .map((s) => s.outputs.availabilityZoneId as string);
        expect([...new Set(subnetIds)].sort()).to.deep.equal(["euw1-az1", "euw1-az2"]);
    });

    it("lets a spoke with GWLB inspection use as many AZs as it asks for in the hub's AZ IDs", async () => {
        const root = withAccounts();
        const runs = await runEnvironment("dev", { root, only: (s) => s === "spoke-petstore-dev" });
        const spoke = runs["spoke-petstore-dev"];
        const endpoints = spoke
            .all("aws:ec2/vpcEndpoint:VpcEndpoint")
            .filter((e) => e.inputs.vpcEndpointType === "GatewayLoadBalancer");
        expect(endpoints).to.have.length(2);
    });

    it("takes the environment's AZ IDs when it lists them", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": (doc) =>
                doc.setIn(["regions", "primary", "availabilityZoneIds"], ["euw1-az3", "euw1-az1"]),
        });
        const runs = await runEnvironment("dev", { root, only: (s) => s === "security-dev" });
        expect(runs["security-dev"].outputs.availabilityZoneIds).to.deep.equal(["euw1-az3", "euw1-az1"]);
    });
});
