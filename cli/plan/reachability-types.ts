/** What the reachability analysis reports: paths, their branches and traces, hop by hop. */
/** What a path ends in. */
export type Verdict = "reachable" | "blackholed" | "looping" | "unknown";

/** One step of a path. */
export interface Hop {
    readonly kind:
        | "subnet"
        | "route"
        | "tgw-attachment"
        | "tgw-route"
        | "firewall-endpoint"
        | "gwlb-endpoint"
        | "nat"
        | "igw"
        | "arrived"
        | "drop";
    readonly text: string;
    readonly az?: string;
}

/** An inspection point: a firewall endpoint (in an AZ) or a GWLB endpoint. */
export interface Inspection {
    readonly id: string;
    readonly label: string;
}

/** One direction of one traced branch. */
export interface Trace {
    readonly verdict: Verdict;
    readonly reason: string;
    readonly hops: readonly Hop[];
    readonly inspections: readonly Inspection[];
}

/** One way a packet can go: AZs chosen on the way, forward and return. */
export interface Branch {
    readonly sourceAz: string;
    readonly destinationAz?: string;
    readonly forward: Trace;
    readonly return?: Trace;
    /** Same inspection endpoints both ways; undefined when not known (endpoint IDs unknown, or no return traced). */
    readonly symmetric?: boolean;
    readonly note?: string;
}

/** A destination kind. */
export type DestinationKind = "internet" | "spoke" | "on-premises" | "shared-services" | "cidr";

/** One question: a spoke to a destination, over every branch. */
export interface PathResult {
    readonly source: string;
    readonly sourceStack: string;
    readonly destination: string;
    readonly destinationKind: DestinationKind;
    readonly address: string;
    /** The worst verdict over the branches. */
    readonly verdict: Verdict;
    /** Every reachable branch crosses a firewall or GWLB endpoint. */
    readonly inspected: boolean;
    /** Every reachable branch returns through the endpoints it went out through; undefined when not known. */
    readonly symmetric?: boolean;
    readonly branches: readonly Branch[];
    /** What makes this path a violation: `uninspected`, `asymmetric`, `looping`. */
    readonly violations: readonly string[];
}

/** Inputs the resources do not carry. */
export interface ReachabilityOptions {
    /** On-premises CIDRs (the environment file's `onPremises.cidrs`). */
    readonly onPremisesCidrs?: readonly string[];
    /** The address that stands for the internet (documentation range by default). */
    readonly internetAddress?: string;
    /**
     * Trace the part of a path after a TGW once per entry subnet, destination and appliance-mode AZs,
     * and join it to every path that reaches it (default). `false` traces every path from its first
     * hop: slower, with the same results.
     */
    readonly shareSuffixes?: boolean;
    /**
     * Past this many paths in `analyzeAll`, a path that is reachable and violates nothing keeps no
     * branches (`branches: []`): reports list hops only for the paths that are not clean once there
     * are many (every spoke to every other is about a million paths at 1,000 spokes), and keeping
     * them would hold gigabytes. Default: every path keeps its branches.
     */
    readonly branchesOfCleanPathsUpTo?: number;
}

/** The address standing for "the internet": TEST-NET-3, never routed privately. */
export const INTERNET_ADDRESS = "203.0.113.10";
