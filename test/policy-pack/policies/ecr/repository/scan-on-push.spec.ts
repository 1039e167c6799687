import { expect } from "chai";
import { ecrRepositoryScanOnPush as policy } from "../../../../../policy-pack/policies/ecr/repository/scan-on-push";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:ecr/repository:Repository";
const repository = { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } };

describe("ecr-repository-scan-on-push", () => {
    it("passes a repository that scans on push, or whose scan setting is unknown", async () => {
        expect(await resourceViolations(policy, TYPE, repository)).to.deep.equal([]);
        expect(
            await resourceViolations(policy, TYPE, {
                imageScanningConfiguration: { scanOnPush: UNKNOWN_VALUE },
            }),
        ).to.deep.equal([]);
    });

    it("flags a repository that does not scan on push", async () => {
        expect(
            await resourceViolations(policy, TYPE, { imageScanningConfiguration: { scanOnPush: false } }),
        ).to.deep.equal(["imageScanningConfiguration.scanOnPush is false; set it to true."]);
        expect(await resourceViolations(policy, TYPE, {})).to.deep.equal([
            "imageScanningConfiguration.scanOnPush is false; set it to true.",
        ]);
    });

    it("passes every repository when the registry scans them (registryScanning)", async () => {
        expect(await resourceViolations(policy, TYPE, {}, { registryScanning: true })).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, {});
        expect(diagnostic.level).to.equal("advisory");
    });
});
