/**
 * The policy framework's server deserializes a resource's properties once per request with the pack's
 * cache, however many of its policies apply: it calls the framework's own request handlers
 * (`@pulumi/policy` server.js) in-process with the pack's policies and counts the conversions of the
 * request's `Struct`. An upgrade of the framework that no longer goes through the cached function
 * fails here.
 */
import { expect } from "chai";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { deserializeEachResourceOnce } from "../../../policy-pack/lib/deserialize-once";
import { T } from "../../../policy-pack/lib/types";
import { policies } from "../../../policy-pack/policies";

type Handler = (
    call: { request: unknown },
    callback: (error: unknown, response?: analyzerPb.AnalyzeResponse) => void,
) => Promise<void>;

interface FrameworkServer {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler;
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the framework's internal module
const server = require("@pulumi/policy/server") as FrameworkServer;

const PROJECT = "urn:pulumi:dev::hub-network";
const worldSsh = {
    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], description: "ssh" }],
};

/** Properties as a `Struct` that counts how often it is converted to a plain object. */
function countedStruct(props: Record<string, unknown>): { struct: Struct; conversions: () => number } {
    const struct = Struct.fromJavaScript(props as never);
    let count = 0;
    const toJavaScript = struct.toJavaScript.bind(struct);
    struct.toJavaScript = () => {
        count++;
        return toJavaScript();
    };
    return { struct, conversions: () => count };
}

async function answer(handler: Handler, request: unknown): Promise<analyzerPb.AnalyzeResponse> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (error, response) => (error ? reject(error) : resolve(response!)));
    });
}

const found = (response: analyzerPb.AnalyzeResponse) =>
    response.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getUrn()]);

describe("deserializeEachResourceOnce", () => {
    before(() => deserializeEachResourceOnce());

    it("converts a security group's properties once for all the policies that judge it", async () => {
        const many = policies.filter(
            (p) => "resourceTypes" in p && p.resourceTypes.includes(T.securityGroup),
        ).length;
        expect(many).to.be.greaterThan(1);
        const { struct, conversions } = countedStruct(worldSsh);
        const request = new analyzerPb.AnalyzeRequest();
        request.setType(T.securityGroup);
        request.setName("web");
        request.setUrn(`${PROJECT}::${T.securityGroup}::web`);
        request.setProperties(struct);
        request.setOptions(new analyzerPb.AnalyzerResourceOptions());

        const response = await answer(
            server.makeAnalyzeRpcFun("hub-network", "0.1.0", "advisory", [...policies]),
            request,
        );

        expect(conversions()).to.equal(1);
        expect(response.getDiagnosticsList().map((d) => d.getPolicyname())).to.include.members([
            "ec2-security-group-no-world-admin-ports",
            "ec2-security-group-no-world-open-ingress",
        ]);
    });

    it("converts each resource of a stack once for all the stack policies", async () => {
        const group = countedStruct(worldSsh);
        const bucket = countedStruct({ bucket: "logs" });
        const resources = [
            [T.securityGroup, "web", group.struct],
            ["aws:s3/bucketV2:BucketV2", "logs", bucket.struct],
        ].map(([type, name, struct]) => {
            const resource = new analyzerPb.AnalyzerResource();
            resource.setType(type as string);
            resource.setName(name as string);
            resource.setUrn(`${PROJECT}::${type as string}::${name as string}`);
            resource.setProperties(struct as Struct);
            resource.setOptions(new analyzerPb.AnalyzerResourceOptions());
            return resource;
        });
        const request = new analyzerPb.AnalyzeStackRequest();
        request.setResourcesList(resources);

        const response = await answer(
            server.makeAnalyzeStackRpcFun("hub-network", "0.1.0", "advisory", [...policies]),
            request,
        );

        expect(group.conversions()).to.equal(1);
        expect(bucket.conversions()).to.equal(1);
        // More than one stack policy read the bucket: each found it from the same conversion.
        const onBucket = found(response).filter(([, urn]) => urn.endsWith("::logs"));
        expect(new Set(onBucket.map(([policy]) => policy)).size).to.be.greaterThan(1);
    });
});
