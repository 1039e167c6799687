/**
 * The evaluator against AWS's documented evaluation logic and the examples of the IAM User Guide
 * (each case names its page). Pure functions: no mocks.
 */
import { expect } from "chai";
import { conditionHolds, RequestContext } from "../../../cli/iam/conditions";
import { authorize, type IamRequest, type NamedPolicy } from "../../../cli/iam/evaluate";
import { arnMatch, globMatch, globsIntersect } from "../../../cli/iam/match";
import { parsePolicy, policySize, type PolicyDocument } from "../../../cli/iam/policy";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;

const policy = (name: string, statements: PolicyDocument["Statement"]): NamedPolicy => ({
    name,
    statements: parsePolicy({ Version: "2012-10-17", Statement: statements }),
});
const request = (
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
    principal: IamRequest["principal"] = { type: "AWS", account: ACCOUNT, arn: ROLE },
): IamRequest => ({ action, resource, principal, context: new RequestContext(context) });
const holds = (operator: string, key: string, values: string[], context: Record<string, string | string[]>) =>
    conditionHolds({ operator, key, values }, new RequestContext(context));

describe("IAM evaluator: evaluation logic (reference_policies_evaluation-logic.html)", () => {
    const bucket = "arn:aws:s3:::amzn-s3-demo-bucket";
    const allowAll = policy("allow", { Effect: "Allow", Action: "s3:*", Resource: "*" });

    it("denies implicitly when no statement allows the request", () => {
        const d = authorize(request("s3:GetObject", `${bucket}/a`), { identity: [] });
        expect(d.decision).to.equal("implicit-deny");
    });

    it("allows within one account when an identity-based policy allows", () => {
        const d = authorize(request("s3:GetObject", `${bucket}/a`), { identity: [allowAll] });
        expect(d.decision).to.equal("allow");
        expect(d.statements).to.deep.equal([{ policy: "allow", sid: "#0", effect: "Allow" }]);
    });

    it("lets an explicit deny in any policy override every allow", () => {
        const deny = policy("deny", { Sid: "NoDelete", Effect: "Deny", Action: "s3:Delete*", Resource: "*" });
        const d = authorize(request("s3:DeleteObject", `${bucket}/a`), { identity: [allowAll, deny] });
        expect(d.decision).to.equal("explicit-deny");
        expect(d.reason).to.equal("explicitly denied by deny statement NoDelete");
    });

    it("matches actions without case and resources with case", () => {
        const p = policy("p", { Effect: "Allow", Action: "S3:getobject", Resource: `${bucket}/Reports/*` });
        expect(
            authorize(request("s3:GetObject", `${bucket}/Reports/x`), { identity: [p] }).decision,
        ).to.equal("allow");
        expect(
            authorize(request("s3:GetObject", `${bucket}/reports/x`), { identity: [p] }).decision,
        ).to.equal("implicit-deny");
    });

    it("reads NotAction and NotResource as everything but the listed ones", () => {
        const p = policy("p", [
            { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
            { Effect: "Deny", Action: "s3:*", NotResource: [bucket, `${bucket}/*`] },
        ]);
        const at = (action: string, resource: string) =>
            authorize(request(action, resource), { identity: [p] }).decision;
        expect(at("iam:CreateUser", "*")).to.equal("implicit-deny");
        expect(at("s3:GetObject", `${bucket}/x`)).to.equal("allow");
        expect(at("s3:GetObject", "arn:aws:s3:::other/x")).to.equal("explicit-deny");
    });

    describe("resource-based policies (reference_policies_evaluation-logic-cross-account.html)", () => {
        const bucketPolicy = (principal: string): NamedPolicy =>
            policy("bucket policy", {
                Effect: "Allow",
                Principal: { AWS: principal },
                Action: "s3:GetObject",
                Resource: `${bucket}/*`,
            });
        const other = { type: "AWS" as const, account: OTHER, arn: `arn:aws:iam::${OTHER}:role/reader` };

        it("within one account, allows through a resource policy that names the principal", () => {
            const d = authorize(request("s3:GetObject", `${bucket}/a`), {
                identity: [],
                resource: bucketPolicy(ROLE),
                resourceAccount: ACCOUNT,
            });
            expect(d.decision).to.equal("allow");
        });

        it("across accounts, needs both the resource policy and the caller's identity-based policy", () => {
            const get = policy("reader", { Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
            const at = (identity: NamedPolicy[], resource?: NamedPolicy) =>
                authorize(request("s3:GetObject", `${bucket}/a`, {}, other), {
                    identity,
                    resource,
                    resourceAccount: ACCOUNT,
                }).decision;
            expect(at([get], bucketPolicy(OTHER))).to.equal("allow");
            expect(at([get], bucketPolicy(`arn:aws:iam::${OTHER}:root`))).to.equal("allow");
            expect(at([], bucketPolicy(OTHER))).to.equal("implicit-deny");
            expect(at([get])).to.equal("implicit-deny");
            expect(at([get], bucketPolicy(`arn:aws:iam::${OTHER}:role/someone-else`))).to.equal(
                "implicit-deny",
            );
        });

        it("requires a role trust policy to allow; one naming the account delegates to identity policies", () => {
            const trust = (principal: string) =>
                policy("trust", { Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" });
            const assume = (resource: NamedPolicy, identity: NamedPolicy[]) =>
                authorize(request("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/target`), {
                    identity,
                    resource,
                    resourceAccount: ACCOUNT,
                    resourcePolicyRequired: true,
                }).decision;
            const mayAssume = policy("assume", { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" });
            expect(assume(trust(ROLE), [])).to.equal("allow");
            expect(assume(trust(ACCOUNT), [])).to.equal("implicit-deny");
            expect(assume(trust(ACCOUNT), [mayAssume])).to.equal("allow");
            expect(assume(trust(`arn:aws:iam::${OTHER}:root`), [mayAssume])).to.equal("implicit-deny");
        });

        it("matches a service principal only by its service name", () => {
            const keyPolicy = policy("key policy", {
                Effect: "Allow",
                Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                Action: "kms:Encrypt*",
                Resource: "*",
            });
            const as = (service: string) =>
                authorize(
                    request(
                        "kms:Encrypt",
                        "arn:aws:kms:eu-west-1:111122223333:key/k",
                        {},
                        { type: "Service", service },
                    ),
                    {
                        resource: keyPolicy,
                        resourcePolicyRequired: true,
                        resourceAccount: ACCOUNT,
                    },
                ).decision;
            expect(as("logs.eu-west-1.amazonaws.com")).to.equal("allow");
            expect(as("logs.us-east-1.amazonaws.com")).to.equal("implicit-deny");
        });
    });
});

describe("IAM evaluator: conditions (reference_policies_elements_condition_operators.html)", () => {
    it("StringEquals compares with case; StringEqualsIgnoreCase without", () => {
        const tag = { "aws:PrincipalTag/job-category": "iamuser-admin" };
        expect(holds("StringEquals", "aws:PrincipalTag/job-category", ["iamuser-admin"], tag)).to.equal(true);
        expect(holds("StringEquals", "aws:PrincipalTag/job-category", ["IAMUser-Admin"], tag)).to.equal(
            false,
        );
        expect(
            holds("StringEqualsIgnoreCase", "aws:PrincipalTag/job-category", ["IAMUser-Admin"], tag),
        ).to.equal(true);
    });

    it("treats condition key names without case", () => {
        expect(
            holds("StringEquals", "AWS:principaltag/Job-Category", ["a"], {
                "aws:PrincipalTag/job-category": "a",
            }),
        ).to.equal(true);
    });

    it("ORs the values of one key and ANDs keys and operators", () => {
        const p = policy("p", {
            Effect: "Allow",
            Action: "ec2:RunInstances",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "aws:RequestedRegion": ["eu-west-1", "eu-central-1"],
                    "ec2:InstanceType": "t3.micro",
                },
                Bool: { "aws:SecureTransport": "true" },
            },
        });
        const at = (context: Record<string, string>) =>
            authorize(request("ec2:RunInstances", "*", context), { identity: [p] }).decision;
        const ok = {
            "aws:RequestedRegion": "eu-central-1",
            "ec2:InstanceType": "t3.micro",
            "aws:SecureTransport": "true",
        };
        expect(at(ok)).to.equal("allow");
        expect(at({ ...ok, "aws:RequestedRegion": "us-east-1" })).to.equal("implicit-deny");
        expect(at({ ...ok, "aws:SecureTransport": "false" })).to.equal("implicit-deny");
    });

    it("StringLike with a policy variable (the home-folder example of reference_policies_variables.html)", () => {
        const values = ["", "home/", "home/${aws:username}/"];
        expect(
            holds("StringLike", "s3:prefix", values, { "s3:prefix": "home/David/", "aws:username": "David" }),
        ).to.equal(true);
        expect(
            holds("StringLike", "s3:prefix", values, {
                "s3:prefix": "home/Carlos/",
                "aws:username": "David",
            }),
        ).to.equal(false);
        expect(holds("StringLike", "s3:prefix", ["home/*"], { "s3:prefix": "home/Carlos/x" })).to.equal(true);
        expect(holds("StringLike", "s3:prefix", ["home/?"], { "s3:prefix": "home/ab" })).to.equal(false);
    });

    it("a key absent from the context fails positive operators and satisfies negated ones (reference_policies_elements_condition.html)", () => {
        expect(holds("StringEquals", "aws:PrincipalTag/team", ["a"], {})).to.equal(false);
        expect(holds("StringNotEquals", "aws:PrincipalTag/team", ["a"], {})).to.equal(true);
        expect(holds("ArnNotLike", "aws:SourceArn", ["arn:aws:sns:*:*:t"], {})).to.equal(true);
        expect(
            holds("StringNotEquals", "aws:PrincipalTag/team", ["a", "b"], { "aws:PrincipalTag/team": "b" }),
        ).to.equal(false);
        expect(
            holds("StringNotEquals", "aws:PrincipalTag/team", ["a", "b"], { "aws:PrincipalTag/team": "c" }),
        ).to.equal(true);
    });

    it("...IfExists is true when the key is absent (the ec2:InstanceType example)", () => {
        const types = ["t1.*", "t2.*", "m3.*"];
        expect(holds("StringLikeIfExists", "ec2:InstanceType", types, {})).to.equal(true);
        expect(
            holds("StringLikeIfExists", "ec2:InstanceType", types, { "ec2:InstanceType": "t2.micro" }),
        ).to.equal(true);
        expect(
            holds("StringLikeIfExists", "ec2:InstanceType", types, { "ec2:InstanceType": "m4.large" }),
        ).to.equal(false);
    });

    it("Null tests whether the key is present (the aws:TokenIssueTime example)", () => {
        expect(holds("Null", "aws:TokenIssueTime", ["true"], {})).to.equal(true);
        expect(
            holds("Null", "aws:TokenIssueTime", ["true"], { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" }),
        ).to.equal(false);
        expect(
            holds("Null", "aws:TokenIssueTime", ["false"], { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" }),
        ).to.equal(true);
    });

    it("Bool, Numeric, Date and IpAddress compare by type", () => {
        expect(holds("Bool", "aws:SecureTransport", ["false"], { "aws:SecureTransport": "false" })).to.equal(
            true,
        );
        expect(holds("NumericLessThanEquals", "s3:max-keys", ["10"], { "s3:max-keys": "9" })).to.equal(true);
        expect(holds("NumericLessThanEquals", "s3:max-keys", ["10"], { "s3:max-keys": "11" })).to.equal(
            false,
        );
        expect(
            holds("DateGreaterThan", "aws:CurrentTime", ["2020-01-01T00:00:01Z"], {
                "aws:CurrentTime": "2021-06-30T00:00:00Z",
            }),
        ).to.equal(true);
        expect(
            holds("IpAddress", "aws:SourceIp", ["203.0.113.0/24"], { "aws:SourceIp": "203.0.113.7" }),
        ).to.equal(true);
        expect(
            holds("NotIpAddress", "aws:SourceIp", ["203.0.113.0/24"], { "aws:SourceIp": "198.51.100.7" }),
        ).to.equal(true);
    });

    it("ArnLike compares the six ARN components separately", () => {
        const values = ["arn:aws:iam::*:role/hub-network-deployer"];
        expect(
            holds("ArnLike", "aws:PrincipalArn", values, {
                "aws:PrincipalArn": "arn:aws:iam::333333333333:role/hub-network-deployer",
            }),
        ).to.equal(true);
        expect(
            holds("ArnLike", "aws:PrincipalArn", values, {
                "aws:PrincipalArn": "arn:aws:iam::333333333333:role/hub-network-deployer-x",
            }),
        ).to.equal(false);
        expect(
            arnMatch(
                "arn:aws:ec2:*:*:transit-gateway-attachment/*",
                "arn:aws:ec2:eu-west-1:1:transit-gateway-attachment/tgw-attach-1",
            ),
        ).to.equal(true);
        expect(
            arnMatch(
                "arn:aws:ec2:*:*:transit-gateway-attachment/*",
                "arn:aws:ec2:eu-west-1:1:transit-gateway-route-table/tgw-rtb-1",
            ),
        ).to.equal(false);
    });

    describe("multivalued keys (reference_policies_condition-single-vs-multi-valued-context-keys.html)", () => {
        const keys = ["environment", "cost-center"];
        it("ForAllValues: true when every request value matches, and when the request has none", () => {
            expect(
                holds("ForAllValues:StringEquals", "aws:TagKeys", keys, { "aws:TagKeys": ["environment"] }),
            ).to.equal(true);
            expect(
                holds("ForAllValues:StringEquals", "aws:TagKeys", keys, {
                    "aws:TagKeys": ["environment", "dept"],
                }),
            ).to.equal(false);
            expect(holds("ForAllValues:StringEquals", "aws:TagKeys", keys, {})).to.equal(true);
        });
        it("ForAnyValue: true when one request value matches, false when the request has none", () => {
            expect(
                holds("ForAnyValue:StringEquals", "aws:TagKeys", keys, {
                    "aws:TagKeys": ["dept", "cost-center"],
                }),
            ).to.equal(true);
            expect(
                holds("ForAnyValue:StringEquals", "aws:TagKeys", keys, { "aws:TagKeys": ["dept"] }),
            ).to.equal(false);
            expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", keys, {})).to.equal(false);
        });
        it("negated set operators: no request value may match (ForAllValues) / one must not (ForAnyValue)", () => {
            expect(
                holds("ForAllValues:StringNotEquals", "aws:TagKeys", ["owner"], {
                    "aws:TagKeys": ["a", "b"],
                }),
            ).to.equal(true);
            expect(
                holds("ForAllValues:StringNotEquals", "aws:TagKeys", ["owner"], {
                    "aws:TagKeys": ["a", "owner"],
                }),
            ).to.equal(false);
            expect(
                holds("ForAnyValue:StringNotEquals", "aws:TagKeys", ["owner"], {
                    "aws:TagKeys": ["owner", "a"],
                }),
            ).to.equal(true);
        });
    });

    describe("policy variables (reference_policies_variables.html)", () => {
        it("resolves ${aws:PrincipalTag/...} from the request, with a default value when absent", () => {
            const p = policy("p", {
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'company-wide'}/*",
            });
            const at = (resource: string, context: Record<string, string>) =>
                authorize(request("s3:GetObject", resource, context), { identity: [p] }).decision;
            expect(at("arn:aws:s3:::amzn-s3-demo-bucket/red/x", { "aws:PrincipalTag/team": "red" })).to.equal(
                "allow",
            );
            expect(
                at("arn:aws:s3:::amzn-s3-demo-bucket/blue/x", { "aws:PrincipalTag/team": "red" }),
            ).to.equal("implicit-deny");
            expect(at("arn:aws:s3:::amzn-s3-demo-bucket/company-wide/x", {})).to.equal("allow");
        });
        it("a variable without a value matches nothing: positive operators fail, negated ones hold", () => {
            const tagged = { "aws:ResourceTag/owner": "333333333333" };
            expect(
                holds("StringEquals", "aws:ResourceTag/owner", ["${aws:PrincipalTag/owner}"], tagged),
            ).to.equal(false);
            expect(
                holds("StringNotEquals", "aws:ResourceTag/owner", ["${aws:PrincipalTag/owner}"], tagged),
            ).to.equal(true);
            expect(
                holds("StringEquals", "aws:ResourceTag/owner", ["${aws:PrincipalTag/owner}"], {
                    ...tagged,
                    "aws:PrincipalTag/owner": "333333333333",
                }),
            ).to.equal(true);
        });
        it("compares a request tag with the caller's account in a trust policy (sts:RoleSessionName-style)", () => {
            const context = {
                "aws:RequestTag/account": "333333333333",
                "aws:PrincipalAccount": "333333333333",
            };
            expect(
                holds("StringEquals", "aws:RequestTag/account", ["${aws:PrincipalAccount}"], context),
            ).to.equal(true);
            expect(
                holds("StringEquals", "aws:RequestTag/account", ["${aws:PrincipalAccount}"], {
                    ...context,
                    "aws:RequestTag/account": "444444444444",
                }),
            ).to.equal(false);
        });
    });
});

describe("IAM evaluator: patterns and documents", () => {
    it("matches * and ? wildcards", () => {
        expect(globMatch("ec2:Describe*", "ec2:DescribeVpcs")).to.equal(true);
        expect(globMatch("ec2:Describe?pcs", "ec2:DescribeVpcs")).to.equal(true);
        expect(globMatch("a*b*c", "axxbyyc")).to.equal(true);
        expect(globMatch("a*b*c", "axxbyy")).to.equal(false);
    });

    it("tells whether two patterns share a string", () => {
        expect(globsIntersect("transit-gateway-attachment/*", "transit-gateway-attachment/*")).to.equal(true);
        expect(globsIntersect("transit-gateway-attachment/tgw-attach-1", "transit-gateway-*")).to.equal(true);
        expect(globsIntersect("hostedzone/*", "change/*")).to.equal(false);
        expect(globsIntersect("*", "anything")).to.equal(true);
        expect(globsIntersect("a?c", "ab*")).to.equal(true);
        expect(globsIntersect("a?c", "ax")).to.equal(false);
    });

    it("refuses documents that break the grammar, naming the statement", () => {
        expect(() => parsePolicy("{")).to.throw(/not valid JSON/);
        expect(() =>
            parsePolicy({ Statement: [{ Sid: "X", Effect: "Allow", Action: "a:b", NotAction: "a:c" }] }),
        ).to.throw("statement X: both Action and NotAction");
        expect(() => parsePolicy({ Statement: { Effect: "Permit" as "Allow", Action: "a:b" } })).to.throw(
            /Effect must be Allow or Deny/,
        );
    });

    it("counts a policy's size without white space, as IAM's quotas do", () => {
        expect(policySize('{ "Version": "2012-10-17",\n  "Statement": [] }')).to.equal(39);
    });
});
