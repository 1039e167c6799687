import { expect } from "chai";
import { bucketTlsOnly as policy } from "../../../../../policy-pack/policies/s3/bucket/tls-only";
import { stackViolations } from "../../../support";
import { bucketPolicy, compliant, without } from "./scenarios";

const MESSAGE = "bucket 'logs' has no policy denying aws:SecureTransport false.";

describe("s3-bucket-tls-only", () => {
    it("passes a bucket whose policy denies plain HTTP", async () => {
        expect(await stackViolations(policy, compliant)).to.deep.equal([]);
    });

    it("flags a bucket without a policy", async () => {
        expect((await stackViolations(policy, without(bucketPolicy))).map((v) => v.message)).to.deep.equal([
            MESSAGE,
        ]);
    });

    it("flags a policy without the TLS deny", async () => {
        const open = {
            ...bucketPolicy,
            props: { ...bucketPolicy.props, policy: JSON.stringify({ Statement: [] }) },
        };
        expect(
            (await stackViolations(policy, without(bucketPolicy, open))).map((v) => v.message),
        ).to.deep.equal([MESSAGE]);
    });
});
