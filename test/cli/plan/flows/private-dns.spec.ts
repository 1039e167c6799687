/**
 * A host name that an interface endpoint with private DNS answers for, in the sender's VPC, goes to
 * that endpoint, whoever sends it: private DNS changes the name's answer for the whole VPC. The
 * detection functions' X-Ray endpoint in the shared-services VPC is such an endpoint, and the
 * onboarding registrar, in the same VPC, sends its traces to X-Ray's regional name.
 */
import { expect } from "chai";
import type { RequiredFlow } from "../../../../components/shared/required-flows";
import { analyzeFlows, type FlowResult } from "../../../../cli/plan/flows";
import { privateDnsNames } from "../../../../cli/plan/flows/endpoints";
import { Inventory } from "../../../../cli/plan/inventory";
import { Reachability } from "../../../../cli/plan/reachability";
import { copyProject, runFixtureStack, type Recorded } from "../../../harness";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** The registrar's flow to X-Ray in network-dev, with the resources `keep` leaves. */
function registrarToXray(run: Recorded, keep: (type: string, name: string) => boolean): FlowResult {
    const inventory = new Inventory([
        {
            name: "network-dev",
            accountId: "111111111111",
            region: "eu-west-1",
            resources: run.resources.filter((r) => keep(r.type, r.name)),
        },
    ]);
    const reach = new Reachability(inventory, { onPremisesCidrs: ["172.16.0.0/16"] });
    const report = analyzeFlows(inventory, reach, {
        onPremisesCidrs: ["172.16.0.0/16"],
        declared: [{ stack: "network-dev", flows: run.outputs.requiredFlows as RequiredFlow[] }],
    });
    const flow = report.flows.find(
        (f) => f.source === "onboarding registrar" && f.destination === "xray.eu-west-1.amazonaws.com",
    );
    expect(flow, "the registrar's X-Ray flow").to.not.equal(undefined);
    return flow!;
}

describe("flows: a host name answered by an interface endpoint's private DNS", function () {
    let run: Recorded;
    before(async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": (doc) => doc.set("detection", doc.createNode({ enabled: true })),
        });
        run = await runFixtureStack("network-dev", { root });
    });

    it("names the services' default names as private DNS answers them", () => {
        expect(privateDnsNames("xray", "eu-west-1")).to.deep.equal(["xray.eu-west-1.amazonaws.com"]);
        expect(privateDnsNames("ecr.dkr", "eu-west-1")).to.deep.equal(["*.dkr.ecr.eu-west-1.amazonaws.com"]);
        expect(privateDnsNames("s3", "eu-west-1")).to.deep.equal([
            "s3.eu-west-1.amazonaws.com",
            "*.s3.eu-west-1.amazonaws.com",
        ]);
    });

    it("sends the registrar's traces to the X-Ray endpoint of its VPC, which admits it", () => {
        const flow = registrarToXray(run, () => true);
        expect(flow.verdict).to.equal("allowed");
        const endpoint = run.find("aws:ec2/vpcEndpoint:VpcEndpoint", "block-list-xray-endpoint");
        expect(flow.steps[0].text).to.equal(
            `interface endpoint block-list-xray-endpoint (${endpoint.id}): private DNS resolves xray.eu-west-1.amazonaws.com to its interface in ${flow.steps[0].text.split(" in ").pop()}`,
        );
        expect(flow.steps[0].text).to.match(/ in shared-services-resolver-eu-west-1[ab]$/);
        expect(flow.decidedBy).to.not.contain("internet");
    });

    it("drops them at the endpoint's security group without the registrar's ingress rule, never through the internet", () => {
        const flow = registrarToXray(
            run,
            (type, name) => !(type === INGRESS && name === "onboarding-registrar-to-xray-endpoint"),
        );
        expect(flow.verdict).to.equal("dropped");
        expect(flow.decidedBy).to.match(
            /^no ingress rule of block-list-endpoint-sg allows tcp 443 from onboarding registrar/,
        );
    });
});
