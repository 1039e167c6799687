import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";

/** Settings for {@link workloadKey}. */
export interface WorkloadKeyArgs extends AwsContext {
    /** Alias, without `alias/`, e.g. `hub-network/orders/data`. */
    readonly alias: string;
    /** What the key encrypts, for its description. */
    readonly purpose: string;
    /**
     * AWS service principals (e.g. `cloudwatch.amazonaws.com`) that may generate data keys and decrypt
     * with it, for services that encrypt on their own behalf (CloudWatch alarms publishing to an
     * encrypted SNS topic). Services that use grants (DynamoDB, Lambda) need nothing here.
     * @default []
     */
    readonly servicePrincipals?: readonly string[];
    /** Tags for the key, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A customer-managed KMS key for workload data (rotation on, 30-day deletion window, protected),
 * administered by the account through IAM, optionally usable by the given service principals.
 */
export function workloadKey(name: string, args: WorkloadKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const partition = partitionOf(args.region);
    const statements: Record<string, unknown>[] = [
        {
            Sid: "AccountAdministration",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${args.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    if ((args.servicePrincipals ?? []).length > 0) {
        statements.push({
            Sid: "ServicesOfThisAccount",
            Effect: "Allow",
            Principal: { Service: [...(args.servicePrincipals ?? [])] },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
        });
    }
    const key = new aws.kms.Key(
        `${name}-key`,
        {
            description: `Encrypts ${args.purpose} (${args.alias})`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
            tags: withName(args.tags, args.alias),
        },
        { parent, protect: true },
    );
    new aws.kms.Alias(`${name}-alias`, { name: `alias/${args.alias}`, targetKeyId: key.keyId }, { parent });
    return key;
}
