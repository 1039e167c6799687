import { expect } from "chai";
import { runEnvironment, type Recorded, type RecordedResource } from "../harness";
import { FLOWS_FIXTURE } from "./flows-fixture";

const INVOCATION = "aws:lambda/invocation:Invocation";
const AUTHORIZATION = "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization";
const PROVIDER = "pulumi:providers:aws";
const providerName = (r: RecordedResource) => (r.provider ? r.provider.split("::").slice(-2)[0] : "default");

describe("spoke zones resolve through every region's hub (lab fixture)", () => {
    let lab: Record<string, Recorded>;
    before(async function () {
        this.timeout(180_000);
        lab = await runEnvironment("lab", { root: FLOWS_FIXTURE, only: (s) => s !== "security-lab-dr" });
    });

    it("associates a spoke without DR with the shared-services VPC of the DR region too", () => {
        const shop = lab["spoke-shop-lab"];
        const drHub = lab["network-lab-dr"].outputs;
        // The DR region's registrar makes the association, asked through that region's hub provider,
        // after the spoke account authorized the DR shared-services VPC (and the DR vetting VPC).
        const association = shop.find(INVOCATION, "zone-hub-dr");
        expect(association.inputs.functionName).to.equal(drHub.registrarFunctionArn);
        expect(providerName(association)).to.equal("hub-dr");
        expect(shop.find(AUTHORIZATION, "zone-hub-dr").inputs).to.include({
            vpcId: drHub.sharedServicesVpcId,
            vpcRegion: "us-west-2",
        });
        const hubDr = shop.find(PROVIDER, "hub-dr");
        expect(hubDr.inputs.region).to.equal("us-west-2");
        expect(JSON.parse(String(hubDr.inputs.assumeRoles))[0].roleArn).to.equal(drHub.onboardingRoleArn);
        expect(shop.find(AUTHORIZATION, "zone-hub-dr").inputs).to.include({ vpcRegion: "us-west-2" });
        // no VPC in the DR region: the spoke's DR provider is not needed
        expect(shop.all(PROVIDER).map((p) => p.name)).to.not.include("spoke-dr");
    });

    it("associates every spoke's zone with the shared-services VPC of each region, once", () => {
        for (const stack of ["spoke-shop-lab", "spoke-ledger-lab"]) {
            const authorized = lab[stack]
                .all(AUTHORIZATION)
                .filter((a) => a.name.startsWith("zone-hub-"))
                .map((a) => a.inputs.vpcId);
            expect(authorized, stack).to.have.members([
                lab["network-lab"].outputs.sharedServicesVpcId,
                lab["network-lab-dr"].outputs.sharedServicesVpcId,
            ]);
            const registrars = lab[stack]
                .all(INVOCATION)
                .filter((a) => a.name.startsWith("zone-hub-"))
                .map((a) => a.inputs.functionName);
            expect(registrars, stack).to.have.members([
                lab["network-lab"].outputs.registrarFunctionArn,
                lab["network-lab-dr"].outputs.registrarFunctionArn,
            ]);
        }
    });
});
