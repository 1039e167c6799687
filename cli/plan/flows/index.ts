/**
 * The flow analysis of a plan: every flow the workloads and hub services need, evaluated hop by hop
 * through security groups, NACLs, endpoints, routes, Transit Gateway tables and the firewall policy;
 * the firewall rules that can never match. Pure, over the reachability analysis's network model.
 */
import { TYPES, type Inventory } from "../inventory";
import type { Reachability } from "../reachability";
import { AddressSet } from "./addresses";
import { declaredFlows, type DeclaredStackFlows } from "./declared";
import { dnsChecks } from "./dns-checks";
import { gwlbChecks } from "./gwlb";
import { intendedFlows } from "./intents";
import { onPremisesChecks } from "./onprem";
import { FlowEngine, type FlowContext, type FlowSpec } from "./engine";
import { Endpoints } from "./endpoints";
import { deadRules } from "./firewall-eval";
import { firewallPolicies } from "./firewall-model";
import { NetworkAcls } from "./nacl";
import { resolverFlows, workloadFlows } from "./required";
import { wafChecks } from "./waf";
import { SecurityGroups } from "./security-groups";
import type { FlowFinding, FlowResult } from "./types";

export * from "./types";

/** What the flow analysis reports. */
export interface FlowReport {
    readonly flows: readonly FlowResult[];
    readonly findings: readonly FlowFinding[];
}

/** Options the resources do not carry. */
export interface FlowOptions {
    /** The environment's on-premises CIDRs (rules naming them are live). */
    readonly onPremisesCidrs?: readonly string[];
    /** The flows stacks declare (their `requiredFlows` export). */
    readonly declared?: readonly DeclaredStackFlows[];
    /** Extra flows to evaluate. */
    readonly extra?: readonly FlowSpec[];
}

/** The parts of the analysis, built once over an inventory. */
export function flowContext(inventory: Inventory, reach: Reachability): FlowContext {
    const net = reach.net;
    return {
        tracer: reach.tracer,
        groups: new SecurityGroups(inventory, net),
        endpoints: new Endpoints(inventory, net),
        acls: new NetworkAcls(inventory, net),
        policies: firewallPolicies(inventory, (fw) => {
            const vpc = net.firewallVpc(fw);
            return vpc ? net.cidrsOf(vpc) : [];
        }),
    };
}

/** Every required flow with its verdict, and the firewall rules that can never match. */
export function analyzeFlows(
    inventory: Inventory,
    reach: Reachability,
    options: FlowOptions = {},
): FlowReport {
    const ctx = flowContext(inventory, reach);
    const engine = new FlowEngine(ctx);
    const declared = declaredFlows(inventory, reach.net, options.declared ?? []);
    // A stack that declares its flows is judged on them; the flows of any other stack are read from its resources.
    const declaring = new Set((options.declared ?? []).map((d) => d.stack));
    const derived = workloadFlows(inventory, reach.net).filter((s) => !declaring.has(s.origin.stack));
    const resolvers = resolverFlows(inventory, reach.net).map((s) => engine.evaluate(s));
    const intents = intendedFlows(reach, ctx.policies, options.onPremisesCidrs ?? []);
    const specs = [...declared.specs, ...derived, ...intents, ...(options.extra ?? [])];
    const findings: FlowFinding[] = declared.missing.map((message) => ({
        kind: "not-modelled" as const,
        severity: "error" as const,
        stack: message.split(":")[0],
        message: `declared flow not found in the plan: ${message}`,
    }));
    const dns = dnsChecks(inventory, reach.net, (rule) => {
        const domain = String(rule.props.domainName ?? "").replace(/\.$/, "");
        const mine = resolvers.filter(
            (f) => f.stack === rule.stack && f.reason === `forwarding rule ${domain}`,
        );
        const bad = mine.find((f) => f.verdict !== "allowed");
        return bad
            ? {
                  ok: false,
                  text: `queries from ${bad.source} to ${bad.destination} ${bad.protocol}/53: ${bad.verdict}: ${bad.decidedBy}`,
              }
            : { ok: true, text: "" };
    });
    findings.push(...dns.findings);
    const onPremises = onPremisesChecks(inventory, reach, ctx, options.onPremisesCidrs ?? []);
    const gwlb = gwlbChecks(reach);
    findings.push(...onPremises.findings, ...gwlb.findings, ...wafChecks(inventory));
    const flows = [
        ...specs.map((s) => engine.evaluate(s)),
        ...resolvers,
        ...dns.flows,
        ...onPremises.flows,
        ...gwlb.flows,
    ];
    const ranges =
        AddressSet.of([
            ...inventory.ofType(TYPES.vpc).flatMap((v) => reach.net.cidrsOf(v)),
            ...(options.onPremisesCidrs ?? []),
        ]) ?? AddressSet.NONE;
    for (const policy of ctx.policies.values()) {
        for (const d of deadRules(policy, ranges)) {
            findings.push({
                kind: "firewall-rule-never-matches",
                severity: "warning",
                stack: policy.firewall.stack,
                message: `firewall ${policy.firewall.name}: rule ${d.rule} can never match: ${d.why}`,
            });
        }
        for (const note of policy.notes) {
            findings.push({
                kind: "not-modelled",
                severity: "warning",
                stack: policy.firewall.stack,
                message: `firewall ${policy.firewall.name}: ${note}`,
            });
        }
    }
    return { flows, findings };
}
