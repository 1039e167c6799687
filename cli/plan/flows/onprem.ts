/**
 * On premises, over the Site-to-Site VPNs: what each VPN attachment advertises over BGP, which VPN the
 * on-premises routers pick for an address (the most specific advertisement; equal prefixes from two
 * regions whose Transit Gateways are not peered are a tie that sends some traffic to the wrong
 * region), on-premises DNS to every region's inbound Resolver endpoint (a required flow), and every
 * spoke reached from on premises: routed, inspected, and its replies back through the same endpoints.
 *
 * A Transit Gateway advertises to a VPN's BGP peer the routes of the route table the VPN attachment is
 * associated with, propagated and static alike
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html,
 * https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html; routes learned from the peer
 * itself are not sent back to it). Pure.
 */
import { list, obj, str, TYPES, type Inventory, type Item } from "../inventory";
import type { Reachability } from "../reachability";
import { sameEndpoints } from "../reachability-path";
import { contains, hostIn, prefixLength } from "../route-match";
import type { FlowContext } from "./context";
import { branchSteps } from "./engine-route";
import { SECURITY_GROUP } from "./security-groups";
import { EPHEMERAL_PORT, type FlowFinding, type FlowResult, type FlowStep } from "./types";

const PEERING = "aws:ec2transitgateway/peeringAttachment:PeeringAttachment";

/** What one VPN attachment advertises. */
export interface Advertisement {
    readonly vpn: Item;
    readonly tgw: Item;
    readonly prefixes: readonly string[];
}

/** The prefixes each VPN attachment's BGP session advertises. */
export function advertisements(reach: Reachability): Advertisement[] {
    const net = reach.net;
    const out: Advertisement[] = [];
    for (const vpn of net.vpnConnections()) {
        const tgw = net.tgwOf(vpn);
        const table = net.associationOf(vpn);
        if (!tgw) continue;
        const prefixes = table
            ? [
                  ...new Set(
                      net
                          .tgwRoutes(table)
                          .filter((r) => r.attachment && r.attachment !== vpn)
                          .map((r) => r.destination),
                  ),
              ]
            : [];
        out.push({ vpn, tgw, prefixes });
    }
    return out;
}

function peered(inventory: Inventory, a: Item, b: Item): boolean {
    return inventory.ofType(PEERING).some((p) => {
        const ends = [
            ...inventory.refs(p, "transitGatewayId", [TYPES.tgw]),
            ...inventory.refs(p, "peerTransitGatewayId", [TYPES.tgw]),
        ];
        return ends.includes(a) && ends.includes(b);
    });
}

/** The VPNs an on-premises router sends `address` to: the most specific advertisement (ties: all). */
function chosen(ads: readonly Advertisement[], address: string): { ads: Advertisement[]; prefix?: string } {
    let best = -1;
    let winners: Advertisement[] = [];
    let prefix: string | undefined;
    for (const ad of ads) {
        for (const p of ad.prefixes) {
            if (!contains(p, address)) continue;
            const len = prefixLength(p);
            if (len > best) {
                best = len;
                winners = [ad];
                prefix = p;
            } else if (len === best && !winners.includes(ad)) winners.push(ad);
        }
    }
    return { ads: winners, ...(prefix ? { prefix } : {}) };
}

function flowResult(
    stack: string,
    category: "on-premises" | "dns",
    source: string,
    destination: string,
    protocol: string,
    port: number | undefined,
    reason: string,
    steps: FlowStep[],
): FlowResult {
    const rank = { allowed: 0, unknown: 1, dropped: 2 } as const;
    const verdict = steps.reduce<"allowed" | "unknown" | "dropped">(
        (w, s) => (rank[s.verdict] > rank[w] ? s.verdict : w),
        "allowed",
    );
    const decidedBy =
        verdict === "allowed"
            ? steps
                  .filter((s) => s.kind !== "nacl")
                  .map((s) => s.text)
                  .join("; ")
            : (steps.find((s) => s.verdict === verdict)?.text ?? verdict);
    return {
        id: `${stack}:${source}->${destination}:${protocol}/${port ?? "-"}`,
        category,
        stack,
        source,
        destination,
        protocol,
        ...(port !== undefined ? { port } : {}),
        reason,
        required: true,
        verdict,
        decidedBy,
        steps,
    };
}

/** BGP findings, on-premises DNS to the inbound endpoints, and every spoke from on premises. */
export function onPremisesChecks(
    inventory: Inventory,
    reach: Reachability,
    ctx: FlowContext,
    onPremisesCidrs: readonly string[],
): { flows: FlowResult[]; findings: FlowFinding[] } {
    const net = reach.net;
    const ads = advertisements(reach);
    const flows: FlowResult[] = [];
    const findings: FlowFinding[] = [];
    if (ads.length === 0) return { flows, findings };
    for (const ad of ads) {
        if (ad.prefixes.includes("0.0.0.0/0")) {
            findings.push({
                kind: "bgp",
                severity: "error",
                stack: ad.vpn.stack,
                message: `VPN ${ad.vpn.name} (${ad.vpn.region}) advertises 0.0.0.0/0 over BGP (a route of the TGW table it is associated with): on premises would send its internet traffic into AWS; associate the VPN with a table of its own that holds only this region's ranges`,
            });
        }
    }
    for (let i = 0; i < ads.length; i++) {
        for (let j = i + 1; j < ads.length; j++) {
            const [a, b] = [ads[i], ads[j]];
            if (a.tgw === b.tgw || peered(inventory, a.tgw, b.tgw)) continue;
            const same = a.prefixes.filter((p) => b.prefixes.includes(p));
            if (same.length > 0) {
                findings.push({
                    kind: "bgp",
                    severity: "error",
                    stack: a.vpn.stack,
                    message: `VPNs ${a.vpn.name} (${a.vpn.region}) and ${b.vpn.name} (${b.vpn.region}) both advertise ${same.join(", ")} and their Transit Gateways are not peered: on premises sends one region's traffic to the other, which has no route for it`,
                });
            }
        }
    }
    const onPrem = onPremisesCidrs[0]
        ? (hostIn(onPremisesCidrs[0], 10) ?? onPremisesCidrs[0])
        : "172.16.0.10";
    // On-premises DNS servers: the targets of the forwarding rules that are not inbound endpoints.
    const inbound = inventory
        .ofType(TYPES.resolverEndpoint)
        .filter((e) => str(e.props.direction) === "INBOUND");
    const inboundIps = new Set(inbound.flatMap((e) => list(e.props.ipAddresses).map((a) => str(obj(a).ip))));
    const servers = [
        ...new Set(
            inventory
                .ofType(TYPES.resolverRule)
                .flatMap((r) => list(r.props.targetIps).map((t) => str(obj(t).ip)))
                .filter(
                    (ip): ip is string =>
                        ip !== undefined &&
                        !inboundIps.has(ip) &&
                        onPremisesCidrs.some((c) => contains(c, ip)),
                ),
        ),
    ];
    for (const endpoint of inbound) {
        const groups = inventory.refs(endpoint, "securityGroupIds", [SECURITY_GROUP]);
        for (const ip of list(endpoint.props.ipAddresses)
            .map((a) => str(obj(a).ip))
            .filter((i): i is string => i !== undefined)) {
            for (const server of servers) {
                const steps = fromOnPremises(reach, ctx, ads, server, ip, "udp", 53, "dns", false);
                const sg = ctx.groups.decide(
                    "ingress",
                    groups,
                    { address: server, groups: [] },
                    "udp",
                    53,
                    `on-premises DNS server ${server}`,
                );
                steps.push({
                    kind: "security-group-ingress",
                    verdict: sg.allowed ? "allowed" : "dropped",
                    text: sg.text,
                });
                flows.push(
                    flowResult(
                        endpoint.stack,
                        "dns",
                        `on-premises DNS server ${server}`,
                        `inbound resolver ${ip} (${endpoint.region})`,
                        "dns/udp",
                        53,
                        "on-premises forwarders send the corporate domain to every region's inbound endpoint",
                        steps,
                    ),
                );
            }
        }
    }
    for (const vpc of net.vpcs().filter((v) => net.roleOf(v) === "spoke")) {
        const host = reach.hostSubnets(vpc)[0];
        const address = host ? hostIn(str(host.props.cidrBlock) ?? "", 10) : undefined;
        if (!address) continue;
        const steps = fromOnPremises(reach, ctx, ads, onPrem, address, "tcp", 443, "tls", true);
        flows.push(
            flowResult(
                vpc.stack,
                "on-premises",
                `on premises ${onPrem}`,
                `${reach.label(vpc)} (${address})`,
                "route",
                undefined,
                "every spoke of every region is reachable from on premises, inspected, replies by the same path",
                steps,
            ),
        );
    }
    return { flows, findings };
}

/**
 * The steps of a packet from on premises: the VPN the routers pick, the trace from it, the firewall
 * (unless `routeOnly`), inspection and the reply's way back through the same endpoints.
 */
function fromOnPremises(
    reach: Reachability,
    ctx: FlowContext,
    ads: readonly Advertisement[],
    source: string,
    destination: string,
    transport: "tcp" | "udp",
    port: number,
    app: "dns" | "tls",
    routeOnly: boolean,
): FlowStep[] {
    const pick = chosen(ads, destination);
    if (pick.ads.length === 0) {
        return [
            {
                kind: "route",
                verdict: "dropped",
                text: `no VPN advertises a route to ${destination}: on premises has no way in`,
            },
        ];
    }
    const tied =
        pick.ads.length > 1
            ? ` (tie: ${pick.ads.map((a) => `${a.vpn.name}@${a.vpn.region}`).join(", ")} advertise it)`
            : "";
    let worst: FlowStep[] | undefined;
    const rank = (s: FlowStep[]) =>
        Math.max(0, ...s.map((x) => (x.verdict === "dropped" ? 2 : x.verdict === "unknown" ? 1 : 0)));
    for (const ad of pick.ads) {
        const packet = {
            source,
            destination,
            transport,
            destinationPort: port,
            sourcePort: EPHEMERAL_PORT,
            app,
        };
        for (const o of reach.tracer.traceFromVpn(ad.vpn, destination, new Map())) {
            const steps: FlowStep[] = [
                {
                    kind: "route",
                    verdict: "allowed",
                    text: `BGP: ${pick.prefix} from ${ad.vpn.name} (${ad.vpn.region})${tied}`,
                },
            ];
            const branch = branchSteps(ctx, o, packet, "on premises");
            steps.push(...(routeOnly ? branch.filter((s) => s.kind !== "firewall") : branch));
            if (routeOnly && o.verdict === "reachable") {
                const inspected = o.context.inspections.length > 0;
                steps.push({
                    kind: "route",
                    verdict: inspected ? "allowed" : "dropped",
                    text: inspected
                        ? `inspected at ${o.context.inspections.map((i) => i.label).join(", ")}`
                        : "not inspected: no firewall endpoint on the way",
                });
                const c = o.context;
                const back = c.arrival ? reach.tracer.trace(c.arrival, source, c.applianceAz) : [];
                const asymmetric = back.find(
                    (b) => b.verdict === "reachable" && !sameEndpoints(c.inspections, b.context.inspections),
                );
                if (asymmetric) {
                    steps.push({
                        kind: "route",
                        verdict: "dropped",
                        text: `asymmetric: in through ${c.inspections.map((i) => i.label).join(", ") || "no inspection"}, replies through ${asymmetric.context.inspections.map((i) => i.label).join(", ") || "no inspection"}`,
                    });
                }
            }
            if (!worst || rank(steps) > rank(worst)) worst = steps;
        }
    }
    return worst ?? [{ kind: "route", verdict: "unknown", text: "no path traced" }];
}
