import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { wafv2WebAclLogging as policy } from "../../../../../policy-pack/policies/wafv2/web-acl/logging";
import { ConstraintError } from "../../../../../cli/mock-cloud/constraints/check";
import { StackRunError } from "../../../../../cli/mock-cloud/run";
import { runProgram } from "../../../../harness";
import { stackResourcesOfRun } from "../../../recorded";
import { res, stackDiagnostics, stackViolations } from "../../../support";
import { compliantAcl } from "./fixtures";

/**
 * A web ACL logging to a log group named `logGroupName` (no logging configuration when null). With a
 * name WAF refuses, the mock cloud fails the stack as AWS would (once the ARN is known); the policy
 * sees what the stack registered, as it does in a preview before the deployment fails.
 */
async function aclStack(preview: boolean, logGroupName: string | null = "aws-waf-logs-items") {
    const run = await runProgram(
        () => {
            const acl = new aws.wafv2.WebAcl("items-acl", compliantAcl);
            if (logGroupName === null) return;
            const logs = new aws.cloudwatch.LogGroup("items-logs", {
                name: logGroupName,
                retentionInDays: 30,
            });
            new aws.wafv2.WebAclLoggingConfiguration("items-logging", {
                resourceArn: acl.arn,
                logDestinationConfigs: [logs.arn],
            });
        },
        { preview },
    ).catch((error: unknown) => {
        if (error instanceof StackRunError && error.cause instanceof ConstraintError) {
            expect(error.message).to.contain("ValidationException");
            return { resources: error.resources };
        }
        throw error;
    });
    return stackResourcesOfRun(run);
}

describe("wafv2-web-acl-logging", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes an ACL logging to an aws-waf-logs- log group (${mode})`, async () => {
            expect(await stackViolations(policy, await aclStack(preview))).to.deep.equal([]);
        });

        it(`flags an ACL without a logging configuration (${mode})`, async () => {
            const resources = await aclStack(preview, null);
            expect(await stackViolations(policy, resources)).to.deep.equal([
                {
                    message:
                        "web ACL 'items-acl' has no logging configuration; log it to a CloudWatch log group named aws-waf-logs-*.",
                    urn: resources.find((r) => r.name === "items-acl")!.urn,
                },
            ]);
        });

        it(`flags a log group not named aws-waf-logs-* (${mode})`, async () => {
            expect(
                (await stackViolations(policy, await aclStack(preview, "/waf/items"))).map((v) => v.message),
            ).to.deep.equal([
                "web ACL 'items-acl' logs to '/waf/items', which does not start with aws-waf-logs-; WAF only delivers to destinations named so.",
            ]);
        });
    }

    it("reads the destination name from an ARN outside the stack", async () => {
        const acl = res("aws:wafv2/webAcl:WebAcl", "items-acl", {
            arn: "arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/items/1",
        });
        const logging = (destination: string) =>
            res("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "items-logging", {
                resourceArn: "arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/items/1",
                logDestinationConfigs: [destination],
            });
        expect(
            await stackViolations(policy, [acl, logging("arn:aws:s3:::aws-waf-logs-central")]),
        ).to.deep.equal([]);
        expect(
            (
                await stackViolations(policy, [
                    acl,
                    logging("arn:aws:logs:eu-west-1:111111111111:log-group:waf"),
                ])
            ).map((v) => v.message),
        ).to.deep.equal([
            "web ACL 'items-acl' logs to 'waf', which does not start with aws-waf-logs-; WAF only delivers to destinations named so.",
        ]);
    });

    it("is advisory by default", async () => {
        expect(
            (await stackDiagnostics(policy, await aclStack(true, null))).map((d) => d.level),
        ).to.deep.equal(["advisory"]);
    });
});
