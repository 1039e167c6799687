/** What the flow analysis takes and answers: flows, the packets they stand for, and verdicts. */

/** The layer-4 protocol of a flow. */
export type Transport = "tcp" | "udp" | "icmp";

/** The application protocol the firewall's stateful engine detects in a flow, when there is one. */
export type AppProtocol = "tls" | "http" | "dns";

/**
 * The first packet of a flow as the firewall and security groups see it: addresses, protocol, ports,
 * and the names its payload carries (the TLS SNI, the HTTP Host header).
 */
export interface Packet {
    readonly source: string;
    readonly destination: string;
    readonly transport: Transport;
    readonly destinationPort: number;
    /** The client's ephemeral port: a representative one (see {@link EPHEMERAL_PORT}). */
    readonly sourcePort: number;
    readonly app?: AppProtocol;
    /** TLS server name (SNI) or HTTP Host: the name the client asks for. */
    readonly serverName?: string;
}

/**
 * The source port a client picks (Linux's default ephemeral range is 32768-60999, Lambda and Fargate
 * run Linux): one representative port, since rules that single out ephemeral ports are rare. NACL
 * rules for return traffic are checked against the whole range (see nacl.ts).
 */
export const EPHEMERAL_PORT = 49152;

/** How one step of a flow ended. */
export type StepVerdict = "allowed" | "dropped" | "unknown";

/** One step of a flow's evaluation: a security group, a NACL, a route, an endpoint, the firewall. */
export interface FlowStep {
    readonly kind:
        | "security-group-egress"
        | "security-group-ingress"
        | "nacl"
        | "route"
        | "endpoint"
        | "endpoint-policy"
        | "firewall"
        | "dns"
        | "gwlb";
    readonly verdict: StepVerdict;
    readonly text: string;
}

/** A flow's verdict: allowed only when every step allows it. */
export type FlowVerdictKind = "allowed" | "dropped" | "unknown";

/** What a flow is for, used to group flows in the report. */
export type FlowCategory =
    "workload" | "declared" | "dns" | "on-premises" | "east-west" | "internet" | "gwlb";

/** One evaluated flow. */
export interface FlowResult {
    /** Stable identifier: `<stack>:<source>-><destination>:<protocol>/<port>`. */
    readonly id: string;
    readonly category: FlowCategory;
    /** The stack whose resources the flow starts from (or the network stack for hub flows). */
    readonly stack: string;
    /** What sends, in words (`petstore tasks`, `on premises 172.16.0.10`). */
    readonly source: string;
    /** What receives, in words (`ecr.dkr`, `orders ALB`). */
    readonly destination: string;
    readonly protocol: string;
    readonly port?: number;
    /** Why the flow is needed (the table row or rule it comes from). */
    readonly reason: string;
    /** A required flow that is not allowed fails the plan. */
    readonly required: boolean;
    readonly verdict: FlowVerdictKind;
    /** The step that decided: the rule, security-group rule or route that allowed or dropped it. */
    readonly decidedBy: string;
    readonly steps: readonly FlowStep[];
}

/** A finding of the flow analysis that is not one flow's verdict. */
export interface FlowFinding {
    readonly kind:
        "firewall-rule-never-matches" | "dns" | "bgp" | "gwlb-asymmetric" | "waf-rate-key" | "not-modelled";
    /** `error` fails the plan; `warning` is reported. */
    readonly severity: "error" | "warning";
    readonly stack: string;
    readonly message: string;
}
