/**
 * The route part of a flow: every way the packet can go from a subnet (or in from on premises), the
 * Network Firewall policy's verdict at each firewall endpoint it crosses, GWLB endpoints, and whether
 * the reply finds its way back. The worst branch counts. Pure.
 */
import type { Item } from "../inventory";
import type { Outcome } from "../reachability-path";
import type { FlowContext } from "./context";
import { evaluateFirewall } from "./firewall-eval";
import type { FlowStep, Packet } from "./types";

const RANK = { allowed: 0, unknown: 1, dropped: 2 } as const;

function rank(steps: readonly FlowStep[]): number {
    return Math.max(0, ...steps.map((s) => RANK[s.verdict]));
}

/** The firewall URN of an inspection ID `fw:<urn>:<az>[:?]`. */
function firewallUrn(id: string): string | undefined {
    if (!id.startsWith("fw:")) return undefined;
    const rest = id.slice(3).replace(/:\?$/, "");
    return rest.slice(0, rest.lastIndexOf(":"));
}

/** The routes of the request and of its reply, with the firewall's verdict at each firewall endpoint. */
export function routeSteps(ctx: FlowContext, subnet: Item, az: string, packet: Packet): FlowStep[] {
    const tracer = ctx.tracer;
    const outcomes = tracer.trace(subnet, packet.destination, undefined);
    const steps: FlowStep[] = [];
    let worst: FlowStep[] | undefined;
    for (const o of outcomes) {
        const mine = branchSteps(ctx, o, packet, az);
        if (!worst || rank(mine) > rank(worst)) worst = mine;
    }
    steps.push(...(worst ?? [{ kind: "route", verdict: "unknown", text: "no route traced" }]));
    return steps;
}

/** The steps of one traced branch: its route, the firewall at each endpoint, the reply's way back. */
export function branchSteps(ctx: FlowContext, o: Outcome, packet: Packet, az: string): FlowStep[] {
    const tracer = ctx.tracer;
    const steps: FlowStep[] = [];
    const path = o.context.hops
        .filter(
            (h) =>
                h.kind === "tgw-route" ||
                h.kind === "firewall-endpoint" ||
                h.kind === "gwlb-endpoint" ||
                h.kind === "nat",
        )
        .map((h) => h.text);
    if (o.verdict !== "reachable") {
        steps.push({
            kind: "route",
            verdict: o.verdict === "unknown" ? "unknown" : "dropped",
            text: `route from ${az}: ${o.reason}`,
        });
        return steps;
    }
    steps.push({
        kind: "route",
        verdict: "allowed",
        text: `route from ${az}: ${[...path, o.reason].join("; ")}`,
    });
    for (const inspection of o.context.inspections) {
        if (inspection.id.startsWith("gwlbe:")) {
            steps.push({
                kind: "gwlb",
                verdict: "allowed",
                text: `${inspection.label}: the appliances' own rules are not modelled`,
            });
            continue;
        }
        const urn = firewallUrn(inspection.id);
        const policy = urn ? ctx.policies.get(urn) : undefined;
        if (!policy) {
            steps.push({
                kind: "firewall",
                verdict: "unknown",
                text: `${inspection.label}: the firewall's policy is not in this plan`,
            });
            continue;
        }
        const d = evaluateFirewall(policy, packet);
        steps.push({
            kind: "firewall",
            verdict: d.verdict === "pass" ? "allowed" : "dropped",
            text: `${policy.firewall.name}: ${d.by}${d.alerts.length ? `; alerts: ${d.alerts.join(", ")}` : ""}${d.undecided.length ? `; not decidable here: ${d.undecided.join(", ")}` : ""}`,
        });
    }
    const c = o.context;
    const start = c.vpn ? undefined : c.nat ? tracer.lookups.natSubnet(c.nat) : c.arrival;
    if (c.vpn || start) {
        const back = c.vpn
            ? tracer.traceFromVpn(c.vpn, packet.source, c.applianceAz)
            : tracer.trace(start as Item, packet.source, c.applianceAz);
        const failed = back.find((b) => b.verdict !== "reachable");
        steps.push(
            failed
                ? {
                      kind: "route",
                      verdict: failed.verdict === "unknown" ? "unknown" : "dropped",
                      text: `reply: ${failed.reason}`,
                  }
                : { kind: "route", verdict: "allowed", text: "reply: routed back" },
        );
    }
    return steps;
}
