import { expect } from "chai";
import { bucketAccessLogging as policy } from "../../../../../policy-pack/policies/s3/bucket/access-logging";
import { res, stackDiagnostics, stackViolations } from "../../../support";

const MESSAGE = "bucket 'data' has no server access logging; add a BucketLogging to a log bucket.";
const data = res("aws:s3/bucket:Bucket", "data", { bucket: "data-1", arn: "arn:aws:s3:::data-1" });
const logs = res("aws:s3/bucket:Bucket", "logs", { bucket: "logs-1", arn: "arn:aws:s3:::logs-1" });
const logging = res(
    "aws:s3/bucketLogging:BucketLogging",
    "data-logging",
    { targetPrefix: "data/" },
    { propertyDependencies: { bucket: [data], targetBucket: [logs] } },
);
const policyOf = (name: string, bucket: string, Principal: unknown) =>
    res("aws:s3/bucketPolicy:BucketPolicy", name, {
        bucket,
        policy: JSON.stringify({
            Statement: [
                { Effect: "Allow", Principal, Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucket}/*` },
            ],
        }),
    });

describe("s3-bucket-access-logging", () => {
    it("passes a bucket that logs to a log bucket, and the log bucket itself", async () => {
        expect(await stackViolations(policy, [data, logs, logging])).to.deep.equal([]);
    });

    it("passes access logging configured on the bucket itself (Bucket and BucketV2)", async () => {
        const inline = { ...data, props: { ...data.props, logging: { targetBucket: "logs-1" } } };
        const v2 = res("aws:s3/bucketV2:BucketV2", "data", { loggings: [{ targetBucket: "logs-1" }] });
        expect(await stackViolations(policy, [inline, logs])).to.deep.equal([]);
        expect(await stackViolations(policy, [v2])).to.deep.equal([]);
    });

    it("flags a bucket without access logging", async () => {
        expect(await stackViolations(policy, [data])).to.deep.equal([{ message: MESSAGE, urn: data.urn }]);
    });

    it("exempts buckets AWS log delivery writes to, and buckets another resource sends its logs to", async () => {
        for (const Principal of [
            { Service: "delivery.logs.amazonaws.com" },
            { Service: ["logging.s3.amazonaws.com"] },
            { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        ]) {
            expect(
                await stackViolations(policy, [data, policyOf("data-policy", "data-1", Principal)]),
                JSON.stringify(Principal),
            ).to.deep.equal([]);
        }
        const alb = res(
            "aws:lb/loadBalancer:LoadBalancer",
            "alb",
            { accessLogs: { enabled: true } },
            { propertyDependencies: { accessLogs: [data] } },
        );
        expect(await stackViolations(policy, [data, alb])).to.deep.equal([]);
        const flowLog = res("aws:ec2/flowLog:FlowLog", "flow", { logDestination: "arn:aws:s3:::data-1" });
        expect(await stackViolations(policy, [data, flowLog])).to.deep.equal([]);
    });

    it("does not exempt a bucket whose policy lets someone else write", async () => {
        expect(
            (
                await stackViolations(policy, [
                    data,
                    policyOf("data-policy", "data-1", { AWS: "arn:aws:iam::111111111111:root" }),
                ])
            ).map((v) => v.message),
        ).to.deep.equal([MESSAGE]);
    });

    it("is advisory by default", async () => {
        expect(await stackDiagnostics(policy, [data])).to.deep.equal([
            { level: "advisory", message: MESSAGE },
        ]);
    });
});
