import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "./aws-context";

/** Arguments of {@link LogKey}. */
export interface LogKeyArgs extends AwsContext {
    /** Alias, without the `alias/` prefix, e.g. `hub-network/dev/logs`. */
    readonly alias: string;
    /**
     * Also allow AWS log delivery (`delivery.logs.amazonaws.com`) to encrypt with the key, for logs
     * that AWS services deliver to S3 (Network Firewall, VPC flow logs to S3).
     * @default false
     */
    readonly allowLogDelivery?: boolean;
    /** Days before a scheduled deletion completes (7-30). @default 30 */
    readonly deletionWindowInDays?: number;
    /** Tags for the key, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A customer-managed KMS key for log encryption: rotation on, usable by CloudWatch Logs for log groups
 * of this account and region only (and optionally by AWS log delivery), protected from deletion.
 */
export class LogKey extends pulumi.ComponentResource {
    /** The key. */
    readonly key: aws.kms.Key;
    /** The key's ARN, for `kmsKeyId` on log groups and buckets. */
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: LogKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:shared:LogKey", name, {}, opts);
        const partition = partitionOf(args.region);
        const root = `arn:${partition}:iam::${args.accountId}:root`;
        const statements: Record<string, unknown>[] = [
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: `logs.${args.region}.amazonaws.com` },
                // AWS's example also lists kms:Describe*, but DescribeKey carries no encryption context
                // (Service Authorization Reference), so this condition never holds for it: a dead grant.
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${args.region}:${args.accountId}:log-group:*`,
                    },
                },
            },
        ];
        if (args.allowLogDelivery) {
            statements.push({
                Sid: "AwsLogDeliveryOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
            });
        }
        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts logs (${args.alias})`,
                enableKeyRotation: true,
                deletionWindowInDays: args.deletionWindowInDays ?? 30,
                policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
                tags: withName(args.tags, args.alias),
            },
            { parent: this, protect: true },
        );
        new aws.kms.Alias(
            `${name}-alias`,
            { name: `alias/${args.alias}`, targetKeyId: this.key.keyId },
            { parent: this },
        );
        this.keyArn = this.key.arn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
