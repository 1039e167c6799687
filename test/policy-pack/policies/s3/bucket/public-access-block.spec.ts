import { expect } from "chai";
import { bucketPublicAccessBlock as policy } from "../../../../../policy-pack/policies/s3/bucket/public-access-block";
import { stackViolations } from "../../../support";
import { compliant, publicAccessBlock, without } from "./scenarios";

const MESSAGE =
    "bucket 'logs' has no public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.";

describe("s3-bucket-public-access-block", () => {
    it("passes a bucket with every public access blocked", async () => {
        expect(await stackViolations(policy, compliant)).to.deep.equal([]);
    });

    it("flags a bucket without a public access block", async () => {
        expect(
            (await stackViolations(policy, without(publicAccessBlock))).map((v) => v.message),
        ).to.deep.equal([MESSAGE]);
    });

    it("flags a block that leaves public policies allowed", async () => {
        const weak = {
            ...publicAccessBlock,
            props: { ...publicAccessBlock.props, blockPublicPolicy: false },
        };
        expect(
            (await stackViolations(policy, without(publicAccessBlock, weak))).map((v) => v.message),
        ).to.deep.equal([MESSAGE]);
    });
});
