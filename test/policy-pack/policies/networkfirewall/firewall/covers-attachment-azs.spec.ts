import { expect } from "chai";
import { firewallCoversAttachmentAzs as policy } from "../../../../../policy-pack/policies/networkfirewall/firewall/covers-attachment-azs";
import { mutate, networkDev } from "../../../recorded";
import { stackDiagnostics, stackViolations } from "../../../support";

const FIREWALL = "aws:networkfirewall/firewall:Firewall";
const MESSAGE =
    "Network Firewall 'inspection-firewall' has no subnet in eu-west-1b, which Transit Gateway attachment 'inspection-attachment' uses; add a subnet mapping in eu-west-1b so its traffic is inspected there.";

/** network-dev whose firewall has no subnet mapping in eu-west-1b (by ID, and by dependency in a preview). */
async function withoutSecondAz(preview: boolean) {
    const resources = await networkDev(preview);
    const subnet = resources.find((r) => r.name === "inspection-firewall-eu-west-1b")!;
    return mutate(
        resources,
        (r) => r.type === FIREWALL,
        (r) => ({
            ...r,
            props: {
                ...r.props,
                subnetMappings: (r.props.subnetMappings as { subnetId?: string }[]).filter(
                    (m) => m.subnetId !== String(subnet.props.arn).split("/").pop(),
                ),
            },
            propertyDependencies: {
                ...r.propertyDependencies,
                subnetMappings: r.propertyDependencies.subnetMappings.filter((u) => u !== subnet.urn),
            },
        }),
    );
}

describe("networkfirewall-firewall-covers-attachment-azs", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes the inspection VPC of network-dev, whose firewall covers both attachment AZs (${mode})`, async () => {
            expect(await stackViolations(policy, await networkDev(preview))).to.deep.equal([]);
        });

        it(`flags a firewall without a subnet in an AZ the attachment uses (${mode})`, async () => {
            const resources = await withoutSecondAz(preview);
            expect(await stackViolations(policy, resources)).to.deep.equal([
                { message: MESSAGE, urn: resources.find((r) => r.type === FIREWALL)!.urn },
            ]);
        });
    }

    it("follows subnet IDs alone once they are known", async () => {
        const idsOnly = (resources: Awaited<ReturnType<typeof networkDev>>) =>
            mutate(
                resources,
                (r) => r.type === FIREWALL || r.name === "inspection-attachment",
                (r) => ({ ...r, propertyDependencies: {} }),
            );
        expect(await stackViolations(policy, idsOnly(await networkDev(false)))).to.deep.equal([]);
        expect(
            (await stackViolations(policy, idsOnly(await withoutSecondAz(false)))).map((v) => v.message),
        ).to.deep.equal([MESSAGE]);
    });

    it("is mandatory by default", async () => {
        expect(await stackDiagnostics(policy, await withoutSecondAz(true))).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
    });
});
