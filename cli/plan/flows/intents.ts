/**
 * The flows the environment's firewall rules intend, judged at the network level (routes, ACLs, the
 * firewall; no workload's security groups): for every spoke, each stateful pass rule whose source
 * holds the spoke leads to one representative destination it names (the next spoke of the region, an
 * on-premises host), and each domain an allow-list passes is reached over the internet. One
 * representative per rule and spoke keeps this linear in spokes; the reachability analysis covers
 * every pair of spokes at the route level.
 */
import { str, type Item } from "../inventory";
import type { Reachability } from "../reachability";
import { INTERNET_ADDRESS } from "../reachability-types";
import { hostIn } from "../route-match";
import type { FlowSpec, Origin, Target } from "./engine";
import { addressesOf, describeRule, portsOf } from "./firewall-eval";
import type { PolicyModel } from "./firewall-model";
import type { AppProtocol, Transport } from "./types";

const APP: Readonly<Record<string, { transport: Transport; app?: AppProtocol; port: number }>> = {
    tls: { transport: "tcp", app: "tls", port: 443 },
    http: { transport: "tcp", app: "http", port: 80 },
    dns: { transport: "udp", app: "dns", port: 53 },
    tcp: { transport: "tcp", port: 443 },
    udp: { transport: "udp", port: 53 },
};

/** The intended flows of every spoke, for the firewall of its region. */
export function intendedFlows(
    reach: Reachability,
    policies: ReadonlyMap<string, PolicyModel>,
    onPremisesCidrs: readonly string[],
): FlowSpec[] {
    const net = reach.net;
    const specs: FlowSpec[] = [];
    const spokes = net.vpcs().filter((v) => net.roleOf(v) === "spoke");
    for (const policy of policies.values()) {
        const region = policy.firewall.region;
        const local = spokes.filter((v) => v.region === region);
        local.forEach((vpc, i) => {
            const subnets = reach.hostSubnets(vpc);
            const address = subnets[0] ? hostIn(str(subnets[0].props.cidrBlock) ?? "", 10) : undefined;
            if (!address) return;
            const origin: Origin = {
                label: `${reach.label(vpc)} VPC`,
                stack: vpc.stack,
                vpc,
                subnets,
                groups: [],
            };
            const others = [...local.slice(i + 1), ...local.slice(0, i)];
            const seenDomains = new Set<string>();
            for (const group of policy.stateful) {
                for (const rule of group.rules) {
                    if (rule.action !== "pass") continue;
                    const shape = APP[rule.protocol];
                    if (!shape) continue;
                    const source = addressesOf(rule.source, group.variables);
                    if (!source?.has(address)) continue;
                    const why = `intended by ${describeRule(group, rule)}`;
                    const names = rule.contents.filter(
                        (c) => c.buffer === "tls.sni" || c.buffer === "http.host",
                    );
                    if (names.length > 0) {
                        const domain = names[0].content.replace(/^\./, "");
                        if (seenDomains.has(`${rule.protocol}:${domain}`)) continue;
                        seenDomains.add(`${rule.protocol}:${domain}`);
                        specs.push(
                            spec(
                                "internet",
                                why,
                                origin,
                                {
                                    kind: "address",
                                    label: domain,
                                    address: INTERNET_ADDRESS,
                                    serverName: domain,
                                },
                                shape,
                            ),
                        );
                        continue;
                    }
                    if (rule.contents.length > 0 || rule.undecidable.length > 0) continue;
                    const destination = addressesOf(rule.destination, group.variables);
                    const ports = portsOf(rule.destinationPort);
                    if (!destination || !ports) continue;
                    const port = ports.some(([a, b]) => shape.port >= a && shape.port <= b)
                        ? shape.port
                        : ports[0][0];
                    const next = others.find((o) => {
                        const h = reach.hostSubnets(o)[0];
                        const a = h ? hostIn(str(h.props.cidrBlock) ?? "", 10) : undefined;
                        return a !== undefined && destination.has(a);
                    });
                    if (next) {
                        const h = reach.hostSubnets(next)[0] as Item;
                        specs.push(
                            spec(
                                "east-west",
                                why,
                                origin,
                                {
                                    kind: "address",
                                    label: `${reach.label(next)} VPC`,
                                    address: hostIn(str(h.props.cidrBlock) ?? "", 10) as string,
                                },
                                { ...shape, port },
                            ),
                        );
                        continue;
                    }
                    const target = onPremisesCidrs
                        .map((c) => hostIn(c, 10))
                        .find((a): a is string => a !== undefined && destination.has(a));
                    if (target)
                        specs.push(
                            spec(
                                "on-premises",
                                why,
                                origin,
                                { kind: "address", label: `on premises ${target}`, address: target },
                                { ...shape, port },
                            ),
                        );
                }
            }
        });
    }
    return specs;
}

function spec(
    category: FlowSpec["category"],
    reason: string,
    origin: Origin,
    target: Target,
    shape: { transport: Transport; app?: AppProtocol; port: number },
): FlowSpec {
    return {
        category,
        reason,
        required: true,
        origin,
        target,
        transport: shape.transport,
        port: shape.port,
        ...(shape.app ? { app: shape.app } : {}),
        networkOnly: true,
    };
}
