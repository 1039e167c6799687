import { expect } from "chai";
import { s3BucketNoPublicAcl as policy } from "../../../../../policy-pack/policies/s3/bucket-acl/no-public-acl";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const ACL = "aws:s3/bucketAclV2:BucketAclV2";
const BUCKET = "aws:s3/bucket:Bucket";
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const grantee = (uri: string, permission: string) => ({
    grantee: { type: "Group", uri },
    permission,
});
const owner = { grantee: { type: "CanonicalUser", id: "abc123" }, permission: "FULL_CONTROL" };

describe("s3-bucket-no-public-acl", () => {
    it("passes private ACLs, log-delivery grants and grants to the owner", async () => {
        for (const [type, props] of [
            [ACL, { bucket: "logs", acl: "private" }],
            [ACL, { bucket: "logs", acl: "log-delivery-write" }],
            [ACL, { bucket: "logs", accessControlPolicy: { grants: [owner], owner: { id: "abc123" } } }],
            [BUCKET, { bucket: "logs" }],
            [ACL, { bucket: "logs", acl: UNKNOWN_VALUE }],
        ] as const) {
            expect(await resourceViolations(policy, type, props), JSON.stringify(props)).to.deep.equal([]);
        }
    });

    it("flags public canned ACLs on a BucketAcl and on the bucket itself", async () => {
        for (const acl of ["public-read", "public-read-write", "authenticated-read"]) {
            const message = `acl is '${acl}'; use 'private' and share through a bucket policy.`;
            expect(await resourceViolations(policy, ACL, { bucket: "logs", acl })).to.deep.equal([message]);
            expect(await resourceViolations(policy, BUCKET, { bucket: "logs", acl })).to.deep.equal([
                message,
            ]);
        }
    });

    it("flags grants to AllUsers and AuthenticatedUsers, nested or inline", async () => {
        expect(
            await resourceViolations(policy, ACL, {
                bucket: "logs",
                accessControlPolicy: { grants: [owner, grantee(ALL_USERS, "READ")], owner: { id: "abc123" } },
            }),
        ).to.deep.equal(["a grant gives everyone (AllUsers) READ; remove it."]);
        expect(
            await resourceViolations(policy, BUCKET, {
                grants: [
                    {
                        type: "Group",
                        uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
                        permissions: ["READ", "WRITE"],
                    },
                ],
            }),
        ).to.deep.equal(["a grant gives every AWS account (AuthenticatedUsers) READ, WRITE; remove it."]);
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, ACL, { acl: "public-read" })).to.deep.equal([
            {
                level: "mandatory",
                message: "acl is 'public-read'; use 'private' and share through a bucket policy.",
            },
        ]);
    });
});
