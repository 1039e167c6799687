import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { PolicyInfo } from "../../../cli/policy/analyzer";
import { parsePolicyConfig, PolicyConfigError, reconcilePolicyConfig } from "../../../cli/policy/config";
import { policies } from "../../../policy-pack/policies";

/** Two policies as GetAnalyzerInfo describes them: one with settings and defaults, one without. */
const POLICIES: PolicyInfo[] = [
    {
        name: "retention",
        description: "Log groups keep logs long enough.",
        enforcementLevel: "mandatory",
        severity: "medium",
        configSchema: {
            properties: {
                minRetentionDays: { type: "integer", minimum: 1, default: 365 },
                exempt: { type: "array", items: { type: "string" }, default: [] },
            },
            required: [],
        },
    },
    { name: "no-ssh", description: "No SSH.", enforcementLevel: "advisory", severity: "high" },
];

function problemsOf(text: string): string[] {
    try {
        reconcilePolicyConfig(POLICIES, parsePolicyConfig("policy.json", text));
    } catch (error) {
        expect(error).to.be.instanceOf(PolicyConfigError);
        return (error as PolicyConfigError).message
            .split("\n")
            .slice(1)
            .map((l) => l.trim());
    }
    return [];
}

describe("policy config file", () => {
    it("starts every policy from its schema defaults and the pack's level", () => {
        expect(reconcilePolicyConfig(POLICIES, undefined)).to.deep.equal({
            retention: { enforcementLevel: "mandatory", properties: { minRetentionDays: 365, exempt: [] } },
            "no-ssh": { enforcementLevel: "advisory", properties: {} },
        });
    });

    it("applies all, then each policy's level and settings, as the engine reconciles them", () => {
        const text = JSON.stringify({
            all: "advisory",
            "no-ssh": "mandatory",
            retention: { minRetentionDays: 30 },
        });
        expect(reconcilePolicyConfig(POLICIES, parsePolicyConfig("policy.json", text))).to.deep.equal({
            retention: { enforcementLevel: "advisory", properties: { minRetentionDays: 30, exempt: [] } },
            "no-ssh": { enforcementLevel: "mandatory", properties: {} },
        });
    });

    it("reads an empty file as no config", () => {
        expect(parsePolicyConfig("policy.json", "  \n").entries).to.deep.equal({});
    });

    it("names file, line, field, value and fix for every problem", () => {
        const text = [
            "{",
            '  "retention": {',
            '    "minRetentionDays": "a year",',
            '    "exempt": ["a", 2],',
            '    "retainForever": true',
            "  },",
            '  "no-sssh": "advisory"',
            "}",
        ].join("\n");
        expect(problemsOf(text)).to.deep.equal([
            "policy.json:3: retention.minRetentionDays 'a year' is a string; expected an integer",
            "policy.json:4: retention.exempt[1] '2' is an integer; expected a string",
            "policy.json:5: retention.retainForever is not a setting of this policy; expected one of minRetentionDays, exempt",
            'policy.json:7: no-sssh is not a policy of the pack; expected one of the 2 policy names the pack serves (see docs/policies.md) or "all"',
        ]);
    });

    it("rejects an unknown enforcement level, a bad value type and text that is not JSON", () => {
        expect(() => parsePolicyConfig("p.json", '{\n  "all": "strict"\n}')).to.throw(
            PolicyConfigError,
            "p.json:2: all 'strict' is not an enforcement level; expected one of advisory, mandatory, disabled, remediate",
        );
        expect(() => parsePolicyConfig("p.json", '{ "no-ssh": { "enforcementLevel": 1 } }')).to.throw(
            "p.json:1: no-ssh.enforcementLevel '1' is not an enforcement level",
        );
        expect(() => parsePolicyConfig("p.json", '{ "no-ssh": 3 }')).to.throw(
            "no-ssh '3' is neither an enforcement level nor an object of settings",
        );
        expect(() => parsePolicyConfig("p.json", '{ "no-ssh": ')).to.throw(
            PolicyConfigError,
            "is not valid JSON",
        );
        expect(() => parsePolicyConfig("p.json", "[]")).to.throw("'[]' is not a JSON object");
        expect(problemsOf('{ "retention": { "minRetentionDays": 0 } }')).to.deep.equal([
            "policy.json:1: retention.minRetentionDays '0' is below the minimum; expected at least 1",
        ]);
    });

    it("accepts the example config shipped with the pack, against the pack's own policies", () => {
        const infos: PolicyInfo[] = policies.map((p) => ({
            name: p.name,
            description: p.description ?? "",
            enforcementLevel: p.enforcementLevel ?? "advisory",
            severity: p.metadata.severity,
            ...(p.configSchema
                ? {
                      configSchema: {
                          properties: p.configSchema.properties as Record<string, Record<string, unknown>>,
                          required: p.configSchema.required ?? [],
                      },
                  }
                : {}),
        }));
        const file = path.resolve(__dirname, "../../../policy-pack/policy-config.example.json");
        const config = reconcilePolicyConfig(infos, parsePolicyConfig(file, fs.readFileSync(file, "utf8")));
        expect(config["ec2-security-group-rule-descriptions"].enforcementLevel).to.equal("disabled");
        expect(config["cloudwatch-log-group-retention"]).to.deep.equal({
            enforcementLevel: "advisory",
            properties: { minRetentionDays: 365 },
        });
        expect(config["kms-key-rotation"].enforcementLevel).to.equal("mandatory");
    });
});
