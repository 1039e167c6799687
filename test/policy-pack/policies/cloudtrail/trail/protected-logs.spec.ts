import { expect } from "chai";
import { cloudtrailTrailProtectedLogs as policy } from "../../../../../policy-pack/policies/cloudtrail/trail/protected-logs";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:cloudtrail/trail:Trail";
const KEY = "arn:aws:kms:eu-west-1:222222222222:key/0d5b7f34-0a35-4a43-8a1f-3d9d2b0e6f11";

describe("cloudtrail-trail-protected-logs", () => {
    it("passes a trail that validates and encrypts its log files (the key unknown in a preview too)", async () => {
        for (const kmsKeyId of [KEY, UNKNOWN_VALUE]) {
            expect(
                await resourceViolations(policy, TYPE, { enableLogFileValidation: true, kmsKeyId }),
            ).to.deep.equal([]);
        }
    });

    it("flags a trail without log file validation or a KMS key", async () => {
        expect(await resourceViolations(policy, TYPE, { s3BucketName: "trail" })).to.deep.equal([
            "enableLogFileValidation is false; set it to true.",
            "kmsKeyId is unset: log files are encrypted with S3-managed keys only; give a KMS key.",
        ]);
    });
});
