import { expect } from "chai";
import { bucketEncryption as policy } from "../../../../../policy-pack/policies/s3/bucket/encryption";
import { stackViolations } from "../../../support";
import { compliant, encryption, without } from "./scenarios";

describe("s3-bucket-encryption", () => {
    it("passes a bucket with an encryption configuration (matched through property dependencies)", async () => {
        expect(await stackViolations(policy, compliant)).to.deep.equal([]);
    });

    it("flags a bucket without one", async () => {
        expect(await stackViolations(policy, without(encryption))).to.deep.equal([
            { message: "bucket 'logs' has no server-side encryption configuration.", urn: compliant[0].urn },
        ]);
    });
});
