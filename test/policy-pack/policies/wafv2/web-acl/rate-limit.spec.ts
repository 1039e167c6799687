import { expect } from "chai";
import { wafv2WebAclRateLimit as policy } from "../../../../../policy-pack/policies/wafv2/web-acl/rate-limit";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { commonRuleSet, compliantAcl, rateRule, TYPE, withRules } from "./fixtures";

const rate = (statement: Record<string, unknown>, action: Record<string, unknown> = { block: {} }) => ({
    ...rateRule,
    action,
    statement: { rateBasedStatement: { aggregateKeyType: "IP", ...statement } },
});

describe("wafv2-web-acl-rate-limit", () => {
    it("passes a blocking rate-based rule of 1000 requests per minute", async () => {
        expect(await resourceViolations(policy, TYPE, compliantAcl)).to.deep.equal([]);
    });

    it("flags an ACL without a rate-based rule", async () => {
        expect(await resourceViolations(policy, TYPE, withRules(commonRuleSet))).to.deep.equal([
            "has no rate-based rule; add one that blocks clients above the rate limit.",
        ]);
    });

    it("flags a rate-based rule that only counts", async () => {
        expect(
            await resourceViolations(
                policy,
                TYPE,
                withRules(commonRuleSet, rate({ limit: 1000, evaluationWindowSec: 60 }, { count: {} })),
            ),
        ).to.deep.equal(["rate-based rule 'rate-limit-per-ip' only counts; set its action to block."]);
    });

    it("compares limits per minute, over WAF's default 300-second window when none is given", async () => {
        expect(
            await resourceViolations(policy, TYPE, withRules(commonRuleSet, rate({ limit: 100000 }))),
        ).to.deep.equal([
            "rate-based rule 'rate-limit-per-ip' allows 20000 requests per minute (limit 100000 over 300 s); keep it between 10 and 10000.",
        ]);
        expect(
            await resourceViolations(
                policy,
                TYPE,
                withRules(commonRuleSet, rate({ limit: 10, evaluationWindowSec: 600 })),
            ),
        ).to.deep.equal([
            "rate-based rule 'rate-limit-per-ip' allows 1 requests per minute (limit 10 over 600 s); keep it between 10 and 10000.",
        ]);
    });

    it("takes the bounds from settings", async () => {
        const config = { minRequestsPerMinute: 10, maxRequestsPerMinute: 500 };
        expect(await resourceViolations(policy, TYPE, compliantAcl, config)).to.deep.equal([
            "rate-based rule 'rate-limit-per-ip' allows 1000 requests per minute (limit 1000 over 60 s); keep it between 10 and 500.",
        ]);
        expect(
            await resourceViolations(policy, TYPE, withRules(commonRuleSet, rate({ limit: 100000 })), {
                maxRequestsPerMinute: 20000,
            }),
        ).to.deep.equal([]);
    });

    it("is advisory by default (not a critical exposure)", async () => {
        expect(
            (await resourceDiagnostics(policy, TYPE, withRules(commonRuleSet))).map((d) => d.level),
        ).to.deep.equal(["advisory"]);
    });
});
