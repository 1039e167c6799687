import { expect } from "chai";
import { wafv2WebAclManagedRuleGroup as policy } from "../../../../../policy-pack/policies/wafv2/web-acl/managed-rule-group";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";
import { commonRuleSet, compliantAcl, rateRule, TYPE, withRules } from "./fixtures";

const NONE = "has no AWS managed rule group; add one (AWSManagedRulesCommonRuleSet, say).";

describe("wafv2-web-acl-managed-rule-group", () => {
    it("passes an ACL with the AWS common rule set", async () => {
        expect(await resourceViolations(policy, TYPE, compliantAcl)).to.deep.equal([]);
    });

    it("flags an ACL without rules or without a managed rule group", async () => {
        expect(await resourceViolations(policy, TYPE, withRules())).to.deep.equal([NONE]);
        expect(await resourceViolations(policy, TYPE, withRules(rateRule))).to.deep.equal([NONE]);
    });

    it("flags a managed rule group of another vendor only", async () => {
        const vendor = {
            ...commonRuleSet,
            statement: { managedRuleGroupStatement: { vendorName: "F5", name: "Bots" } },
        };
        expect(await resourceViolations(policy, TYPE, withRules(vendor, rateRule))).to.deep.equal([NONE]);
    });

    it("flags managed rule groups that only count", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                withRules({ ...commonRuleSet, overrideAction: { count: {} } }, rateRule),
            ),
        ).to.deep.equal([
            "every AWS managed rule group is overridden to count only; set overrideAction none on at least one.",
        ]);
    });

    it("reads rules given as ruleJson in the API's own shape", async () => {
        const ruleJson = JSON.stringify([
            {
                Name: "common",
                Priority: 0,
                OverrideAction: { None: {} },
                Statement: {
                    ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" },
                },
                VisibilityConfig: {
                    CloudWatchMetricsEnabled: true,
                    SampledRequestsEnabled: true,
                    MetricName: "c",
                },
            },
        ]);
        expect(
            await resourceViolations(policy, TYPE, { ...compliantAcl, rules: undefined, ruleJson }),
        ).to.deep.equal([]);
    });

    it("waits for the update when the rules are unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, { ...compliantAcl, rules: UNKNOWN_VALUE }),
        ).to.deep.equal([]);
    });

    it("requires the rule groups listed in settings", async () => {
        const config = { requiredManagedRuleGroups: ["AWSManagedRulesKnownBadInputsRuleSet"] };
        expect(await resourceViolations(policy, TYPE, compliantAcl, config)).to.deep.equal([
            "does not use the required AWS managed rule group AWSManagedRulesKnownBadInputsRuleSet.",
        ]);
    });

    it("is advisory by default (not a critical exposure)", async () => {
        expect(await resourceDiagnostics(policy, TYPE, withRules())).to.deep.equal([
            { level: "advisory", message: NONE },
        ]);
    });
});
