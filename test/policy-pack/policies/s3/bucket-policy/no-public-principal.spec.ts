import { expect } from "chai";
import { s3BucketPolicyNoPublicPrincipal as policy } from "../../../../../policy-pack/policies/s3/bucket-policy/no-public-principal";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:s3/bucketPolicy:BucketPolicy";
const read = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*" };
const doc = (...Statement: unknown[]) => ({ bucket: "site", policy: JSON.stringify({ Statement }) });
const MESSAGE =
    "statement 0 allows s3:GetObject to any principal ('*'); name the principals, or narrow it with a condition such as aws:PrincipalOrgID, aws:SourceVpce or aws:SourceArn.";
const tlsDeny = {
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: ["arn:aws:s3:::site", "arn:aws:s3:::site/*"],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};

describe("s3-bucket-policy-no-public-principal", () => {
    it("passes named principals, Deny statements, and '*' narrowed by who or where calls", async () => {
        for (const props of [
            doc({ ...read, Principal: { AWS: "arn:aws:iam::111111111111:role/reader" } }),
            doc(tlsDeny),
            doc({ ...read, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorgid" } } }),
            doc({ ...read, Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c" } } }),
            doc({ ...read, Principal: { Service: "delivery.logs.amazonaws.com" } }),
            { bucket: "site", policy: UNKNOWN_VALUE },
        ]) {
            expect(await resourceViolations(policy, TYPE, props), props.policy).to.deep.equal([]);
        }
    });

    it("flags '*' in every form, with no condition or one that does not say who calls", async () => {
        for (const statement of [
            read,
            { ...read, Principal: { AWS: "*" } },
            { ...read, Principal: { AWS: ["arn:aws:iam::111111111111:root", "*"] } },
            { ...read, Condition: { Bool: { "aws:SecureTransport": "true" } } },
        ]) {
            expect(
                await resourceViolations(policy, TYPE, doc(statement)),
                JSON.stringify(statement),
            ).to.deep.equal([MESSAGE]);
        }
    });

    it("reads the policy given on the bucket itself", async () => {
        expect(
            await resourceViolations(policy, "aws:s3/bucket:Bucket", {
                policy: JSON.stringify({
                    Statement: [{ ...read, Sid: "Public", Action: ["s3:GetObject", "s3:PutObject"] }],
                }),
            }),
        ).to.deep.equal([
            "statement 'Public' allows s3:GetObject, s3:PutObject to any principal ('*'); name the principals, or narrow it with a condition such as aws:PrincipalOrgID, aws:SourceVpce or aws:SourceArn.",
        ]);
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, doc(read))).to.deep.equal([
            { level: "mandatory", message: MESSAGE },
        ]);
    });
});
