/**
 * GWLB ingress inspection of the VPC-link path: for every pair of a `vpclink` subnet (where API
 * Gateway's VPC link sends from) and a `workload` subnet (where the ALB nodes and tasks answer from),
 * the request and its reply must cross the same GWLB endpoint; a stateful appliance that sees one
 * direction only drops the flow. Per spoke, vpclink AZs x workload AZs: linear in spokes.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html (flow stickiness)
 */
import { str, type Item } from "../inventory";
import type { Reachability } from "../reachability";
import { hostIn } from "../route-match";
import type { FlowFinding, FlowResult, FlowStep } from "./types";

function gwlbes(ids: readonly { id: string; label: string }[]): { id: string; label: string }[] {
    return ids.filter((i) => i.id.startsWith("gwlbe:"));
}

/** One result per spoke with GWLB endpoints and a VPC link tier, and a finding per asymmetric pair. */
export function gwlbChecks(reach: Reachability): { flows: FlowResult[]; findings: FlowFinding[] } {
    const net = reach.net;
    const flows: FlowResult[] = [];
    const findings: FlowFinding[] = [];
    for (const vpc of net.vpcs().filter((v) => net.roleOf(v) === "spoke")) {
        const subnets = net.subnetsOf(vpc);
        if (!subnets.some((s) => net.tierOf(s) === "gwlbe")) continue;
        const links = subnets.filter((s) => net.tierOf(s) === "vpclink");
        const workloads = subnets.filter((s) => net.tierOf(s) === "workload");
        if (links.length === 0 || workloads.length === 0) continue;
        const steps: FlowStep[] = [];
        const bad: string[] = [];
        const host = (s: Item) => hostIn(str(s.props.cidrBlock) ?? "", 10) ?? "?";
        for (const link of links) {
            for (const workload of workloads) {
                const pair = `${net.azOf(link)} → ${net.azOf(workload)}`;
                const forward = reach.tracer.trace(link, host(workload), undefined)[0];
                const reply = reach.tracer.trace(workload, host(link), undefined)[0];
                const there = forward ? gwlbes(forward.context.inspections) : [];
                const back = reply ? gwlbes(reply.context.inspections) : [];
                const text = `vpclink ${pair}: request through ${there.map((i) => i.label).join(", ") || "no GWLB endpoint"}, reply through ${back.map((i) => i.label).join(", ") || "no GWLB endpoint"}`;
                const same =
                    there.length > 0 && there.map((i) => i.id).join() === back.map((i) => i.id).join();
                steps.push({ kind: "gwlb", verdict: same ? "allowed" : "dropped", text });
                if (!same) bad.push(text);
            }
        }
        const label = reach.label(vpc);
        flows.push({
            id: `${vpc.stack}:${label} VPC link->workload:gwlb`,
            category: "gwlb",
            stack: vpc.stack,
            source: `${label} VPC link`,
            destination: `${label} workload subnets`,
            protocol: "gwlb",
            reason: "a stateful appliance must see both directions of every VPC-link flow (DESIGN section 4)",
            required: true,
            verdict: bad.length ? "dropped" : "allowed",
            decidedBy: bad.length ? `asymmetric: ${bad.join("; ")}` : steps.map((s) => s.text).join("; "),
            steps,
        });
        if (bad.length) {
            findings.push({
                kind: "gwlb-asymmetric",
                severity: "error",
                stack: vpc.stack,
                message: `${label}: ${bad.length} VPC-link flow(s) cross different GWLB endpoints each way (${bad[0]}): route the workload subnets' replies through the endpoint the vpclink side chose`,
            });
        }
    }
    return { flows, findings };
}
