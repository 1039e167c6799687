import { expect } from "chai";
import type { Comparison } from "../../../cli/plan/changes";
import { diffPlans, type ResourceSnapshot } from "../../../cli/plan/changes/diff";
import type { FlowResult } from "../../../cli/plan/flows/types";
import {
    cell,
    MARKDOWN_CHARS,
    MARKDOWN_ROWS,
    planMarkdown,
    type MarkdownInput,
} from "../../../cli/plan/markdown";
import type { PolicyFinding } from "../../../cli/plan/policy";

const VPC = "aws:ec2/vpc:Vpc";
const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";

const res = (
    stack: string,
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): ResourceSnapshot => ({
    urn: `urn:pulumi:${stack}::hub-network::${type}::${name}`,
    type,
    custom: true,
    inputs,
    protect: false,
});

function comparison(spokes: number, moved = 1): Comparison {
    const before = new Map<string, ResourceSnapshot[]>([
        ["network-dev", [res("network-dev", RULE_GROUP, "allow", { capacity: 100, rules: ["a"] })]],
    ]);
    const after = new Map<string, ResourceSnapshot[]>([
        ["network-dev", [res("network-dev", RULE_GROUP, "allow", { capacity: 100, rules: ["a", "b"] })]],
    ]);
    for (let i = 0; i < spokes; i++) {
        const stack = `spoke-s${i}-dev`;
        before.set(stack, [res(stack, VPC, `s${i}-vpc`, { cidrBlock: `10.${i}.0.0/20` })]);
        after.set(stack, [
            res(stack, VPC, `s${i}-vpc`, { cidrBlock: i < moved ? `10.${i}.16.0/20` : `10.${i}.0.0/20` }),
        ]);
    }
    after.set("spoke-new-dev", [res("spoke-new-dev", VPC, "new-vpc", { cidrBlock: "10.250.0.0/20" })]);
    return {
        baseline: "main (0123456789ab)",
        changes: diffPlans(before, after, "all"),
        verdicts: [
            {
                kind: "flow",
                key: "spoke-s1-dev:s1 VPC->pypi.org:tcp/443",
                before: "allowed",
                after: "dropped",
                worse: true,
                detail: "rule group deny-all",
            },
            {
                kind: "path",
                key: "s2 → internet",
                before: "blackholed",
                after: "reachable, inspected",
                worse: false,
            },
        ],
        baselineFailed: [],
    };
}

const finding = (level: string, name: string, stack = "spoke-s1-dev"): PolicyFinding => ({
    policyName: name,
    policyPackName: "hub-network",
    policyPackVersion: "0.1.0",
    description: "d",
    message: "has a | pipe\nand two lines",
    enforcementLevel: level as PolicyFinding["enforcementLevel"],
    urn: `urn:pulumi:${stack}::hub-network::${VPC}::x`,
    severity: "high",
    stack,
});

function input(over: Partial<MarkdownInput> = {}): MarkdownInput {
    return {
        env: "dev",
        mode: "preview",
        stacks: [
            { name: "network-dev", resources: 1 },
            { name: "spoke-s0-dev", resources: 1 },
        ],
        failingFlows: [],
        violatingPaths: 0,
        ...over,
    };
}

describe("plan Markdown summary", () => {
    it("says what changes against the baseline, stacks with replacements first, each replacement with its cause", () => {
        const md = planMarkdown(input({ comparison: comparison(3) }));
        expect(md).to.include(
            "**dev** (preview): 2 stack(s), 1 replace, 1 update, 1 create, 2 same against `main (0123456789ab)`; passes.",
        );
        const rows = md.split("\n").filter((l) => l.startsWith("| `"));
        expect(rows[0]).to.equal("| `spoke-s0-dev` | **1** |  |  |  | 0 |");
        expect(rows[1]).to.equal("| `network-dev` |  |  | 1 |  | 0 |");
        expect(rows[2]).to.equal("| `spoke-new-dev` |  |  |  | 1 | 0 |");
        expect(md).to.include(
            "| `spoke-s0-dev` | `s0-vpc` | Vpc | cidrBlock: CloudFormation AWS::EC2::VPC.CidrBlock: update requires replacement |  |",
        );
        expect(md).to.include("| `network-dev` | `allow` | RuleGroup | rules[1]: (none) → b |");
        expect(md.indexOf("#### Replacements")).to.be.lessThan(md.indexOf("#### Updates in place"));
    });

    it("puts worse verdicts first and marks them", () => {
        const md = planMarkdown(input({ comparison: comparison(3) }));
        expect(md).to.include(
            "| **worse** | flow | `spoke-s1-dev:s1 VPC->pypi.org:tcp/443` | allowed | **dropped** | rule group deny-all |",
        );
        expect(md).to.include("|  | path | `s2 → internet` | blackholed | reachable, inspected |  |");
    });

    it("lists mandatory policy violations before advisory ones, one line each, pipes escaped", () => {
        const md = planMarkdown(
            input({ findings: [finding("advisory", "a-policy"), finding("mandatory", "z-policy")] }),
        );
        expect(md).to.include("**fails**: 1 mandatory policy violation(s)");
        expect(md).to.include("#### Policy violations (1 mandatory, 1 advisory)");
        const rows = md
            .split("\n")
            .filter((l) => l.startsWith("| **mandatory**") || l.startsWith("| advisory"));
        expect(rows).to.deep.equal([
            "| **mandatory** | `z-policy` | `spoke-s1-dev` | `x` | has a \\| pipe and two lines |",
            "| advisory | `a-policy` | `spoke-s1-dev` | `x` | has a \\| pipe and two lines |",
        ]);
    });

    it("names required flows that are not allowed and stacks that failed", () => {
        const flow = {
            id: "f",
            category: "workload",
            stack: "spoke-s0-dev",
            source: "s0 functions",
            destination: "dynamodb",
            protocol: "tcp",
            port: 443,
            reason: "r",
            required: true,
            verdict: "dropped",
            decidedBy: "security group s0-fn-sg: no egress rule",
            steps: [],
        } as FlowResult;
        const md = planMarkdown(
            input({
                failingFlows: [flow],
                stacks: [
                    { name: "spoke-s0-dev", resources: 0, error: "invalid configuration (1 problem):\n  x" },
                ],
            }),
        );
        expect(md).to.include("**fails**: 1 stack(s) failed, 1 required flow(s) not allowed.");
        expect(md).to.include(
            "| `spoke-s0-dev` | s0 functions | dynamodb | tcp/443 | **dropped** | security group s0-fn-sg: no egress rule |",
        );
        expect(md).to.include("| `spoke-s0-dev` | invalid configuration (1 problem): x |");
    });

    it("fails on flow findings in error even when every flow is allowed, and names them", () => {
        const md = planMarkdown(
            input({
                flowErrors: [
                    {
                        kind: "bgp",
                        severity: "error",
                        stack: "network-dev",
                        message: "VPN vpn (eu-west-1) advertises 0.0.0.0/0 over BGP",
                    },
                ],
            }),
        );
        expect(md).to.include("**fails**: 1 flow finding(s) in error.");
        expect(md).to.include("#### Flow findings in error (1)");
        expect(md).to.include("| `network-dev` | bgp | VPN vpn (eu-west-1) advertises 0.0.0.0/0 over BGP |");
    });

    it("stays the size of a comment at 1,000 spokes: tables capped, the rest counted", () => {
        const md = planMarkdown(
            input({
                comparison: comparison(1000, 1000),
                findings: Array.from({ length: 3000 }, (_, i) => finding("advisory", "p", `spoke-s${i}-dev`)),
            }),
        );
        expect(md.length).to.be.at.most(MARKDOWN_CHARS);
        expect(md).to.include(`…and ${1002 - MARKDOWN_ROWS} more stacks in plan.json.`);
        expect(md).to.include(`…and ${1000 - MARKDOWN_ROWS} more replacements in plan.json.`);
        expect(md).to.include(`…and ${3000 - MARKDOWN_ROWS} more violations in plan.json.`);
    });

    it("keeps a table cell on one line and its code spans closed", () => {
        expect(cell("a|b\nc  d")).to.equal("a\\|b c d");
        expect(cell("x".repeat(300), 10)).to.equal(`${"x".repeat(9)}…`);
        expect(cell("<script>")).to.equal("&lt;script>");
    });
});
