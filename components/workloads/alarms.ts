import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { withName, type AwsContext } from "../shared/aws-context";
import { workloadKey } from "./keys";

/** A subscriber of a workload's alarm topic. */
export interface AlarmSubscription {
    /** SNS protocol. Email subscriptions stay pending until the recipient confirms. */
    readonly protocol: "email" | "https" | "sqs" | "lambda";
    /** Address, URL or ARN of the subscriber. */
    readonly endpoint: pulumi.Input<string>;
}

/** Settings for {@link alarmTopic}. */
export interface AlarmTopicArgs extends AwsContext {
    /** Alias of the topic's KMS key, without `alias/`. */
    readonly keyAlias: string;
    /** Subscribers of the topic (none: the topic only). */
    readonly subscriptions: readonly AlarmSubscription[];
    /** Tags for the key and the topic, next to their `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An SNS topic for a workload's alarms, encrypted with its own customer-managed key that CloudWatch
 * may use (alarms publish to it), and its subscriptions (`<name>-sub-<index>`).
 */
export function alarmTopic(
    name: string,
    args: AlarmTopicArgs,
    parent: pulumi.Resource,
): { topic: aws.sns.Topic; key: aws.kms.Key } {
    const key = workloadKey(
        name,
        {
            accountId: args.accountId,
            region: args.region,
            alias: args.keyAlias,
            purpose: "the alarm notifications",
            servicePrincipals: ["cloudwatch.amazonaws.com"],
            tags: args.tags,
        },
        parent,
    );
    const topic = new aws.sns.Topic(
        `${name}-topic`,
        { kmsMasterKeyId: key.arn, tags: withName(args.tags, `${name}-topic`) },
        { parent },
    );
    args.subscriptions.forEach((subscription, index) => {
        new aws.sns.TopicSubscription(
            `${name}-sub-${index}`,
            { topic: topic.arn, protocol: subscription.protocol, endpoint: subscription.endpoint },
            { parent },
        );
    });
    return { topic, key };
}

/** One CloudWatch alarm on a metric, notifying the topic when it fires and when it clears. */
export interface MetricAlarmSpec {
    /** What firing means, for whoever is paged. */
    readonly description: string;
    /** CloudWatch namespace of the metric, e.g. `AWS/ApiGateway`. */
    readonly namespace: string;
    /** Name of the metric, e.g. `5XXError`. */
    readonly metricName: string;
    /** Dimensions that select the metric (API and stage, function, web ACL). */
    readonly dimensions: Record<string, pulumi.Input<string>>;
    /** `Sum`, `Average`, ...; or a percentile in `extendedStatistic`. */
    readonly statistic?: "Sum" | "Average" | "Maximum";
    /** A percentile such as `p99`, instead of `statistic`. @default undefined */
    readonly extendedStatistic?: string;
    /** Value above which the alarm fires. */
    readonly threshold: number;
    /** @default 300 */
    readonly periodSeconds?: number;
    /** @default 1 */
    readonly evaluationPeriods?: number;
}

/** A `GreaterThanThreshold` alarm that treats missing data as fine and notifies `topicArn`. */
export function metricAlarm(
    name: string,
    spec: MetricAlarmSpec,
    topicArn: pulumi.Input<string>,
    tags: Readonly<Record<string, string>> | undefined,
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            alarmDescription: spec.description,
            namespace: spec.namespace,
            metricName: spec.metricName,
            dimensions: spec.dimensions,
            statistic: spec.statistic,
            extendedStatistic: spec.extendedStatistic,
            threshold: spec.threshold,
            comparisonOperator: "GreaterThanThreshold",
            period: spec.periodSeconds ?? 300,
            evaluationPeriods: spec.evaluationPeriods ?? 1,
            treatMissingData: "notBreaching",
            alarmActions: [topicArn],
            okActions: [topicArn],
            tags: withName(tags, name),
        },
        { parent },
    );
}
