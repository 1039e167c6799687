import { expect } from "chai";
import type { RequiredFlow } from "../../../../components/shared/required-flows";
import { analyzeFlows } from "../../../../cli/plan/flows";
import { Inventory } from "../../../../cli/plan/inventory";
import { Reachability } from "../../../../cli/plan/reachability";
import { ENVIRONMENT_GROUPS, withWorkload } from "./workload-fixture";

const source = { label: "spoke-a tasks", vpc: "a-vpc", tier: "workload", securityGroup: "a-workload-sg" };

function judge(flows: RequiredFlow[], options: Parameters<typeof withWorkload>[0] = {}) {
    const inventory = new Inventory(withWorkload(options));
    return analyzeFlows(inventory, new Reachability(inventory, {}), {
        onPremisesCidrs: ["172.16.0.0/16"],
        declared: [{ stack: "spoke-a-dev", flows }],
    });
}

describe("flows: flows a stack declares", () => {
    it("finds the sender and its group by logical name and judges the flow instead of the derived ones", () => {
        const report = judge(
            [
                {
                    id: "spoke-a-tasks/ecr.dkr",
                    source,
                    destination: { kind: "aws-service", service: "ecr.dkr" },
                    protocol: "tcp",
                    port: 443,
                    reason: "Fargate pulls the image manifest from the ECR registry",
                    declaredBy: "component",
                },
            ],
            { interfaceEndpoints: ["ecr.dkr"] },
        );
        const workload = report.flows.filter((f) => f.category === "workload");
        expect(workload.map((f) => `${f.source} → ${f.destination}: ${f.verdict}`)).to.deep.equal([
            "spoke-a tasks → ecr.dkr: allowed",
        ]);
        expect(workload[0].decidedBy).to.match(
            /^interface endpoint a-ecr-dkr: private DNS resolves 333333333330\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
        );
    });

    it("sends a host name a spoke declares through the hub's firewall, whose allow-list decides", () => {
        const declared: RequiredFlow = {
            id: "spoke-a-tasks/declared-api.partner.example.com-tcp-443",
            source,
            destination: { kind: "domain", name: "api.partner.example.com" },
            protocol: "tcp",
            port: 443,
            reason: "the partner's order API",
            declaredBy: "request",
        };
        const allowList = {
            name: "egress-allow-list",
            kind: "domain-list" as const,
            capacity: 100,
            action: "allow" as const,
            targetTypes: ["TLS_SNI" as const],
            domains: ["api.partner.example.com"],
        };
        const open = judge([declared], {
            egress: "anywhere",
            ruleGroups: [...ENVIRONMENT_GROUPS, allowList],
        });
        expect(open.flows.find((f) => f.category === "declared")?.verdict).to.equal("allowed");
        const closed = judge([declared], { egress: "anywhere" });
        const flow = closed.flows.find((f) => f.category === "declared");
        expect(flow?.decidedBy).to.equal(
            "inspection-firewall: no stateful rule matched: default action aws:drop_established",
        );
    });

    it("fails on a declared sender the plan cannot find", () => {
        const report = judge([
            {
                id: "x/logs",
                source: { ...source, securityGroup: "a-missing-sg" },
                destination: { kind: "aws-service", service: "logs" },
                protocol: "tcp",
                port: 443,
                reason: "logs",
                declaredBy: "component",
            },
        ]);
        expect(report.findings.filter((f) => f.severity === "error").map((f) => f.message)).to.deep.equal([
            "declared flow not found in the plan: spoke-a-dev: flow x/logs: no security group named a-missing-sg",
        ]);
    });
});
