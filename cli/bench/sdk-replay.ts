/**
 * A stack's recorded registrations (cli/mock-cloud/run) made again through the SDK, with nothing of
 * the program that made them: what `npm run bench:sdk` compares with the SDK floor.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../mock-cloud/run";

/** A provider, custom resource or component of a type without a class here. */
class ReplayedProvider extends pulumi.ProviderResource {}
class ReplayedCustomResource extends pulumi.CustomResource {}
class ReplayedComponent extends pulumi.ComponentResource {
    constructor(
        type: string,
        name: string,
        outputs: Record<string, unknown>,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, {}, opts);
        this.registerOutputs(outputs);
    }
}

type ResourceClass = new (name: string, args: object, opts: pulumi.CustomResourceOptions) => pulumi.Resource;

/**
 * The class of `@pulumi/aws` a type token names (`aws:ec2/subnet:Subnet` is `aws.ec2.Subnet`), as the
 * program constructs it: its constructor declares the resource's output properties, which the SDK
 * resolves as it resolves the inputs.
 */
function awsClass(type: string): ResourceClass | undefined {
    const match = /^aws:([a-z0-9]+)\/[A-Za-z0-9]+:([A-Za-z0-9]+)$/.exec(type);
    if (!match) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the SDK
    const aws = require("@pulumi/aws") as Record<string, Record<string, unknown> | undefined>;
    const cls = aws[match[1]]?.[match[2]];
    return typeof cls === "function" ? (cls as ResourceClass) : undefined;
}

/**
 * The recorded resources of one stack registered again, in their order, with their inputs: each
 * `@pulumi/aws` resource through its class, any other custom resource, provider and component
 * through the SDK's own classes. `generic` counts the custom resources without a class.
 */
export function replay(resources: readonly RecordedResource[], generic: Set<string>): () => void {
    return () => {
        const byUrn = new Map<string, pulumi.Resource>();
        for (const r of resources) {
            if (r.type === "pulumi:pulumi:Stack") continue;
            const parent = r.parent ? byUrn.get(r.parent) : undefined;
            const providerUrn = r.provider?.split("::").slice(0, -1).join("::");
            const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
            const opts: pulumi.CustomResourceOptions = {
                ...(parent ? { parent } : {}),
                ...(provider ? { provider: provider as pulumi.ProviderResource } : {}),
                ...(r.protect ? { protect: true } : {}),
            };
            let resource: pulumi.Resource;
            if (r.type.startsWith("pulumi:providers:")) {
                resource = new ReplayedProvider(
                    r.type.slice("pulumi:providers:".length),
                    r.name,
                    r.inputs,
                    opts,
                );
            } else if (r.custom) {
                const cls = awsClass(r.type);
                if (!cls) generic.add(r.type);
                resource = cls
                    ? new cls(r.name, r.inputs, opts)
                    : new ReplayedCustomResource(r.type, r.name, r.inputs, opts);
            } else {
                resource = new ReplayedComponent(r.type, r.name, r.outputs, opts);
            }
            byUrn.set(r.urn, resource);
        }
    };
}
