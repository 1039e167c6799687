import { expect } from "chai";
import type { Document } from "yaml";
import { readStackConfig } from "../../../cli/plan/stacks";
import { ConfigError, formatProblem } from "../../../stacks/schema/errors";
import { loadSpokeRequest } from "../../../stacks/schema/spoke";
import { loadStackContext } from "../../../stacks/schema/stack-config";
import { flowsProject } from "../flows-fixture";

const STACK = "spoke-ledger-lab";
const FILE = `stacks/config/Pulumi.${STACK}.yaml`;

/** The problems of the ledger request with `flows` replaced, each formatted as the stack prints it. */
function problemsWith(flows: unknown): string[] {
    const root = flowsProject({
        [FILE]: (doc: Document) => doc.setIn(["config", "hub-network:spoke", "flows"], flows),
    });
    try {
        loadSpokeRequest(loadStackContext(STACK, readStackConfig(STACK, root), root));
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).problems.map((p) => formatProblem({ ...p, line: undefined }));
    }
    return [];
}

describe("a spoke's own flows (hub-network:spoke.flows)", () => {
    it("reads a host name or a CIDR, a port and a protocol (tcp by default)", () => {
        const root = flowsProject();
        const request = loadSpokeRequest(loadStackContext(STACK, readStackConfig(STACK, root), root));
        expect(request.flows).to.deep.equal([
            {
                destination: "api.bank.example.com",
                port: 443,
                protocol: "tcp",
                description: "the payment provider's API",
            },
            { destination: "192.168.40.0/24", port: 1521, protocol: "tcp" },
        ]);
    });

    it("refuses a wildcard domain, a port out of range and an unknown protocol, all at once", () => {
        expect(
            problemsWith([
                { destination: ".amazonaws.com", port: 443 },
                { destination: "10.0.0.0/8", port: 70000 },
                { destination: "db.example.com", port: 5432, protocol: "icmp" },
            ]),
        ).to.deep.equal([
            `${FILE}: hub-network:spoke.flows[0].destination '.amazonaws.com' is not a host name or a CIDR; expected an exact name (no wildcard, no leading dot), e.g. api.partner.example.com, or a CIDR, e.g. 172.16.8.0/24`,
            `${FILE}: hub-network:spoke.flows[1].port '70000' is out of range; expected a port from 1 to 65535`,
            `${FILE}: hub-network:spoke.flows[2].protocol 'icmp' is not a protocol; expected tcp or udp`,
        ]);
    });
});
