import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Settings every log group of the project shares. */
export interface LogGroupSettings {
    /** KMS key ARN that encrypts the log group (see {@link LogKey}). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Days CloudWatch Logs keeps events (a value CloudWatch accepts, e.g. 30, 90, 365). */
    readonly retentionDays: number;
    /** Tags for the log group, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** A KMS-encrypted CloudWatch log group with retention, named `logGroupName`. */
export function encryptedLogGroup(
    name: string,
    logGroupName: string,
    settings: LogGroupSettings,
    parent: pulumi.Resource,
): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
        name,
        {
            name: logGroupName,
            kmsKeyId: settings.kmsKeyArn,
            retentionInDays: settings.retentionDays,
            tags: { ...settings.tags, Name: logGroupName },
        },
        { parent },
    );
}
