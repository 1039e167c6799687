import { expect } from "chai";
import { bucketEncryption as policy } from "../../../../../policy-pack/policies/s3/bucket/encryption";
import { res, stackViolations } from "../../../support";
import { bucket, compliant, encryption, without } from "./scenarios";

const MESSAGE = "bucket 'logs' has no server-side encryption configuration.";
const byDefault = (sseAlgorithm: string) => ({ applyServerSideEncryptionByDefault: { sseAlgorithm } });

describe("s3-bucket-encryption", () => {
    it("passes a bucket with an encryption configuration (matched through property dependencies)", async () => {
        expect(await stackViolations(policy, compliant)).to.deep.equal([]);
    });

    it("passes the V2 encryption resource, matched by bucket name", async () => {
        const v2 = res(
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            "logs-sse-v2",
            { bucket: "logs-1234", rules: [byDefault("aws:kms")] },
        );
        expect(await stackViolations(policy, without(encryption, v2))).to.deep.equal([]);
    });

    it("passes encryption configured on the bucket resource itself (Bucket and BucketV2)", async () => {
        const inline = {
            ...bucket,
            props: { ...bucket.props, serverSideEncryptionConfiguration: { rule: byDefault("AES256") } },
        };
        expect(
            await stackViolations(
                policy,
                without(encryption).map((r) => (r === bucket ? inline : r)),
            ),
        ).to.deep.equal([]);
        const v2 = res("aws:s3/bucketV2:BucketV2", "logs", {
            bucket: "logs-1234",
            serverSideEncryptionConfigurations: [{ rules: [byDefault("aws:kms")] }],
        });
        expect(await stackViolations(policy, [v2])).to.deep.equal([]);
    });

    it("flags a bucket without one", async () => {
        expect(await stackViolations(policy, without(encryption))).to.deep.equal([
            { message: MESSAGE, urn: compliant[0].urn },
        ]);
    });

    it("flags an inline configuration with no algorithm", async () => {
        const empty = {
            ...bucket,
            props: { ...bucket.props, serverSideEncryptionConfiguration: { rule: {} } },
        };
        expect((await stackViolations(policy, [empty])).map((v) => v.message)).to.deep.equal([MESSAGE]);
    });
});
