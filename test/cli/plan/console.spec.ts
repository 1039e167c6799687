import { expect } from "chai";
import type { FlowResult } from "../../../cli/plan/flows/types";
import { flowsText } from "../../../cli/plan/flows/report";
import type { PolicyFinding } from "../../../cli/plan/policy";
import type { PathResult } from "../../../cli/plan/reachability";
import type { StackResult } from "../../../cli/plan/run";
import {
    CONSOLE_ROWS,
    MANY_STACKS,
    OWNED_STACKS,
    policyText,
    reachabilityText,
    runtimeOwnedText,
    summaryTable,
} from "../../../cli/plan/summary";

const VPC = "aws:ec2/vpc:Vpc";

/** A stack that declared one VPC, or failed. */
function stack(name: string, role: string, error?: string): StackResult {
    return {
        stack: { name, role, regionKey: "primary", config: {}, level: role === "spoke" ? 2 : 0 },
        accountId: "111111111111",
        region: "eu-west-1",
        ...(error
            ? { error }
            : { run: { resources: [{ urn: `urn:pulumi:${name}::p::${VPC}::v`, type: VPC, custom: true }] } }),
        durationMs: 1,
    } as unknown as StackResult;
}

function path(source: string, clean: boolean): PathResult {
    return {
        source,
        sourceStack: `spoke-${source}-dev`,
        destination: "internet",
        destinationKind: "internet",
        address: "192.0.2.1",
        verdict: "reachable",
        inspected: clean,
        symmetric: true,
        branches: [],
        violations: clean ? [] : ["uninspected"],
    };
}

const finding = (stackName: string, level: "mandatory" | "advisory", policyName: string): PolicyFinding => ({
    policyName,
    policyPackName: "hub-network",
    policyPackVersion: "0.1.0",
    description: "d",
    message: "m",
    enforcementLevel: level,
    severity: "low",
    stack: stackName,
});

describe("plan console at scale", () => {
    const spokes = Array.from({ length: 1000 }, (_, i) => `s${i}`);
    const results = [
        stack("network-dev", "network"),
        stack("security-dev", "security"),
        ...spokes.map((s, i) =>
            stack(`spoke-${s}-dev`, "spoke", i === 7 ? "invalid configuration" : undefined),
        ),
    ];

    it("gives the hub's stacks and the spokes with a problem a row each, and the other spokes one row", () => {
        const paths = spokes.map((s, i) => path(s, i !== 3));
        const findings = [
            finding("spoke-s5-dev", "mandatory", "p"),
            finding("spoke-s6-dev", "advisory", "q"),
        ];
        const lines = summaryTable(results, findings, undefined, paths).split("\n");
        const names = lines.slice(2, -1).map((l) => l.split(/\s+/)[0]);
        expect(names).to.deep.equal([
            "network-dev",
            "security-dev",
            "spoke-s3-dev",
            "spoke-s5-dev",
            "spoke-s7-dev",
            "997",
        ]);
        const rest = lines[lines.length - 2];
        // 997 spokes, one VPC each (the failed one declared none and has its own row), 997 clean paths.
        expect(rest).to.match(/^997 more spoke\(s\)\s+997\s+997\s/);
        expect(rest).to.include("997/997");
        expect(rest).to.match(/ ok$/);
        expect(lines[lines.length - 1]).to.match(/^total\s+1001\s+1001\s/);
    });

    it("counts in each stack's row the clean paths from that stack", () => {
        const few = results.slice(0, 5);
        const paths = [
            path("s0", true),
            path("s1", false),
            path("s0", false),
            path("s2", true),
            path("s0", true),
        ];
        const lines = summaryTable(few, undefined, undefined, paths).split("\n");
        // The paths column is the last before the status.
        const cells = lines
            .slice(2, -1)
            .map((l) => l.trim().split(/\s+/))
            .map((c) => [c[0], c[c.length - 2]]);
        expect(cells).to.deep.equal([
            ["network-dev", "-"],
            ["security-dev", "-"],
            ["spoke-s0-dev", "2/3"],
            ["spoke-s1-dev", "0/1"],
            ["spoke-s2-dev", "1/1"],
        ]);
        expect(lines[lines.length - 1]).to.match(/\s3\/5$/);
    });

    it("keeps every stack's row in a small plan", () => {
        const few = results.slice(0, MANY_STACKS - 1);
        expect(summaryTable(few).split("\n")).to.have.length(few.length + 3);
    });

    it("caps the paths, policies and flows it lists, and says where the rest is", () => {
        const paths = spokes.map((s) => path(s, false));
        const reach = reachabilityText(paths).split("\n");
        expect(reach.length).to.be.at.most(2 * CONSOLE_ROWS + 3);
        expect(reach[reach.length - 1]).to.equal(
            `  ... and ${1000 - 2 * CONSOLE_ROWS} more paths (every path is in plan.json under hubNetwork.reachability)`,
        );

        const findings = spokes.flatMap((s) => [
            finding(`spoke-${s}-dev`, "advisory", "lambda-concurrency"),
            finding(`spoke-${s}-dev`, "advisory", "cognito-security"),
        ]);
        findings.push(finding("network-dev", "mandatory", "firewall-protection"));
        const policies = policyText({ pack: { name: "hub-network", version: "0.1.0" }, findings }).split(
            "\n",
        );
        expect(policies.length).to.be.lessThan(20);
        expect(policies).to.include("    mandatory firewall-protection: 1 in 1 stack(s)");
        expect(policies).to.include("    advisory lambda-concurrency: 1000 in 1000 stack(s)");

        const flows = spokes.map(
            (s) =>
                ({
                    id: s,
                    category: "workload",
                    stack: `spoke-${s}-dev`,
                    source: `${s} functions`,
                    destination: "dynamodb",
                    protocol: "tcp",
                    port: 443,
                    reason: "r",
                    required: true,
                    verdict: "dropped",
                    decidedBy: "route",
                    steps: [],
                }) as FlowResult,
        );
        const text = flowsText({ flows, findings: [] }).split("\n");
        expect(text.length).to.equal(1 + 2 * CONSOLE_ROWS + 1);
        expect(flowsText({ flows, findings: [] }, false, true).split("\n")).to.have.length(1001);
    });

    it("sums up a resource every spoke owns alike at run time in one line, and lists the hub's own", () => {
        const ZONE = "aws:route53/zone:Zone";
        const owning = (name: string, resources: [string, string][]): StackResult =>
            ({
                stack: { name },
                run: {
                    resources: resources.map(([type, res]) => ({ type, name: res, ignoreChanges: ["vpcs"] })),
                },
            }) as unknown as StackResult;
        const owners = [
            owning("network-dev", [
                [ZONE, "parent-zone"],
                ["aws:ec2/managedPrefixList:ManagedPrefixList", "block-list"],
            ]),
            ...spokes.map((s) => owning(`spoke-${s}-dev`, [[ZONE, "zone"]])),
        ];
        expect(runtimeOwnedText(owners).split("\n")).to.deep.equal([
            "Owned at run time (pulumi up never changes or removes these properties):",
            "  network-dev: aws:route53/zone:Zone: parent-zone: vpcs",
            "  network-dev: aws:ec2/managedPrefixList:ManagedPrefixList: block-list: vpcs",
            "  spoke-s0-dev and 999 more stack(s): aws:route53/zone:Zone: zone: vpcs",
        ]);
        // A few spokes keep a line each.
        const few = owners.slice(1, 1 + OWNED_STACKS);
        expect(runtimeOwnedText(few).split("\n").slice(1)).to.deep.equal(
            spokes.slice(0, OWNED_STACKS).map((s) => `  spoke-${s}-dev: aws:route53/zone:Zone: zone: vpcs`),
        );
    });
});
