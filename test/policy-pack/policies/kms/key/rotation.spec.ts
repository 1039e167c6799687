import { expect } from "chai";
import { kmsKeyRotation as policy } from "../../../../../policy-pack/policies/kms/key/rotation";
import { resourceViolations } from "../../../support";

const TYPE = "aws:kms/key:Key";

describe("kms-key-rotation", () => {
    it("passes a symmetric key with rotation", async () => {
        expect(await resourceViolations(policy, TYPE, { enableKeyRotation: true })).to.deep.equal([]);
    });

    it("flags a symmetric key without rotation", async () => {
        expect(await resourceViolations(policy, TYPE, {})).to.deep.equal([
            "enableKeyRotation is false; set it to true.",
        ]);
    });

    it("ignores asymmetric keys, which cannot rotate", async () => {
        expect(await resourceViolations(policy, TYPE, { customerMasterKeySpec: "RSA_2048" })).to.deep.equal(
            [],
        );
    });
});
