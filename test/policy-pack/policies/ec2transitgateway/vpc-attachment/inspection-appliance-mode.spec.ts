import { expect } from "chai";
import { vpcAttachmentInspectionApplianceMode as policy } from "../../../../../policy-pack/policies/ec2transitgateway/vpc-attachment/inspection-appliance-mode";
import { mutate, networkDev } from "../../../recorded";
import { stackViolations } from "../../../support";

const ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";

describe("ec2transitgateway-vpc-attachment-inspection-appliance-mode", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";
        it(`passes the inspection attachment of network-dev (${mode})`, async () => {
            expect(await stackViolations(policy, await networkDev(preview))).to.deep.equal([]);
        });

        it(`flags the inspection attachment without appliance mode (${mode})`, async () => {
            const broken = mutate(
                await networkDev(preview),
                (r) => r.type === ATTACHMENT && r.name === "inspection-attachment",
                (r) => ({ ...r, props: { ...r.props, applianceModeSupport: "disable" } }),
            );
            expect((await stackViolations(policy, broken)).map((v) => v.message)).to.deep.equal([
                "attachment 'inspection-attachment' of the inspection VPC has applianceModeSupport 'disable'; set it to 'enable'.",
            ]);
        });
    }
});
