/** The policy catalogue (docs/policies.md) says what the pack serves, generated from its metadata. */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
    CATALOGUE_END,
    CATALOGUE_START,
    policyCatalogue,
    withCatalogue,
    wrap,
} from "../../cli/docs/policy-catalogue";
import { resourcePolicy } from "../../policy-pack/lib/policy";
import { resourcePolicies, stackPolicies } from "../../policy-pack/policies";

const page = fs.readFileSync(path.resolve(__dirname, "../../docs/policies.md"), "utf8");
const catalogue = policyCatalogue(resourcePolicies, stackPolicies);

describe("the policy catalogue in docs/policies.md", () => {
    it("is the catalogue the pack's metadata generates (run npm run docs after a change)", () => {
        expect(withCatalogue(page, catalogue)).to.equal(page);
    });

    it("lists every policy of the pack once, with its kind, default level and severity", () => {
        const listed = [
            ...catalogue.matchAll(/^- `([a-z0-9-]+)` \((resource|stack), \*\*(\w+)\*\*, (\w+)\)/gm),
        ];
        expect(listed.map((m) => m[1]).sort()).to.deep.equal(
            [...resourcePolicies, ...stackPolicies].map((p) => p.name).sort(),
        );
        for (const [, name, kind, level, severity] of listed) {
            const policy = [...resourcePolicies, ...stackPolicies].find((p) => p.name === name)!;
            expect({ kind, level, severity }, name).to.deep.equal({
                kind: resourcePolicies.includes(policy as never) ? "resource" : "stack",
                level: policy.enforcementLevel,
                severity: policy.metadata.severity,
            });
        }
    });

    it("names a policy's FSBP, cdk-nag and Checkov IDs and its settings with their defaults", () => {
        const policy = resourcePolicy<{ limit: number }>({
            name: "sns-topic-example",
            description: "SNS topics must be examples.",
            enforcementLevel: "advisory",
            metadata: {
                severity: "low",
                fsbp: ["SNS.1"],
                cdkNag: ["AwsSolutions-SNS2"],
                checkov: ["CKV_AWS_26"],
            },
            configSchema: { properties: { limit: { type: "number", default: 3, description: "How many." } } },
            resourceTypes: ["aws:sns/topic:Topic"],
            check: () => [],
        });
        expect(policyCatalogue([policy], [])).to.equal(
            [
                CATALOGUE_START,
                "",
                "1 policies: 0 mandatory and 1 advisory by default.",
                "",
                "### SNS",
                "",
                "- `sns-topic-example` (resource, **advisory**, low): SNS topics must be examples.",
                "  - FSBP SNS.1; cdk-nag AwsSolutions-SNS2; Checkov CKV_AWS_26.",
                "  - Settings: `limit` (default `3`): How many.",
                "",
                CATALOGUE_END,
            ].join("\n"),
        );
    });

    it("fails when a policy changes and the page does not", () => {
        const [first, ...rest] = resourcePolicies;
        const changed = {
            ...first,
            enforcementLevel: first.enforcementLevel === "mandatory" ? "advisory" : "mandatory",
        };
        expect(withCatalogue(page, policyCatalogue([changed, ...rest], stackPolicies))).not.to.equal(page);
    });

    it("refuses a page without the catalogue markers", () => {
        expect(() => withCatalogue("# Policies\n", catalogue)).to.throw(/no '<!-- policy catalogue/);
    });

    it("wraps prose at 100 columns with the given indent", () => {
        const text = wrap(`${"word ".repeat(40)}end`, "  ");
        expect(text.split("\n").every((line) => line.length <= 100)).to.equal(true);
        expect(
            text
                .split("\n")
                .slice(1)
                .every((line) => line.startsWith("  word")),
        ).to.equal(true);
    });
});
