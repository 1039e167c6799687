import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { TABLE_HASH_KEY } from "../../services/contract";
import { withName } from "../shared/aws-context";

/** Settings for {@link itemsTable}. */
export interface ItemsTableArgs {
    /** KMS key that encrypts the table (server-side encryption with a customer-managed key). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Tags for the table, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The DynamoDB table of an items service: keyed by the string `id` the services use, on-demand
 * capacity, encrypted with a customer-managed key, point-in-time recovery, deletion protection on,
 * and `protect`ed. Its physical name comes from Pulumi's auto-naming (`<name>-<suffix>`).
 */
export function itemsTable(name: string, args: ItemsTableArgs, parent: pulumi.Resource): aws.dynamodb.Table {
    return new aws.dynamodb.Table(
        name,
        {
            billingMode: "PAY_PER_REQUEST",
            hashKey: TABLE_HASH_KEY.name,
            attributes: [{ name: TABLE_HASH_KEY.name, type: TABLE_HASH_KEY.type }],
            serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: true,
            tags: withName(args.tags, name),
        },
        { parent, protect: true },
    );
}

/**
 * An IAM statement allowing exactly `actions` on the table (and its indexes, when it has any: the
 * items tables have none).
 */
export function tableStatement(
    actions: readonly string[],
    tableArn: string,
    indexNames: readonly string[] = [],
): Record<string, unknown> {
    return {
        Sid: "ItemsTable",
        Effect: "Allow",
        Action: [...actions],
        Resource: [tableArn, ...indexNames.map((index) => `${tableArn}/index/${index}`)],
    };
}
