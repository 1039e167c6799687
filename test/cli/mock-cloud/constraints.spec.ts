import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ConstraintChecker, ConstraintError, compilePath } from "../../../cli/mock-cloud/constraints/check";
import type { ConstraintRow } from "../../../cli/mock-cloud/constraints/rules";
import { CONSTRAINTS } from "../../../cli/mock-cloud/constraints/table";
import { StackRunError } from "../../../cli/mock-cloud/run";
import { runProgram } from "../../harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** The refusal of a program under the mock cloud, unwrapped. */
async function refusal(build: () => void, preview = false): Promise<ConstraintError> {
    try {
        await runProgram(build, { preview });
    } catch (error) {
        const cause = error instanceof StackRunError ? error.cause : error;
        if (cause instanceof ConstraintError) return cause;
        throw error;
    }
    throw new Error("expected the mock cloud to refuse a value");
}

describe("the mock cloud's value constraints", () => {
    const checker = new ConstraintChecker();

    describe("EC2 security groups", () => {
        it("refuses an apostrophe in a group description with EC2's code, text and the resource's URN", async () => {
            const error = await refusal(() => {
                new aws.ec2.SecurityGroup("fn-sg", {
                    vpcId: "vpc-0123456789abcdef0",
                    description: "HTTPS to the VPC's interface endpoints",
                });
            });
            expect(error.refusals).to.have.length(1);
            expect(error.refusals[0].urn).to.equal(
                "urn:pulumi:test::hub-network::pulumi:pulumi:Stack$aws:ec2/securityGroup:SecurityGroup::fn-sg",
            );
            const [violation] = error.refusals[0].violations;
            expect(violation.error).to.deep.equal({
                code: "InvalidParameterValue",
                message:
                    "Invalid security group description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*",
            });
            expect(error.message).to.contain(
                "fn-sg: AWS would refuse description 'HTTPS to the VPC's interface endpoints'",
            );
            expect(error.message).to.contain("API_CreateSecurityGroup.html");
        });

        it("refuses a rule description outside the set, and one of 256 characters", () => {
            const rule = { securityGroupId: "sg-1", ipProtocol: "tcp", cidrIpv4: "10.0.0.0/8" };
            const refused = checker.check(EGRESS, { ...rule, description: "to -> endpoints" });
            expect(refused.map((v) => v.error.message)).to.deep.equal([
                "Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*",
            ]);
            expect(checker.check(EGRESS, { ...rule, description: "x".repeat(256) })).to.have.length(1);
            expect(checker.check(EGRESS, { ...rule, description: "x".repeat(255) })).to.deep.equal([]);
        });

        it("accepts every character EC2 lists", () => {
            expect(checker.check(SG, { description: "aZ09 ._-:/()#,@[]+=&;{}!$*" })).to.deep.equal([]);
            expect(
                checker.check(EGRESS, { ipProtocol: "tcp", cidrIpv4: "10.0.0.0/8" })[0].error,
            ).to.deep.equal({
                code: "MissingParameter",
                message: "The request must contain the parameter GroupId",
            });
        });

        it("reports every refused value of a stack at once", async () => {
            const error = await refusal(() => {
                new aws.ec2.SecurityGroup("a", { vpcId: "vpc-1", description: "don't" });
                new aws.ec2.SecurityGroup("b", { vpcId: "vpc-1", description: "ünïcode" });
            });
            expect(error.refusals.map((r) => r.urn.split("::").pop())).to.deep.equal(["a", "b"]);
        });

        it("lets a value unknown in a preview pass: AWS sees it only at deploy", async () => {
            const run = await runProgram(
                () => {
                    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/24" });
                    new aws.ec2.SecurityGroup("sg", { vpcId: vpc.id, description: vpc.id });
                },
                { preview: true },
            );
            expect(run.all(SG)).to.have.length(1);
        });
    });

    describe("the rule kinds", () => {
        const row = (rule: ConstraintRow["rule"], property = "p"): ConstraintRow => ({
            type: "aws:test/thing:Thing",
            property,
            member: "P",
            rule,
            style: "validation-exception",
            source: "test",
        });
        const check = (r: ConstraintRow, inputs: Record<string, unknown>) =>
            new ConstraintChecker([r])
                .check(r.type, inputs)
                .map((v) => `${v.error.code}: ${v.error.message}`);

        it("words a length violation as the Smithy validators do", () => {
            expect(check(row({ kind: "length", min: 1, max: 3 }), { p: "abcd" })).to.deep.equal([
                "ValidationException: 1 validation error detected: Value 'abcd' at 'P' failed to satisfy constraint: Member must have length less than or equal to 3",
            ]);
            expect(check(row({ kind: "length", min: 1, max: 3 }), { p: "" })[0]).to.match(
                /greater than or equal to 1$/,
            );
        });

        it("checks enum values, ranges and list sizes", () => {
            expect(check(row({ kind: "oneOf", values: ["A", "B"] }), { p: "C" })[0]).to.match(
                /Member must satisfy enum value set: \[A, B\]$/,
            );
            expect(check(row({ kind: "range", min: 1, max: 10 }), { p: 11 })[0]).to.match(
                /less than or equal to 10$/,
            );
            expect(check(row({ kind: "count", min: 2 }), { p: ["x"] })[0]).to.match(
                /greater than or equal to 2$/,
            );
        });

        it("checks properties required together, mutually exclusive and exactly one of a group", () => {
            expect(check(row({ kind: "requiredWith", with: ["q"] }), { p: 1 })[0]).to.match(/requires q/);
            expect(check(row({ kind: "requiredWith", with: ["q"] }), { p: 1, q: 2 })).to.deep.equal([]);
            expect(check(row({ kind: "exclusive", others: ["q"] }), { p: 1, q: 2 })[0]).to.match(
                /together with q/,
            );
            expect(check(row({ kind: "exactlyOne", of: ["p", "q"] }), {})[0]).to.match(
                /\[p,q\] \(got none\)$/,
            );
            expect(check(row({ kind: "exactlyOne", of: ["p", "q"] }), { p: 1, q: 1 })[0]).to.match(
                /got p and q\)$/,
            );
            expect(check(row({ kind: "exactlyOne", of: ["p", "q"] }), { q: 1 })).to.deep.equal([]);
        });

        it("walks lists, map keys and map values", () => {
            const inputs = { a: [{ b: "x" }, { b: "y" }], tags: { k1: "v1" } };
            expect(compilePath("a[].b")(inputs)).to.deep.equal([
                { path: "a[0].b", value: "x" },
                { path: "a[1].b", value: "y" },
            ]);
            // A map key completes the path only when its value is refused (tags are read on every resource).
            expect(compilePath("tags{}")(inputs)).to.deep.equal([{ path: "tags", key: "k1", value: "k1" }]);
            expect(compilePath("tags{}=")(inputs)).to.deep.equal([{ path: "tags", key: "k1", value: "v1" }]);
            expect(compilePath("a[].c{}")({ a: [{ c: { x: 1 } }] })).to.deep.equal([
                { path: "a[0].c.x", value: "x" },
            ]);
        });
    });

    describe("the table", () => {
        const refusal = (type: string, inputs: Record<string, unknown>) =>
            checker.check(type, inputs).map((v) => `${v.path}: ${v.error.code}: ${v.error.message}`);

        it("cites a source for every row: an AWS page, a provider file or the CloudFormation specification", () => {
            for (const row of CONSTRAINTS) {
                expect(row.source, `${row.type} ${row.property}`).to.match(
                    /^(https:\/\/docs\.aws\.amazon\.com\/|terraform-provider-aws |CloudFormation resource specification)/,
                );
            }
        });

        it("words a tag refusal as the service that owns the type does", () => {
            const tags = { "aws:owner": "x", ok: "y" };
            expect(refusal("aws:ec2/vpc:Vpc", { tags })).to.deep.equal([
                "tags.aws:owner: InvalidParameterValue: Value (aws:owner) for parameter Key is invalid. Member must satisfy regular expression pattern: ^(?!aws:)",
            ]);
            expect(refusal("aws:kms/key:Key", { tags: { k: "v".repeat(257) } })).to.deep.equal([
                `tags.k: ValidationException: 1 validation error detected: Value '${"v".repeat(257)}' at 'Value' failed to satisfy constraint: Member must have length less than or equal to 256`,
            ]);
            const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
            expect(refusal("aws:iam/role:Role", { assumeRolePolicy: "{}", tags: many })[0]).to.match(
                /^tags: ValidationError: .* Member must have length less than or equal to 50$/,
            );
        });

        it("refuses a multi-Region trail without global service events, as CloudTrail does", () => {
            expect(
                refusal("aws:cloudtrail/trail:Trail", {
                    name: "audit",
                    s3BucketName: "logs",
                    isMultiRegionTrail: true,
                    includeGlobalServiceEvents: false,
                }),
            ).to.deep.equal([
                "includeGlobalServiceEvents: InvalidParameterCombinationException: Multi-Region trail must include global service events.",
            ]);
            for (const inputs of [
                { isMultiRegionTrail: true, includeGlobalServiceEvents: true },
                { isMultiRegionTrail: true },
                { isMultiRegionTrail: false, includeGlobalServiceEvents: false },
            ]) {
                expect(
                    refusal("aws:cloudtrail/trail:Trail", { name: "audit", s3BucketName: "logs", ...inputs }),
                ).to.deep.equal([]);
            }
        });

        it("refuses the values AWS's API references document as invalid", () => {
            const refused = (type: string, inputs: Record<string, unknown>) =>
                checker.check(type, inputs).length > 0;
            expect(refused("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 31 })).to.equal(true);
            expect(refused("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 30 })).to.equal(false);
            expect(refused("aws:apigateway/model:Model", { name: "Item-Model" })).to.equal(true);
            expect(
                refused("aws:lambda/function:Function", { environment: { variables: { "1ST": "x" } } }),
            ).to.equal(true);
            expect(refused("aws:lambda/function:Function", { timeout: 901 })).to.equal(true);
            expect(refused("aws:lb/targetGroup:TargetGroup", { name: "internal-".padEnd(33, "x") })).to.equal(
                true,
            );
            expect(refused("aws:lb/loadBalancer:LoadBalancer", { name: "internal-alb" })).to.equal(true);
            expect(refused("aws:route53/resolverEndpoint:ResolverEndpoint", { name: "12345" })).to.equal(
                true,
            );
            expect(refused("aws:kms/alias:Alias", { name: "alias/aws/s3" })).to.equal(true);
            expect(refused("aws:wafv2/webAcl:WebAcl", { description: "the API's ACL" })).to.equal(true);
            expect(refused("aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/15" })).to.equal(true);
            expect(
                refused("aws:cloudwatch/metricAlarm:MetricAlarm", {
                    statistic: "Sum",
                    extendedStatistic: "p99",
                }),
            ).to.equal(true);
            expect(
                refused("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", {
                    logDestinationConfigs: ["arn:aws:logs:eu-west-1:111111111111:log-group:/waf/api"],
                }),
            ).to.equal(true);
        });

        it("refuses what the provider refuses before it calls AWS, in the provider's words", () => {
            expect(
                refusal("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                    ipProtocol: "tcp",
                    cidrIpv4: "10.0.0.0/8",
                    prefixListId: "pl-1",
                }),
            ).to.deep.equal([
                "cidrIpv4: Invalid Attribute Combination: Exactly one of these attributes must be configured: [cidrIpv4,cidrIpv6,prefixListId,referencedSecurityGroupId] (got cidrIpv4 and prefixListId)",
            ]);
            expect(
                refusal("aws:route53/resolverEndpoint:ResolverEndpoint", {
                    ipAddresses: [{ subnetId: "s" }],
                })[0],
            ).to.match(
                /^ipAddresses: Invalid Attribute Combination: Member must have length greater than or equal to 2$/,
            );
        });
    });
});
