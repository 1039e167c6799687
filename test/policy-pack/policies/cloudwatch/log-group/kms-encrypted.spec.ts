import { expect } from "chai";
import { logGroupKmsEncrypted as policy } from "../../../../../policy-pack/policies/cloudwatch/log-group/kms-encrypted";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:cloudwatch/logGroup:LogGroup";

describe("cloudwatch-log-group-kms-encrypted", () => {
    it("passes a group with a KMS key, also when the key ARN is unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, { kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }),
        ).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, { kmsKeyId: UNKNOWN_VALUE })).to.deep.equal([]);
    });

    it("flags a group without a KMS key", async () => {
        expect(await resourceViolations(policy, TYPE, { retentionInDays: 30 })).to.deep.equal([
            "kmsKeyId is unset; encrypt the group with a KMS key.",
        ]);
    });
});
