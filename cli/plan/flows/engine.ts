/**
 * A flow evaluated hop by hop: the sender's security groups (egress) and subnet ACL, the name's
 * resolution to an interface endpoint (private DNS) or the route to a gateway endpoint, otherwise the
 * routes (VPC route tables, Transit Gateway tables, firewall and GWLB endpoints, NAT, internet gateway)
 * with the Network Firewall policy at every firewall endpoint the packet crosses, the reply's way back,
 * the receiver's subnet ACL and security groups (ingress), and the endpoint policy. Every AZ the sender
 * runs in is evaluated; the verdict is the worst, and names the step that decided it. Pure.
 */
import { str, type Item } from "../inventory";
import { INTERNET_ADDRESS } from "../reachability-types";
import { contains, hostIn } from "../route-match";
import { endpointPolicyAllows, type ServiceAccess } from "./endpoints";
import type { FlowContext } from "./context";
import { routeSteps } from "./engine-route";
import type { Peer } from "./security-groups";
import {
    EPHEMERAL_PORT,
    type AppProtocol,
    type FlowCategory,
    type FlowResult,
    type FlowStep,
    type FlowVerdictKind,
    type Transport,
} from "./types";

/** What sends: interfaces in subnets of a VPC, with their security groups. */
export interface Origin {
    readonly label: string;
    readonly stack: string;
    readonly vpc: Item;
    readonly subnets: readonly Item[];
    readonly groups: readonly Item[];
}

/** What receives. */
export type Target =
    /** An AWS service by its endpoint name (`ecr.dkr`), reached by the name `host`. */
    | {
          readonly kind: "service";
          readonly service: string;
          readonly host: string;
          readonly access?: readonly ServiceAccess[];
      }
    /** Network interfaces of this inventory (an ALB, tasks, a Resolver endpoint). */
    | {
          readonly kind: "interfaces";
          readonly label: string;
          readonly subnets: readonly Item[];
          readonly groups: readonly Item[];
          /** Fixed addresses (Resolver endpoint IPs); default: a host of each subnet. */
          readonly addresses?: readonly string[];
      }
    /** An address outside the interfaces of this inventory (on premises, the internet). */
    | {
          readonly kind: "address";
          readonly label: string;
          readonly address: string;
          readonly serverName?: string;
      };

export type { FlowContext };

/** One flow to evaluate. */
export interface FlowSpec {
    readonly category: FlowCategory;
    readonly reason: string;
    readonly required: boolean;
    readonly origin: Origin;
    readonly target: Target;
    readonly transport: Transport;
    readonly port: number;
    readonly app?: AppProtocol;
    /** Judge the network only (routes, ACLs, firewall): no security group of a workload applies. */
    readonly networkOnly?: boolean;
}

const RANK: Readonly<Record<FlowVerdictKind, number>> = { allowed: 0, unknown: 1, dropped: 2 };

/** A representative address of a subnet (as the reachability analysis picks it). */
export function hostOf(subnet: Item): string {
    return hostIn(str(subnet.props.cidrBlock) ?? "", 10) ?? "?";
}

/** The first subnet of each AZ, AZs in order. */
export function onePerAz(subnets: readonly Item[], azOf: (s: Item) => string): Item[] {
    const byAz = new Map<string, Item>();
    for (const s of [...subnets].sort((a, b) => a.name.localeCompare(b.name))) {
        if (!byAz.has(azOf(s))) byAz.set(azOf(s), s);
    }
    return [...byAz.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
}

interface Resolved {
    readonly address: string;
    readonly peer: Peer;
    readonly peerLabel: string;
    readonly subnet?: Item;
    readonly groups?: readonly Item[];
    /** Follow the routes (false: a gateway endpoint carries it). */
    readonly route: boolean;
    readonly serverName?: string;
    readonly steps: FlowStep[];
    readonly policyOf?: Item;
}

export class FlowEngine {
    constructor(private readonly ctx: FlowContext) {}

    private get net() {
        return this.ctx.tracer.net;
    }

    /** Evaluates `spec` from every AZ of its origin. */
    evaluate(spec: FlowSpec): FlowResult {
        const net = this.net;
        let worst: { verdict: FlowVerdictKind; steps: FlowStep[] } | undefined;
        const sources = onePerAz(spec.origin.subnets, (s) => net.azOf(s));
        for (const subnet of sources) {
            const steps = this.fromSubnet(spec, subnet);
            const verdict = steps.reduce<FlowVerdictKind>(
                (w, s) => (RANK[s.verdict] > RANK[w] ? s.verdict : w),
                "allowed",
            );
            if (!worst || RANK[verdict] > RANK[worst.verdict]) worst = { verdict, steps };
        }
        const steps = worst?.steps ?? [
            {
                kind: "route",
                verdict: "unknown",
                text: `${spec.origin.label} has no subnet in this plan`,
            } as FlowStep,
        ];
        const verdict = worst?.verdict ?? "unknown";
        const destination = spec.target.kind === "service" ? spec.target.service : spec.target.label;
        const protocol = spec.app ? `${spec.app}/${spec.transport}` : spec.transport;
        return {
            id: `${spec.origin.stack}:${spec.origin.label}->${destination}:${spec.transport}/${spec.port}`,
            category: spec.category,
            stack: spec.origin.stack,
            source: spec.origin.label,
            destination,
            protocol,
            port: spec.port,
            reason: spec.reason,
            required: spec.required,
            verdict,
            decidedBy: decided(verdict, steps),
            steps,
        };
    }

    private fromSubnet(spec: FlowSpec, subnet: Item): FlowStep[] {
        const { groups, acls } = this.ctx;
        const net = this.net;
        const az = net.azOf(subnet);
        const source = hostOf(subnet);
        const target = this.resolve(spec, subnet);
        const steps: FlowStep[] = [...target.steps];
        if (!spec.networkOnly) {
            const egress = groups.decide(
                "egress",
                spec.origin.groups,
                target.peer,
                spec.transport,
                spec.port,
                target.peerLabel,
            );
            steps.push({
                kind: "security-group-egress",
                verdict: egress.allowed ? "allowed" : "dropped",
                text: egress.text,
            });
        }
        const out = acls.decide(subnet, true, target.address, spec.transport, spec.port);
        const back = acls.decide(subnet, false, target.address, spec.transport, EPHEMERAL_PORT);
        pushAcl(steps, out, back);
        if (target.route) {
            const packet = {
                source,
                destination: target.address,
                transport: spec.transport,
                destinationPort: spec.port,
                sourcePort: EPHEMERAL_PORT,
                ...(spec.app ? { app: spec.app } : {}),
                ...(target.serverName ? { serverName: target.serverName } : {}),
            };
            steps.push(...routeSteps(this.ctx, subnet, az, packet));
        }
        if (target.subnet) {
            const into = acls.decide(target.subnet, false, source, spec.transport, spec.port);
            const reply = acls.decide(target.subnet, true, source, spec.transport, EPHEMERAL_PORT);
            pushAcl(steps, into, reply);
        }
        if (target.groups && !spec.networkOnly) {
            const ingress = groups.decide(
                "ingress",
                target.groups,
                { address: source, groups: spec.origin.groups },
                spec.transport,
                spec.port,
                spec.origin.label,
            );
            steps.push({
                kind: "security-group-ingress",
                verdict: ingress.allowed ? "allowed" : "dropped",
                text: ingress.text,
            });
        }
        if (target.policyOf && spec.target.kind === "service") {
            for (const access of spec.target.access ?? []) {
                const p = endpointPolicyAllows(target.policyOf.props.policy, access);
                steps.push({
                    kind: "endpoint-policy",
                    verdict: p.allowed ? "allowed" : "dropped",
                    text: `${target.policyOf.name}: ${p.text}`,
                });
                if (!p.allowed) break;
            }
        }
        return steps;
    }

    /** Where the flow's name or address leads from `subnet`. */
    private resolve(spec: FlowSpec, subnet: Item): Resolved {
        const net = this.net;
        const t = spec.target;
        const vpc = spec.origin.vpc;
        if (t.kind === "interfaces") {
            const sameAz = t.subnets.find((s) => net.azOf(s) === net.azOf(subnet)) ?? t.subnets[0];
            const address =
                t.addresses?.find((a) => sameAz !== undefined && withinSubnet(sameAz, a)) ??
                t.addresses?.[0] ??
                (sameAz ? hostOf(sameAz) : "?");
            const into = t.subnets.find((s) => withinSubnet(s, address)) ?? sameAz;
            return {
                address,
                peer: { address, groups: t.groups },
                peerLabel: t.label,
                ...(into ? { subnet: into } : {}),
                groups: t.groups,
                route: true,
                steps: [],
            };
        }
        if (t.kind === "address") {
            // A host name an interface endpoint of the sender's VPC answers for goes to that endpoint.
            const answering =
                t.serverName && t.address === INTERNET_ADDRESS
                    ? this.ctx.endpoints.interfaceForHost(vpc, t.serverName)
                    : undefined;
            if (answering) {
                return this.resolve(
                    { ...spec, target: { kind: "service", service: answering.service, host: t.serverName! } },
                    subnet,
                );
            }
            return {
                address: t.address,
                peer: { address: t.address, groups: [] },
                peerLabel: t.label,
                route: true,
                ...(t.serverName ? { serverName: t.serverName } : {}),
                steps: [],
            };
        }
        const endpoint = this.ctx.endpoints.interfaceFor(vpc, t.service);
        const steps: FlowStep[] = [];
        if (endpoint?.privateDns) {
            const into =
                endpoint.subnets.find((s) => net.azOf(s) === net.azOf(subnet)) ?? endpoint.subnets[0];
            const address = into ? hostOf(into) : "?";
            steps.push({
                kind: "endpoint",
                verdict: into ? "allowed" : "dropped",
                text: `interface endpoint ${endpointLabel(endpoint.item)}: private DNS resolves ${t.host} to its interface${into ? ` in ${into.name}` : "s (none in this plan)"}`,
            });
            return {
                address,
                peer: { address, groups: endpoint.groups },
                peerLabel: `interface endpoint ${endpoint.item.name}`,
                ...(into ? { subnet: into } : {}),
                groups: endpoint.groups,
                route: true,
                steps,
                policyOf: endpoint.item,
            };
        }
        if (endpoint) {
            steps.push({
                kind: "endpoint",
                verdict: "allowed",
                text: `interface endpoint ${endpointLabel(endpoint.item)} has private DNS off: ${t.host} resolves to the service's public addresses`,
            });
        }
        const gateway = this.ctx.endpoints.gatewayFor(vpc, t.service, subnet);
        if (gateway) {
            steps.push({
                kind: "route",
                verdict: "allowed",
                text: `route table ${net.routeTableOf(subnet)?.name ?? "main"}: prefix list of ${t.service} → gateway endpoint ${endpointLabel(gateway.item)}`,
            });
            return {
                address: INTERNET_ADDRESS,
                peer: { address: INTERNET_ADDRESS, groups: [], prefixList: gateway.item },
                peerLabel: `${t.service} (gateway endpoint)`,
                route: false,
                steps,
                policyOf: gateway.item,
            };
        }
        const prefixList = this.ctx.endpoints.anyGateway(vpc, t.service)?.item;
        return {
            address: INTERNET_ADDRESS,
            peer: { address: INTERNET_ADDRESS, groups: [], ...(prefixList ? { prefixList } : {}) },
            peerLabel: `${t.host} (public address)`,
            route: true,
            serverName: t.host,
            steps,
        };
    }
}

function pushAcl(steps: FlowStep[], ...decisions: { allowed: boolean; text: string }[]): void {
    const denied = decisions.find((d) => !d.allowed);
    if (denied) steps.push({ kind: "nacl", verdict: "dropped", text: denied.text });
    else if (!decisions.every((d) => d.text.includes("default network ACL allows all"))) {
        steps.push({ kind: "nacl", verdict: "allowed", text: decisions.map((d) => d.text).join("; ") });
    }
}

function withinSubnet(subnet: Item, address: string): boolean {
    const cidr = str(subnet.props.cidrBlock);
    return cidr !== undefined && contains(cidr, address);
}

function endpointLabel(item: Item): string {
    return `${item.name}${item.id ? ` (${item.id})` : ""}`;
}

/** The deciding step: the first that dropped (or was unknown), else the steps that allowed it. */
function decided(verdict: FlowVerdictKind, steps: readonly FlowStep[]): string {
    if (verdict !== "allowed") return steps.find((s) => s.verdict === verdict)?.text ?? verdict;
    const key = steps.filter(
        (s) => s.kind !== "nacl" && !(s.kind === "route" && s.text === "reply: routed back"),
    );
    return key.map((s) => s.text).join("; ");
}
