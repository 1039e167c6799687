import { expect } from "chai";
import { bucketOwnershipControls as policy } from "../../../../../policy-pack/policies/s3/bucket/ownership-controls";
import { res, stackDiagnostics, stackViolations } from "../../../support";
import { compliant } from "./scenarios";

const MESSAGE =
    "bucket 'logs' has no ownership controls with objectOwnership BucketOwnerEnforced (ACLs disabled).";
const controls = (objectOwnership: string) =>
    res("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "logs-ownership", {
        bucket: "logs-1234",
        rule: { objectOwnership },
    });

describe("s3-bucket-ownership-controls", () => {
    it("passes a bucket whose ownership controls disable ACLs", async () => {
        expect(await stackViolations(policy, [...compliant, controls("BucketOwnerEnforced")])).to.deep.equal(
            [],
        );
    });

    it("flags a bucket without ownership controls, or with ACLs still enabled", async () => {
        for (const resources of [
            compliant,
            [...compliant, controls("BucketOwnerPreferred")],
            [...compliant, controls("ObjectWriter")],
        ]) {
            expect((await stackViolations(policy, resources)).map((v) => v.message)).to.deep.equal([MESSAGE]);
        }
    });

    it("is advisory by default", async () => {
        expect(await stackDiagnostics(policy, compliant)).to.deep.equal([
            { level: "advisory", message: MESSAGE },
        ]);
    });
});
