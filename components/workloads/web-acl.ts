import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Address6 } from "ip-address";
import { parseCidr } from "../network/subnet-plan";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "../shared/log-group";

/** AWS managed rule groups (vendor `AWS`) the web ACL can use. */
export type AwsManagedRuleGroup =
    | "AWSManagedRulesCommonRuleSet"
    | "AWSManagedRulesSQLiRuleSet"
    | "AWSManagedRulesKnownBadInputsRuleSet"
    | "AWSManagedRulesAmazonIpReputationList"
    | "AWSManagedRulesAnonymousIpList"
    | "AWSManagedRulesLinuxRuleSet"
    | "AWSManagedRulesUnixRuleSet"
    | "AWSManagedRulesAdminProtectionRuleSet";

/** The managed rule groups of a web ACL unless told otherwise. */
export const DEFAULT_MANAGED_RULE_GROUPS: readonly AwsManagedRuleGroup[] = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesSQLiRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];

/** WAF's bounds for a rate-based rule's limit (requests per IP per evaluation window). */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/** The rate-based rule counts requests over this window, so its limit is per minute. */
export const RATE_WINDOW_SECONDS = 60;

/** Headers kept out of WAF logs: they carry credentials. */
export const REDACTED_HEADERS = ["authorization", "x-api-key"] as const;

/** What the web ACL can be configured with, apart from where it logs. */
export interface WebAclRules {
    /**
     * AWS managed rule groups, evaluated in this order (after the IP sets, before the rate rule), each
     * with its own rule and CloudWatch metric.
     * @default DEFAULT_MANAGED_RULE_GROUPS - common rule set, SQL injection, known bad inputs, Amazon IP reputation
     */
    readonly managedRuleGroups?: readonly AwsManagedRuleGroup[];
    /**
     * Requests one client IP may send per minute before the rate-based rule blocks it (WAF evaluates
     * over a 60-second window). Between 10 (WAF's minimum) and 2,000,000,000.
     * @default 1000
     */
    readonly rateLimitPerMinute?: number;
    /**
     * Count each client by the first IP address in this request header instead of the request's
     * source address: for a web ACL behind a proxy that passes the caller's address on (the ECS API's
     * ALB behind an HTTP API VPC link, where every source is a VPC-link network interface and a
     * per-source limit would throttle all callers as one). A request whose header holds no valid
     * address is blocked by the rule (fallback MATCH); a request without the header is not counted
     * (https://docs.aws.amazon.com/waf/latest/APIReference/API_ForwardedIPConfig.html).
     * @default undefined - the request's source IP
     */
    readonly rateLimitForwardedIpHeader?: string;
    /**
     * CIDRs (IPv4 or IPv6) whose requests are always blocked, before any other rule.
     * @default [] - no block list
     */
    readonly blockedCidrs?: readonly string[];
    /**
     * When set, only these CIDRs (IPv4 or IPv6) may call: requests from anywhere else are blocked.
     * Allowed requests still go through the managed rule groups and the rate limit.
     * @default [] - every address may call (subject to the other rules)
     */
    readonly allowedCidrs?: readonly string[];
}

/** Arguments of {@link WebAcl}. */
export interface WebAclArgs extends AwsContext, WebAclRules {
    /**
     * Where the web ACL logs: a KMS-encrypted CloudWatch log group with retention, named
     * `aws-waf-logs-<name>` unless `logGroupName` (which must start with `aws-waf-logs-`) is given.
     */
    readonly logging: LogGroupSettings & { readonly logGroupName?: string };
    /**
     * Resources to protect (API Gateway REST stages, Application Load Balancers), by a short key used
     * in child names. More can be added later with {@link WebAcl.associate}.
     * @default {} - no association
     */
    readonly associations?: Readonly<Record<string, pulumi.Input<string>>>;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The rule names of a web ACL, in priority order: what its CloudWatch metrics are named after. */
export function webAclRuleNames(rules: WebAclRules): string[] {
    return [
        ...((rules.blockedCidrs ?? []).length > 0 ? ["blocked-ips"] : []),
        ...((rules.allowedCidrs ?? []).length > 0 ? ["not-allowed-ips"] : []),
        ...(rules.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS),
        "rate-limit-per-ip",
    ];
}

/**
 * Checks web ACL settings, naming the component, the arg, the value and the fix.
 * @throws Error for a rate limit outside WAF's bounds, a bad CIDR or a repeated managed rule group.
 */
export function validateWebAclRules(owner: string, rules: WebAclRules): void {
    const limit = rules.rateLimitPerMinute ?? 1000;
    if (!Number.isInteger(limit) || limit < WAF_RATE_LIMIT_MIN || limit > WAF_RATE_LIMIT_MAX) {
        throw new Error(
            `${owner}: rateLimitPerMinute ${limit} is outside what WAF accepts; expected a whole number ` +
                `from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX}`,
        );
    }
    const groups = rules.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS;
    const repeated = groups.filter((g, i) => groups.indexOf(g) !== i);
    if (repeated.length > 0) {
        throw new Error(`${owner}: managedRuleGroups lists ${repeated[0]} twice; list each group once`);
    }
    const header = rules.rateLimitForwardedIpHeader;
    if (header !== undefined && !/^[A-Za-z0-9-]{1,255}$/.test(header)) {
        throw new Error(
            `${owner}: rateLimitForwardedIpHeader '${header}' is not a header name; expected letters, digits and '-', e.g. X-Forwarded-For`,
        );
    }
    for (const field of ["blockedCidrs", "allowedCidrs"] as const) {
        for (const cidr of rules[field] ?? []) ipVersionOf(owner, field, cidr);
    }
}

/** `IPV4` or `IPV6` for a valid CIDR; an error naming the arg for anything else. */
function ipVersionOf(owner: string, field: string, cidr: string): "IPV4" | "IPV6" {
    if (cidr.includes(":")) {
        if (Address6.isValid(cidr) && cidr.includes("/")) return "IPV6";
    } else {
        try {
            parseCidr(cidr);
            return "IPV4";
        } catch {
            // reported below
        }
    }
    throw new Error(
        `${owner}: ${field} '${cidr}' is not a CIDR; expected a network address with its prefix, ` +
            `e.g. 203.0.113.0/24 or 2001:db8::/32`,
    );
}

type Statement = aws.types.input.wafv2.WebAclRuleStatement;

/**
 * A regional AWS WAF web ACL: optional IP block and allow lists, AWS managed rule groups and a
 * per-IP rate-based rule (per minute), CloudWatch metrics on the ACL and every rule, sampled
 * requests, and logging (credentials redacted) to a KMS-encrypted `aws-waf-logs-` log group that only
 * log delivery for this account may write. Associate it with API Gateway stages or load balancers.
 */
export class WebAcl extends pulumi.ComponentResource {
    readonly webAcl: aws.wafv2.WebAcl;
    /** ARN of the web ACL. */
    readonly webAclArn: pulumi.Output<string>;
    /** Name of the web ACL: the `WebACL` dimension of its `AWS/WAFV2` metrics. */
    readonly webAclName: string;
    /** Rule names in priority order (each is also the rule's metric name). */
    readonly ruleNames: readonly string[];
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly ipSets: readonly aws.wafv2.IpSet[];

    constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:workloads:WebAcl", name, {}, opts);
        if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
            throw new Error(
                `WebAcl ${name}: the name becomes the web ACL's name; use 1-128 letters, digits, '-' or '_'`,
            );
        }
        validateWebAclRules(`WebAcl ${name}`, args);
        const logGroupName = args.logging.logGroupName ?? `aws-waf-logs-${name}`;
        if (!logGroupName.startsWith("aws-waf-logs-")) {
            throw new Error(
                `WebAcl ${name}: logging.logGroupName '${logGroupName}' must start with 'aws-waf-logs-' ` +
                    `(WAF logs only to destinations named so)`,
            );
        }
        const tags = args.tags;
        this.webAclName = name;
        this.ruleNames = webAclRuleNames(args);
        const ipSets: aws.wafv2.IpSet[] = [];
        const rules: aws.types.input.wafv2.WebAclRule[] = [];
        const visibility = (metricName: string) => ({
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName,
        });
        const ipMatch = (key: string, field: string, cidrs: readonly string[]): Statement => {
            const references: Statement[] = (["IPV4", "IPV6"] as const)
                .map((version) => ({
                    version,
                    addresses: cidrs.filter((c) => ipVersionOf(`WebAcl ${name}`, field, c) === version),
                }))
                .filter((set) => set.addresses.length > 0)
                .map(({ version, addresses }) => {
                    const setName = `${name}-${key}-${version.toLowerCase()}`;
                    const set = new aws.wafv2.IpSet(
                        setName,
                        {
                            name: setName,
                            scope: "REGIONAL",
                            ipAddressVersion: version,
                            addresses: [...addresses],
                            description: `${key} for web ACL ${name}`,
                            tags: withName(tags, setName),
                        },
                        { parent: this },
                    );
                    ipSets.push(set);
                    return { ipSetReferenceStatement: { arn: set.arn } };
                });
            return references.length === 1 ? references[0] : { orStatement: { statements: references } };
        };

        if ((args.blockedCidrs ?? []).length > 0) {
            rules.push({
                name: "blocked-ips",
                priority: rules.length,
                action: { block: {} },
                statement: ipMatch("blocked-ips", "blockedCidrs", args.blockedCidrs ?? []),
                visibilityConfig: visibility("blocked-ips"),
            });
        }
        if ((args.allowedCidrs ?? []).length > 0) {
            rules.push({
                name: "not-allowed-ips",
                priority: rules.length,
                action: { block: {} },
                statement: {
                    notStatement: {
                        statement: ipMatch("allowed-ips", "allowedCidrs", args.allowedCidrs ?? []),
                    },
                },
                visibilityConfig: visibility("not-allowed-ips"),
            });
        }
        for (const group of args.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS) {
            rules.push({
                name: group,
                priority: rules.length,
                overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
                visibilityConfig: visibility(group),
            });
        }
        rules.push({
            name: "rate-limit-per-ip",
            priority: rules.length,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    limit: args.rateLimitPerMinute ?? 1000,
                    evaluationWindowSec: RATE_WINDOW_SECONDS,
                    ...(args.rateLimitForwardedIpHeader
                        ? {
                              aggregateKeyType: "FORWARDED_IP",
                              forwardedIpConfig: {
                                  headerName: args.rateLimitForwardedIpHeader,
                                  fallbackBehavior: "MATCH",
                              },
                          }
                        : { aggregateKeyType: "IP" }),
                },
            },
            visibilityConfig: visibility("rate-limit-per-ip"),
        });
        this.ipSets = ipSets;

        this.webAcl = new aws.wafv2.WebAcl(
            `${name}-acl`,
            {
                name,
                description: `Managed rule groups and a per-IP rate limit for ${name}`,
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules,
                visibilityConfig: visibility(name),
                tags: withName(tags, name),
            },
            { parent: this },
        );
        this.webAclArn = this.webAcl.arn;

        this.logGroup = encryptedLogGroup(`${name}-logs`, logGroupName, args.logging, this);
        const partition = partitionOf(args.region);
        // A policy of our own for this log group, rather than the account-wide AWSWAF-LOGS one that WAF
        // would otherwise create and grow with every web ACL.
        const deliveryPolicy = new aws.cloudwatch.LogResourcePolicy(
            `${name}-log-delivery`,
            {
                policyName: `${name}-waf-log-delivery`,
                policyDocument: this.logGroup.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "WafLogDelivery",
                                Effect: "Allow",
                                Principal: { Service: "delivery.logs.amazonaws.com" },
                                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                Resource: `${arn}:*`,
                                Condition: {
                                    StringEquals: { "aws:SourceAccount": args.accountId },
                                    ArnLike: {
                                        "aws:SourceArn": `arn:${partition}:logs:${args.region}:${args.accountId}:*`,
                                    },
                                },
                            },
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-logging`,
            {
                resourceArn: this.webAcl.arn,
                logDestinationConfigs: [this.logGroup.arn],
                redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
            },
            { parent: this, dependsOn: [deliveryPolicy] },
        );

        for (const [key, resourceArn] of Object.entries(args.associations ?? {})) {
            this.associate(key, resourceArn);
        }
        this.registerOutputs({ webAclArn: this.webAclArn, logGroupArn: this.logGroup.arn });
    }

    /**
     * Protects a resource (an API Gateway REST stage ARN or an Application Load Balancer ARN) with this
     * web ACL; `key` names the association child (`<name>-assoc-<key>`).
     */
    associate(key: string, resourceArn: pulumi.Input<string>): aws.wafv2.WebAclAssociation {
        return new aws.wafv2.WebAclAssociation(
            `${this.webAclName}-assoc-${key}`,
            { resourceArn, webAclArn: this.webAcl.arn },
            { parent: this },
        );
    }
}
