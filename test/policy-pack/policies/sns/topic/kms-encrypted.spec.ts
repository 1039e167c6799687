import { expect } from "chai";
import { snsTopicKmsEncrypted as policy } from "../../../../../policy-pack/policies/sns/topic/kms-encrypted";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:sns/topic:Topic";
const MESSAGE =
    "kmsMasterKeyId is unset; encrypt the topic with a KMS key (e.g. alias/aws/sns or a customer managed key).";

describe("sns-topic-kms-encrypted", () => {
    it("passes a topic encrypted with a key (ARN, alias, or a key created in the same preview)", async () => {
        for (const kmsMasterKeyId of [
            "arn:aws:kms:eu-west-1:111111111111:key/1",
            "alias/aws/sns",
            UNKNOWN_VALUE,
        ]) {
            expect(await resourceViolations(policy, TYPE, { kmsMasterKeyId })).to.deep.equal([]);
        }
    });

    it("flags a topic without a key", async () => {
        expect(await resourceViolations(policy, TYPE, { name: "alarms" })).to.deep.equal([MESSAGE]);
        expect(await resourceViolations(policy, TYPE, { kmsMasterKeyId: "" })).to.deep.equal([MESSAGE]);
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, {})).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
    });
});
