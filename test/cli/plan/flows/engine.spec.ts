import { expect } from "chai";
import type { FirewallRuleGroupData } from "../../../../components/network/firewall-rules";
import { analyzeFlows, type FlowResult } from "../../../../cli/plan/flows";
import { failingFlows, flowsText } from "../../../../cli/plan/flows/report";
import { Inventory } from "../../../../cli/plan/inventory";
import { Reachability } from "../../../../cli/plan/reachability";
import { ENVIRONMENT_GROUPS, withWorkload, type WorkloadOptions } from "./workload-fixture";

const FARGATE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs"];

function flows(options: WorkloadOptions = {}): FlowResult[] {
    const inventory = new Inventory(withWorkload(options));
    const reach = new Reachability(inventory, { onPremisesCidrs: ["172.16.0.0/16"] });
    // The workload's own flows (the firewall rules' intents are the intents spec's).
    return analyzeFlows(inventory, reach, { onPremisesCidrs: ["172.16.0.0/16"] }).flows.filter(
        (f) => f.category === "workload",
    );
}

function verdicts(list: readonly FlowResult[]): string[] {
    return list.map((f) => `${f.source} → ${f.destination}: ${f.verdict}`);
}

function flow(list: readonly FlowResult[], destination: string): FlowResult {
    const found = list.find((f) => f.destination === destination);
    if (!found) throw new Error(`no flow to ${destination} in ${verdicts(list).join("; ")}`);
    return found;
}

const allowList = (domains: string[]): FirewallRuleGroupData => ({
    name: "egress-allow-list",
    kind: "domain-list",
    capacity: 100,
    action: "allow",
    targetTypes: ["TLS_SNI", "HTTP_HOST"],
    domains,
});

describe("flows: required flows of a workload, hop by hop", () => {
    describe("Fargate tasks", () => {
        it("cannot pull images or ship logs without endpoints when their group allows only the VPC and the prefix lists", () => {
            const result = flows();
            expect(verdicts(result)).to.deep.equal([
                "spoke-a/api tasks → ecr.api: dropped",
                "spoke-a/api tasks → ecr.dkr: dropped",
                "spoke-a/api tasks → s3: allowed",
                "spoke-a/api tasks → logs: dropped",
                "spoke-a/api tasks → dynamodb: allowed",
            ]);
            expect(flow(result, "ecr.dkr").decidedBy).to.equal(
                "no egress rule of a-workload-sg allows tcp 443 to 333333333330.dkr.ecr.eu-west-1.amazonaws.com (public address) (203.0.113.10)",
            );
        });

        it("reaches ECR and Logs through interface endpoints whose private DNS takes the service names", () => {
            const result = flows({ interfaceEndpoints: FARGATE_ENDPOINTS });
            expect(result.every((f) => f.verdict === "allowed")).to.equal(true, verdicts(result).join("\n"));
            expect(flow(result, "ecr.dkr").decidedBy).to.match(
                /^interface endpoint a-ecr-dkr: private DNS resolves 333333333330\.dkr\.ecr\.eu-west-1\.amazonaws\.com to its interface in a-workload-eu-west-1a; a-workload-sg egress tcp 443 to 10\.72\.0\.0\/20; route from eu-west-1a: delivered in spoke-a \(workload a\); a-endpoints-sg ingress tcp 443 from 10\.72\.0\.0\/20$/,
            );
            expect(flow(result, "s3").decidedBy).to.contain("prefix list of s3 → gateway endpoint a-s3");
        });

        it("goes to the public name when the endpoint's private DNS is off", () => {
            const ecr = flow(flows({ interfaceEndpoints: FARGATE_ENDPOINTS, privateDns: false }), "ecr.api");
            expect(ecr.verdict).to.equal("dropped");
            expect(ecr.steps[0].text).to.equal(
                "interface endpoint a-ecr-api has private DNS off: api.ecr.eu-west-1.amazonaws.com resolves to the service's public addresses",
            );
        });

        it("over the internet, lets the firewall's allow-list decide by the exact service name", () => {
            const exact = flows({
                egress: "anywhere",
                ruleGroups: [
                    ...ENVIRONMENT_GROUPS,
                    allowList(["api.ecr.eu-west-1.amazonaws.com", ".dkr.ecr.eu-west-1.amazonaws.com"]),
                ],
            });
            expect(flow(exact, "ecr.api").decidedBy).to.contain(
                'egress-allow-list sid 1 "pass tls $HOME_NET any -> $EXTERNAL_NET any (matching TLS allowlisted FQDNs)"',
            );
            expect(flow(exact, "ecr.dkr").verdict).to.equal("allowed");
            const logs = flow(exact, "logs");
            expect(logs.verdict).to.equal("dropped");
            expect(logs.decidedBy).to.match(
                /^inspection-firewall: stateful rule egress-allow-list sid \d+ "drop tls \$HOME_NET any -> \$EXTERNAL_NET any \(not matching any TLS allowlisted FQDNs\)"$/,
            );
        });

        it("is dropped by the firewall's default action when no rule passes HTTPS to the internet", () => {
            const logs = flow(flows({ egress: "anywhere" }), "logs");
            expect(logs.decidedBy).to.equal(
                "inspection-firewall: no stateful rule matched: default action aws:drop_established",
            );
        });

        it("cannot fetch image layers when the S3 endpoint policy admits only the organization's buckets", () => {
            const orgOnly = {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "OrganizationBuckets",
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:ResourceOrgID": "o-a1b2c3d4e5" } },
                    },
                ],
            };
            const denied = flow(flows({ s3Policy: orgOnly }), "s3");
            expect(denied.verdict).to.equal("dropped");
            expect(denied.decidedBy).to.equal(
                "a-s3: no statement of the endpoint policy allows s3:GetObject on arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/layer (a bucket AWS owns, outside the organization)",
            );
            const withLayers = {
                ...orgOnly,
                Statement: [
                    ...orgOnly.Statement,
                    {
                        Sid: "EcrLayers",
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*",
                    },
                ],
            };
            expect(flow(flows({ s3Policy: withLayers }), "s3").decidedBy).to.contain(
                "endpoint policy statement EcrLayers allows s3:GetObject",
            );
        });

        it("is dropped by a network ACL that denies outbound HTTPS, naming the rule", () => {
            const ecr = flow(flows({ interfaceEndpoints: FARGATE_ENDPOINTS, denyHttpsAcl: true }), "ecr.api");
            expect(ecr.verdict).to.equal("dropped");
            expect(ecr.decidedBy).to.equal("a-workload-acl outbound rule 100 denies tcp 443 to 0.0.0.0/0");
        });
    });

    describe("Lambda functions", () => {
        it("with active tracing and no X-Ray endpoint have no path to X-Ray", () => {
            const result = flows({ workload: "lambda", tracing: true });
            expect(verdicts(result)).to.deep.equal([
                "spoke-a/a-items function → dynamodb: allowed",
                "spoke-a/a-items function → xray: dropped",
            ]);
        });

        it("reach X-Ray through its interface endpoint", () => {
            expect(
                flow(flows({ workload: "lambda", tracing: true, interfaceEndpoints: ["xray"] }), "xray")
                    .verdict,
            ).to.equal("allowed");
        });

        it("need no DynamoDB flow when given no table", () => {
            expect(verdicts(flows({ workload: "lambda", noTable: true }))).to.deep.equal([]);
        });

        it("need no X-Ray flow without tracing", () => {
            expect(verdicts(flows({ workload: "lambda" }))).to.deep.equal([
                "spoke-a/a-items function → dynamodb: allowed",
            ]);
        });
    });

    describe("report", () => {
        it("prints totals and the flows that are not allowed, and fails on them", () => {
            const inventory = new Inventory(
                withWorkload({ workload: "lambda", tracing: true, vpn: { association: "spokes" } }),
            );
            const report = analyzeFlows(
                inventory,
                new Reachability(inventory, { onPremisesCidrs: ["172.16.0.0/16"] }),
                {
                    onPremisesCidrs: ["172.16.0.0/16"],
                },
            );
            expect(failingFlows(report).map((f) => f.destination)).to.deep.equal(["xray"]);
            expect(flowsText(report).split("\n").slice(0, 2)).to.deep.equal([
                "Flows: 8 required flow(s): 7 allowed, 1 not allowed (workload 1/2, on-premises 4/4, east-west 2/2); 1 finding(s).",
                "  - spoke-a/a-items function → xray tls/tcp/443: DROPPED — no egress rule of a-workload-sg allows tcp 443 to xray.eu-west-1.amazonaws.com (public address) (203.0.113.10)",
            ]);
        });
    });
});
