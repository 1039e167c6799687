import type { StackResource, StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { list, str } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";
import { WEB_ACL } from "./rules";

const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const PREFIX = "aws-waf-logs-";

/** Resource types WAF logs to, with the prop that holds the name WAF checks. */
const DESTINATIONS: Readonly<Record<string, string>> = {
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "name",
};

/** The name in a destination ARN: log group, bucket or delivery stream. */
function nameInArn(arn: string): string | undefined {
    const match = /:log-group:([^:]+)|^arn:[^:]+:s3:::([^/]+)|:deliverystream\/(.+)$/.exec(arn);
    return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/**
 * The names of a logging configuration's destinations, where known: from the destination resources of
 * the stack it refers to (by property dependency in a preview, by ARN after an update), otherwise from
 * the ARNs themselves.
 */
function destinationNames(graph: StackGraph, config: StackResource): string[] {
    const targets = graph.targets(config, "logDestinationConfigs", ...Object.keys(DESTINATIONS));
    const fromResources = targets
        .map((t) => str(t.props[DESTINATIONS[t.type]]))
        .filter((n): n is string => n !== undefined);
    if (fromResources.length > 0) return fromResources;
    return list(config.props.logDestinationConfigs)
        .map(str)
        .filter((a): a is string => a !== undefined)
        .map(nameInArn)
        .filter((n): n is string => n !== undefined);
}

/**
 * Every WAF web ACL must have a logging configuration whose destination is named aws-waf-logs-*. WAF
 * delivers logs only to log groups, buckets and delivery streams named so.
 */
export const wafv2WebAclLogging = stackPolicy({
    name: "wafv2-web-acl-logging",
    description:
        "Every WAF web ACL must have a logging configuration whose destination is named aws-waf-logs-*.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["WAF.11"], checkov: ["CKV2_AWS_31"] },
    subjectType: WEB_ACL,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const acl of graph.ofType(WEB_ACL)) {
            const configs = graph.referrers(acl, "resourceArn", LOGGING);
            if (configs.length === 0) {
                found.push({
                    urn: acl.urn,
                    message: `web ACL '${acl.name}' has no logging configuration; log it to a CloudWatch log group named ${PREFIX}*.`,
                });
            }
            for (const config of configs) {
                for (const name of destinationNames(graph, config).filter((n) => !n.startsWith(PREFIX))) {
                    found.push({
                        urn: config.urn,
                        message: `web ACL '${acl.name}' logs to '${name}', which does not start with ${PREFIX}; WAF only delivers to destinations named so.`,
                    });
                }
            }
        }
        return found;
    },
});
