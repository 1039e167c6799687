import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { WebAcl, webAclRuleNames, type WebAclArgs } from "../../../components/workloads/web-acl";
import { isUnknown, runProgram, type Recorded } from "../../harness";

const ACL = "aws:wafv2/webAcl:WebAcl";
const IP_SET = "aws:wafv2/ipSet:IpSet";
const ASSOC = "aws:wafv2/webAclAssociation:WebAclAssociation";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LOG_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";

const ACCOUNT = "222233334444";
const REGION = "eu-central-1";
const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const STAGE_ARN = `arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5/stages/v1`;
const ALB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/api/0123456789abcdef`;

interface Rule {
    name: string;
    priority: number;
    action?: Record<string, unknown>;
    overrideAction?: Record<string, unknown>;
    statement: Record<string, Record<string, unknown>>;
    visibilityConfig: {
        cloudwatchMetricsEnabled: boolean;
        sampledRequestsEnabled: boolean;
        metricName: string;
    };
}

const base = (): WebAclArgs => ({
    accountId: ACCOUNT,
    region: REGION,
    logging: { kmsKeyArn: KMS_KEY, retentionDays: 90 },
    tags: { owner: "api-team" },
});

function runAcl(overrides: Partial<WebAclArgs> = {}, preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            const provider = new aws.Provider("spoke", { region: REGION });
            const acl = new WebAcl("orders-api", { ...base(), ...overrides }, { provider });
            acl.associate("alb", ALB_ARN);
            return { webAclArn: acl.webAclArn };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

const rulesOf = (run: Recorded): Rule[] => run.find(ACL, "orders-api-acl").inputs.rules as Rule[];

describe("WebAcl", () => {
    let run: Recorded;
    let withIps: Recorded;
    let preview: Recorded;

    before(async () => {
        run = await runAcl({ associations: { stage: STAGE_ARN } });
        withIps = await runAcl({
            blockedCidrs: ["198.51.100.0/24", "2001:db8:bad::/48"],
            allowedCidrs: ["203.0.113.0/24"],
            rateLimitPerMinute: 300,
        });
        preview = await runAcl({}, true);
    });

    describe("rules", () => {
        it("is a regional web ACL that allows by default and reports its own metric", () => {
            const acl = run.find(ACL, "orders-api-acl");
            expect(acl.inputs.scope).to.equal("REGIONAL");
            expect(acl.inputs.name).to.equal("orders-api");
            expect(acl.inputs.defaultAction).to.deep.equal({ allow: {} });
            expect(acl.inputs.visibilityConfig).to.deep.equal({
                cloudwatchMetricsEnabled: true,
                sampledRequestsEnabled: true,
                metricName: "orders-api",
            });
        });

        it("evaluates the four AWS managed rule groups, then the rate rule, at distinct increasing priorities", () => {
            const rules = rulesOf(run);
            expect(rules.map((r) => r.name)).to.deep.equal([
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesSQLiRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList",
                "rate-limit-per-ip",
            ]);
            expect(rules.map((r) => r.priority)).to.deep.equal([0, 1, 2, 3, 4]);
            for (const rule of rules.slice(0, 4)) {
                expect(rule.statement).to.deep.equal({
                    managedRuleGroupStatement: { vendorName: "AWS", name: rule.name },
                });
                // `none` keeps the group's own block actions; `count` would only observe.
                expect(rule.overrideAction).to.deep.equal({ none: {} });
                expect(rule.action).to.equal(undefined);
            }
        });

        it("blocks more than 1,000 requests per IP per 60-second window by default", () => {
            const rate = rulesOf(run).find((r) => r.name === "rate-limit-per-ip")!;
            expect(rate.action).to.deep.equal({ block: {} });
            expect(rate.statement).to.deep.equal({
                rateBasedStatement: { limit: 1000, aggregateKeyType: "IP", evaluationWindowSec: 60 },
            });
        });

        it("counts clients by the first address of a forwarded-IP header when told to", async () => {
            const forwarded = await runAcl({ rateLimitForwardedIpHeader: "X-Forwarded-For" });
            const rate = rulesOf(forwarded).find((r) => r.name === "rate-limit-per-ip")!;
            expect(rate.statement).to.deep.equal({
                rateBasedStatement: {
                    limit: 1000,
                    evaluationWindowSec: 60,
                    aggregateKeyType: "FORWARDED_IP",
                    forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" },
                },
            });
        });

        it("turns on CloudWatch metrics and sampled requests for every rule, each under its own name", () => {
            for (const rule of [...rulesOf(run), ...rulesOf(withIps)]) {
                expect(rule.visibilityConfig).to.deep.equal({
                    cloudwatchMetricsEnabled: true,
                    sampledRequestsEnabled: true,
                    metricName: rule.name,
                });
            }
        });

        it("takes the managed rule groups and the rate limit from args", async () => {
            const custom = await runAcl({
                managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
                rateLimitPerMinute: 10,
            });
            const rules = rulesOf(custom);
            expect(rules.map((r) => r.name)).to.deep.equal([
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "rate-limit-per-ip",
            ]);
            expect(rules[2].statement.rateBasedStatement.limit).to.equal(10);
        });

        it("creates no IP sets without blocked or allowed CIDRs", () => {
            expect(run.all(IP_SET)).to.have.length(0);
        });
    });

    describe("IP sets", () => {
        it("splits the block list into an IPv4 and an IPv6 set and blocks either first", () => {
            const v4 = withIps.find(IP_SET, "orders-api-blocked-ips-ipv4");
            const v6 = withIps.find(IP_SET, "orders-api-blocked-ips-ipv6");
            expect(v4.inputs).to.deep.include({
                scope: "REGIONAL",
                ipAddressVersion: "IPV4",
                addresses: ["198.51.100.0/24"],
            });
            expect(v6.inputs).to.deep.include({ ipAddressVersion: "IPV6", addresses: ["2001:db8:bad::/48"] });
            const blocked = rulesOf(withIps)[0];
            expect(blocked.name).to.equal("blocked-ips");
            expect(blocked.priority).to.equal(0);
            expect(blocked.action).to.deep.equal({ block: {} });
            expect(blocked.statement).to.deep.equal({
                orStatement: {
                    statements: [
                        { ipSetReferenceStatement: { arn: v4.outputs.arn } },
                        { ipSetReferenceStatement: { arn: v6.outputs.arn } },
                    ],
                },
            });
        });

        it("blocks every address outside the allow list, then still applies the managed rules and rate limit", () => {
            const allowed = withIps.find(IP_SET, "orders-api-allowed-ips-ipv4");
            expect(allowed.inputs.addresses).to.deep.equal(["203.0.113.0/24"]);
            const rules = rulesOf(withIps);
            const notAllowed = rules[1];
            expect(notAllowed).to.deep.include({
                name: "not-allowed-ips",
                priority: 1,
                action: { block: {} },
            });
            expect(notAllowed.statement).to.deep.equal({
                notStatement: { statement: { ipSetReferenceStatement: { arn: allowed.outputs.arn } } },
            });
            expect(rules.map((r) => r.name)).to.deep.equal(
                webAclRuleNames({ blockedCidrs: ["x"], allowedCidrs: ["y"] }),
            );
            expect(rules.at(-1)!.statement.rateBasedStatement.limit).to.equal(300);
        });
    });

    describe("logging", () => {
        it("logs to an aws-waf-logs- group encrypted with the given key, with retention", () => {
            const group = run.find(LOG_GROUP, "orders-api-logs");
            expect(group.inputs).to.deep.include({
                name: "aws-waf-logs-orders-api",
                kmsKeyId: KMS_KEY,
                retentionInDays: 90,
            });
            const logging = run.find(LOGGING, "orders-api-logging");
            expect(logging.inputs.resourceArn).to.equal(run.find(ACL, "orders-api-acl").outputs.arn);
            expect(logging.inputs.logDestinationConfigs).to.deep.equal([group.outputs.arn]);
        });

        it("keeps the authorization and API key headers out of the logs", () => {
            expect(run.find(LOGGING, "orders-api-logging").inputs.redactedFields).to.deep.equal([
                { singleHeader: { name: "authorization" } },
                { singleHeader: { name: "x-api-key" } },
            ]);
        });

        it("lets only log delivery of this account write the group, and configures logging after that", () => {
            const policy = run.find(LOG_POLICY, "orders-api-log-delivery");
            const group = run.find(LOG_GROUP, "orders-api-logs");
            const document = JSON.parse(String(policy.inputs.policyDocument)) as {
                Statement: Record<string, unknown>[];
            };
            expect(document.Statement).to.deep.equal([
                {
                    Sid: "WafLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${String(group.outputs.arn)}:*`,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: { "aws:SourceArn": `arn:aws:logs:${REGION}:${ACCOUNT}:*` },
                    },
                },
            ]);
            expect(run.find(LOGGING, "orders-api-logging").dependencies).to.include(policy.urn);
        });

        it("accepts a log group name of its own only with the aws-waf-logs- prefix", async () => {
            const named = await runAcl({
                logging: { kmsKeyArn: KMS_KEY, retentionDays: 30, logGroupName: "aws-waf-logs-orders-dev" },
            });
            expect(named.find(LOG_GROUP, "orders-api-logs").inputs.name).to.equal("aws-waf-logs-orders-dev");
            let error: unknown;
            try {
                await runAcl({
                    logging: { kmsKeyArn: KMS_KEY, retentionDays: 30, logGroupName: "/waf/orders" },
                });
            } catch (e) {
                error = e;
            }
            expect(String(error)).to.include(
                "WebAcl orders-api: logging.logGroupName '/waf/orders' must start with 'aws-waf-logs-'",
            );
        });
    });

    describe("associations", () => {
        it("associates the resources given in args and through associate()", () => {
            const acl = run.find(ACL, "orders-api-acl");
            const stage = run.find(ASSOC, "orders-api-assoc-stage");
            const alb = run.find(ASSOC, "orders-api-assoc-alb");
            expect(stage.inputs).to.deep.equal({ resourceArn: STAGE_ARN, webAclArn: acl.outputs.arn });
            expect(alb.inputs).to.deep.equal({ resourceArn: ALB_ARN, webAclArn: acl.outputs.arn });
            expect(run.all(ASSOC)).to.have.length(2);
        });

        it("parents every child to the component and passes its provider on", () => {
            const component = run.find("hub-network:workloads:WebAcl", "orders-api");
            const children = run.resources.filter((r) => r.parent === component.urn);
            expect(children.map((r) => r.type).sort()).to.deep.equal(
                [ACL, ASSOC, ASSOC, LOGGING, LOG_GROUP, LOG_POLICY].sort(),
            );
            for (const child of children) expect(child.provider).to.match(/::spoke::/);
        });
    });

    describe("IDs", () => {
        it("gives the ACL a regional WAF ARN after an update and leaves it unknown in a preview", () => {
            const acl = run.find(ACL, "orders-api-acl");
            expect(acl.outputs.arn).to.match(
                new RegExp(`^arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/orders-api/[0-9a-f-]{36}$`),
            );
            expect(run.outputs.webAclArn).to.equal(acl.outputs.arn);
            expect(isUnknown(preview.outputs.webAclArn)).to.equal(true);
            expect(isUnknown(preview.find(ASSOC, "orders-api-assoc-alb").inputs.webAclArn)).to.equal(true);
        });
    });

    describe("bad input", () => {
        const rejects = async (overrides: Partial<WebAclArgs>, message: string) => {
            let error: unknown;
            try {
                await runAcl(overrides);
            } catch (e) {
                error = e;
            }
            expect(String(error)).to.include(message);
        };

        it("rejects a rate limit under WAF's minimum of 10", () =>
            rejects(
                { rateLimitPerMinute: 9 },
                "WebAcl orders-api: rateLimitPerMinute 9 is outside what WAF accepts; expected a whole number from 10 to 2000000000",
            ));

        it("rejects a rate limit over WAF's maximum and a fractional one", async () => {
            await rejects({ rateLimitPerMinute: 2_000_000_001 }, "rateLimitPerMinute 2000000001 is outside");
            await rejects({ rateLimitPerMinute: 99.5 }, "rateLimitPerMinute 99.5 is outside");
        });

        it("rejects a CIDR that is not one", () =>
            rejects(
                { blockedCidrs: ["198.51.100.7"] },
                "WebAcl orders-api: blockedCidrs '198.51.100.7' is not a CIDR; expected a network address with its prefix",
            ));

        it("rejects a CIDR with host bits set", () =>
            rejects({ allowedCidrs: ["10.0.0.1/8"] }, "allowedCidrs '10.0.0.1/8' is not a CIDR"));

        it("rejects a forwarded-IP header that is not a header name", () =>
            rejects(
                { rateLimitForwardedIpHeader: "X Client IP" },
                "WebAcl orders-api: rateLimitForwardedIpHeader 'X Client IP' is not a header name; expected letters, digits and '-', e.g. X-Forwarded-For",
            ));

        it("rejects a managed rule group listed twice", () =>
            rejects(
                { managedRuleGroups: ["AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"] },
                "WebAcl orders-api: managedRuleGroups lists AWSManagedRulesSQLiRuleSet twice",
            ));
    });
});
