/**
 * The pack started the way the engine starts it (`run-policy-pack <engine address> <pack folder>`, the
 * TypeScript sources in place), queried over gRPC with the analyzer client the plan uses: it lists
 * every policy at its default level and reports a violation on a resource.
 */
import { expect } from "chai";
import { PolicyAnalyzer } from "../../cli/policy/analyzer";
import { PACK_DIR } from "../../cli/policy/pack";
import { StackRequests } from "../../cli/policy/requests";
import { analyzable } from "../cli/support/analyzable";
import { policies } from "../../policy-pack/policies";

describe("the policy pack served over gRPC", function () {
    this.timeout(60000);
    let analyzer: PolicyAnalyzer;

    before(async () => {
        analyzer = await PolicyAnalyzer.start(PACK_DIR);
    });

    after(() => analyzer?.close());

    it("lists every policy with its default enforcement level", async () => {
        const info = await analyzer.info();
        expect(info.name).to.equal("hub-network");
        const served = Object.fromEntries(info.policies.map((p) => [p.name, p.enforcementLevel]));
        expect(served).to.deep.equal(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])));
    });

    it("reports a world-open SSH rule as a mandatory violation", async () => {
        const web = analyzable("urn:pulumi:dev::hub-network", "aws:ec2/securityGroup:SecurityGroup", "web", {
            inputs: {
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 22,
                        toPort: 22,
                        cidrBlocks: ["0.0.0.0/0"],
                        description: "ssh",
                    },
                ],
            },
        });
        const requests = new StackRequests([web], {
            stack: "dev",
            project: "hub-network",
            config: {},
            providerVersions: {},
        });
        const diagnostics = (await analyzer.analyze(requests.analyzeRequest(web))).map((d) => [
            d.policyName,
            d.enforcementLevel,
            d.message,
        ]);
        expect(diagnostics).to.deep.include.members([
            [
                "ec2-security-group-no-world-admin-ports",
                "mandatory",
                "Security groups must never open SSH, RDP or database ports to the internet.\ningress[0] opens tcp 22 to the internet, exposing SSH (22).",
            ],
        ]);
    });
});
