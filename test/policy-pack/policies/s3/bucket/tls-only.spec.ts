import { expect } from "chai";
import { bucketTlsOnly as policy } from "../../../../../policy-pack/policies/s3/bucket/tls-only";
import { stackViolations } from "../../../support";
import { bucket, bucketPolicy, compliant, without } from "./scenarios";

const MESSAGE =
    "bucket 'logs' has no policy denying every S3 action on the bucket and its objects when aws:SecureTransport is false.";
const ARN = "arn:aws:s3:::logs-1234";
const deny = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [ARN, `${ARN}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};
/** The compliant scenario with the bucket policy's TLS statement changed by `changes`. */
const withDeny = (changes: Record<string, unknown>) =>
    without(bucketPolicy, {
        ...bucketPolicy,
        props: { ...bucketPolicy.props, policy: JSON.stringify({ Statement: [{ ...deny, ...changes }] }) },
    });
const messages = async (resources: Parameters<typeof stackViolations>[1]) =>
    (await stackViolations(policy, resources)).map((v) => v.message);

describe("s3-bucket-tls-only", () => {
    it("passes a bucket whose policy denies plain HTTP", async () => {
        expect(await stackViolations(policy, compliant)).to.deep.equal([]);
    });

    it("passes the equivalent forms: Resource '*', BoolIfExists, Action '*', AWS '*', a bucket ARN wildcard", async () => {
        for (const changes of [
            { Resource: "*" },
            { Condition: { BoolIfExists: { "aws:SecureTransport": false } } },
            { Action: "*" },
            { Principal: { AWS: "*" } },
            { Resource: "arn:aws:s3:::logs-1234*" },
        ]) {
            expect(await messages(withDeny(changes)), JSON.stringify(changes)).to.deep.equal([]);
        }
    });

    it("passes a Deny on X and X/* when the bucket's ARN is unknown in a preview", async () => {
        const unnamed = { ...bucket, props: {} };
        const resources = without(bucketPolicy, {
            ...bucketPolicy,
            props: {
                policy: JSON.stringify({
                    Statement: [{ ...deny, Resource: ["arn:aws:s3:::gen-1", "arn:aws:s3:::gen-1/*"] }],
                }),
            },
            propertyDependencies: { bucket: [bucket.urn] },
        }).map((r) => (r === bucket ? unnamed : r));
        expect(await messages(resources)).to.deep.equal([]);
    });

    it("passes a TLS-only policy given on the bucket itself", async () => {
        const inline = {
            ...bucket,
            props: { ...bucket.props, policy: JSON.stringify({ Statement: [deny] }) },
        };
        expect(await messages([inline])).to.deep.equal([]);
    });

    it("flags a bucket without a policy", async () => {
        expect(await messages(without(bucketPolicy))).to.deep.equal([MESSAGE]);
    });

    it("flags a policy without the TLS deny", async () => {
        const open = {
            ...bucketPolicy,
            props: { ...bucketPolicy.props, policy: JSON.stringify({ Statement: [] }) },
        };
        expect(await messages(without(bucketPolicy, open))).to.deep.equal([MESSAGE]);
    });

    it("flags a Deny that leaves plain HTTP open somewhere", async () => {
        for (const changes of [
            { Action: "s3:GetObject" },
            { Action: ["s3:GetObject", "s3:PutObject"] },
            { Resource: `${ARN}/*` },
            { Resource: ARN },
            { Resource: "arn:aws:s3:::other-bucket/*" },
            { Principal: { AWS: "arn:aws:iam::111111111111:root" } },
            { Condition: { Bool: { "aws:SecureTransport": "false", "aws:ViaAWSService": "false" } } },
            { Condition: { Bool: { "aws:SecureTransport": "true" } } },
            {
                Condition: {
                    StringEquals: { "aws:SourceVpce": "vpce-1" },
                    Bool: { "aws:SecureTransport": "false" },
                },
            },
            { Effect: "Allow" },
        ]) {
            expect(await messages(withDeny(changes)), JSON.stringify(changes)).to.deep.equal([MESSAGE]);
        }
    });

    it("waits for the update when the bucket policy is unknown in a preview", async () => {
        const unknown = { ...bucketPolicy, props: { bucket: "logs-1234" } };
        expect(await messages(without(bucketPolicy, unknown))).to.deep.equal([]);
    });
});
