/**
 * The analyzer requests the plan sends, as protobufjs encodes them: the messages of Pulumi's
 * `analyzer.proto` (package `pulumirpc`) that Analyze and AnalyzeStack take, declared below with the
 * protocol's field numbers. protobufjs writes a request straight into one buffer, about three times
 * faster than building the protocol's generated classes (`@pulumi/pulumi/proto/analyzer_pb`) and
 * serializing them, and with far less garbage: it counts at ten thousand resources. The generated
 * classes stay the reference: test/cli/policy/requests.spec.ts reads every kind of request back
 * through them.
 */
import * as protobuf from "protobufjs";

/** The messages of analyzer.proto the requests are made of, with the fields the plan fills in. */
const ANALYZER_PROTO = `
syntax = "proto3";
package pulumirpc;
import "google/protobuf/struct.proto";

message AnalyzeRequest {
    string type = 1;
    google.protobuf.Struct properties = 2;
    string urn = 3;
    string name = 4;
    AnalyzerResourceOptions options = 5;
    AnalyzerProviderResource provider = 6;
}

message AnalyzeStackRequest {
    repeated AnalyzerResource resources = 1;
}

message AnalyzerResource {
    string type = 1;
    google.protobuf.Struct properties = 2;
    string urn = 3;
    string name = 4;
    AnalyzerResourceOptions options = 5;
    AnalyzerProviderResource provider = 6;
    string parent = 7;
    repeated string dependencies = 8;
    map<string, AnalyzerPropertyDependencies> propertyDependencies = 9;
}

message AnalyzerResourceOptions {
    bool protect = 1;
    repeated string ignoreChanges = 2;
    bool deleteBeforeReplace = 3;
    bool deleteBeforeReplaceDefined = 4;
    repeated string additionalSecretOutputs = 5;
    repeated string aliases = 6;
    string parent = 8;
}

message AnalyzerProviderResource {
    string type = 1;
    google.protobuf.Struct properties = 2;
    string urn = 3;
    string name = 4;
}

message AnalyzerPropertyDependencies {
    repeated string urns = 1;
}
`;

/** A `google.protobuf.Value`, as protobufjs takes it: exactly one of the kinds. */
export type WireValue =
    | { readonly nullValue: 0 }
    | { readonly numberValue: number }
    | { readonly stringValue: string }
    | { readonly boolValue: boolean }
    | { readonly structValue: WireStruct }
    | { readonly listValue: { readonly values: readonly WireValue[] } };

/** A `google.protobuf.Struct`. */
export interface WireStruct {
    readonly fields: Readonly<Record<string, WireValue>>;
}

/** `pulumirpc.AnalyzerResourceOptions`; a field left out is its zero value. */
export interface WireOptions {
    readonly protect?: boolean;
    readonly ignoreChanges?: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    readonly deleteBeforeReplaceDefined?: boolean;
    readonly additionalSecretOutputs?: readonly string[];
    readonly aliases?: readonly string[];
    readonly parent?: string;
}

/** `pulumirpc.AnalyzerProviderResource`. */
export interface WireProvider {
    readonly type: string;
    readonly properties: WireStruct;
    readonly urn: string;
    readonly name: string;
}

/** `pulumirpc.AnalyzeRequest`. */
export interface WireAnalyzeRequest {
    readonly type: string;
    readonly properties: WireStruct;
    readonly urn: string;
    readonly name: string;
    readonly options: WireOptions;
    readonly provider?: WireProvider;
}

/** `pulumirpc.AnalyzerResource`: a resource's state in an AnalyzeStack request. */
export interface WireResource extends WireAnalyzeRequest {
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, { readonly urns: readonly string[] }>>;
}

const root = new protobuf.Root();
root.addJSON(protobuf.common.get("google/protobuf/struct.proto")!.nested!);
protobuf.parse(ANALYZER_PROTO, root, { keepCase: true });
root.resolveAll();
const analyzeRequest = root.lookupType("pulumirpc.AnalyzeRequest");
const analyzeStackRequest = root.lookupType("pulumirpc.AnalyzeStackRequest");

/** An Analyze request, encoded. */
export function encodeAnalyzeRequest(request: WireAnalyzeRequest): Uint8Array {
    return analyzeRequest.encode(request).finish();
}

/** An AnalyzeStack request, encoded. */
export function encodeAnalyzeStackRequest(resources: readonly WireResource[]): Uint8Array {
    return analyzeStackRequest.encode({ resources }).finish();
}
