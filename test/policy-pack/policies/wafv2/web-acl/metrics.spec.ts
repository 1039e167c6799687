import { expect } from "chai";
import { wafv2WebAclMetrics as policy } from "../../../../../policy-pack/policies/wafv2/web-acl/metrics";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { commonRuleSet, compliantAcl, rateRule, TYPE, withRules } from "./fixtures";

describe("wafv2-web-acl-metrics", () => {
    it("passes an ACL with metrics on the ACL and every rule", async () => {
        expect(await resourceViolations(policy, TYPE, compliantAcl)).to.deep.equal([]);
    });

    it("flags an ACL without metrics", async () => {
        const props = {
            ...compliantAcl,
            visibilityConfig: { ...compliantAcl.visibilityConfig, cloudwatchMetricsEnabled: false },
        };
        expect(await resourceViolations(policy, TYPE, props)).to.deep.equal([
            "visibilityConfig.cloudwatchMetricsEnabled is false; set it to true.",
        ]);
    });

    it("flags a rule without metrics", async () => {
        const quiet = {
            ...rateRule,
            visibilityConfig: { ...rateRule.visibilityConfig, cloudwatchMetricsEnabled: false },
        };
        expect(await resourceViolations(policy, TYPE, withRules(commonRuleSet, quiet))).to.deep.equal([
            "rule 'rate-limit-per-ip' visibilityConfig.cloudwatchMetricsEnabled is false; set it to true.",
        ]);
    });

    it("is advisory by default", async () => {
        const quiet = {
            ...rateRule,
            visibilityConfig: { ...rateRule.visibilityConfig, cloudwatchMetricsEnabled: false },
        };
        expect((await resourceDiagnostics(policy, TYPE, withRules(quiet))).map((d) => d.level)).to.deep.equal(
            ["advisory"],
        );
    });
});
