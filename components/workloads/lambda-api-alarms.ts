import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../shared/aws-context";
import { alarmTopic, metricAlarm, type AlarmSubscription } from "./alarms";
import type { LambdaApiSettings } from "./lambda-api-validation";

/** Settings for {@link lambdaApiAlarms}. */
export interface LambdaApiAlarmsArgs extends AwsContext {
    /** Alias of the topic's KMS key, without `alias/`. */
    readonly keyAlias: string;
    /** The REST API's name: the `ApiName` dimension of its metrics. */
    readonly restApiName: pulumi.Input<string>;
    /** The stage: the `Stage` dimension of its metrics. */
    readonly stageName: string;
    /** Function names by a short key used in alarm names (`items`, `authorizer`). */
    readonly functionNames: Readonly<Record<string, pulumi.Input<string>>>;
    /** The web ACL: the `WebACL` dimension of its metrics. */
    readonly webAclName: string;
    /** Alarm thresholds, defaults applied. */
    readonly thresholds: LambdaApiSettings["alarms"];
    /** Subscribers of the alarm topic. */
    readonly subscriptions: readonly AlarmSubscription[];
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The alarm topic of a LambdaApi and its alarms: the stage's 5XX rate and p99 latency, each
 * function's throttles and the web ACL's blocked requests, all over 5 minutes.
 */
export function lambdaApiAlarms(
    name: string,
    args: LambdaApiAlarmsArgs,
    parent: pulumi.Resource,
): aws.sns.Topic {
    const { topic } = alarmTopic(
        `${name}-alarms`,
        {
            accountId: args.accountId,
            region: args.region,
            keyAlias: args.keyAlias,
            subscriptions: args.subscriptions,
            tags: args.tags,
        },
        parent,
    );
    const stage = { ApiName: args.restApiName, Stage: args.stageName };
    metricAlarm(
        `${name}-5xx-rate`,
        {
            description: `More than ${args.thresholds.serverErrorRate * 100}% of ${name} requests failed with 5XX`,
            namespace: "AWS/ApiGateway",
            metricName: "5XXError",
            dimensions: stage,
            statistic: "Average",
            threshold: args.thresholds.serverErrorRate,
        },
        topic.arn,
        args.tags,
        parent,
    );
    metricAlarm(
        `${name}-p99-latency`,
        {
            description: `p99 latency of ${name} above ${args.thresholds.p99LatencyMs} ms`,
            namespace: "AWS/ApiGateway",
            metricName: "Latency",
            dimensions: stage,
            extendedStatistic: "p99",
            threshold: args.thresholds.p99LatencyMs,
        },
        topic.arn,
        args.tags,
        parent,
    );
    for (const [key, functionName] of Object.entries(args.functionNames)) {
        metricAlarm(
            `${name}-${key}-throttles`,
            {
                description: `Invocations of the ${key} function of ${name} were throttled (reserved or account concurrency reached)`,
                namespace: "AWS/Lambda",
                metricName: "Throttles",
                dimensions: { FunctionName: functionName },
                statistic: "Sum",
                threshold: args.thresholds.throttles,
            },
            topic.arn,
            args.tags,
            parent,
        );
    }
    metricAlarm(
        `${name}-waf-blocked`,
        {
            description: `The web ACL of ${name} blocked more than ${args.thresholds.wafBlockedRequests} requests`,
            namespace: "AWS/WAFV2",
            metricName: "BlockedRequests",
            dimensions: { WebACL: args.webAclName, Region: args.region, Rule: "ALL" },
            statistic: "Sum",
            threshold: args.thresholds.wafBlockedRequests,
        },
        topic.arn,
        args.tags,
        parent,
    );
    return topic;
}
