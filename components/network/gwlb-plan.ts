/**
 * Pure facts and computations of the Gateway Load Balancer pieces (no Pulumi imports): the security
 * VPC's subnet tiers, the instance families an appliance may run on and their architecture, the
 * default AMI, and the VPC ingress routes of a spoke's GWLB endpoints.
 */
import { planSubnets, type SubnetPlan } from "./subnet-plan";

/** The GENEVE port between a Gateway Load Balancer and its appliances. */
export const GENEVE_PORT = 6081;

/**
 * The subnet tiers of the security VPC, per AZ: `appliance` (/27: the fleet's instances and the
 * interface endpoints that manage them) and `gwlb` (/28: the load balancer's one interface per AZ).
 */
export const SECURITY_TIERS = [
    { name: "appliance", prefixLength: 27 },
    { name: "gwlb", prefixLength: 28 },
] as const;

/** The subnet plan of a security VPC with `cidr` over `availabilityZones` (names or keys, in order). */
export function planSecurityVpc(cidr: string, availabilityZones: readonly string[]): SubnetPlan {
    return planSubnets({ vpcCidr: cidr, availabilityZones, tiers: SECURITY_TIERS });
}

/** CPU architecture of an instance family, as the Amazon Linux AMI parameters name it. */
export type Architecture = "x86_64" | "arm64";

/**
 * Current-generation EC2 families suited to packet processing (burstable for development, general
 * purpose, compute and network optimized, memory optimized), with their architecture.
 */
export const INSTANCE_FAMILIES: Readonly<Record<string, Architecture>> = {
    t3: "x86_64",
    t3a: "x86_64",
    t4g: "arm64",
    m5: "x86_64",
    m5n: "x86_64",
    m6a: "x86_64",
    m6i: "x86_64",
    m6in: "x86_64",
    m6g: "arm64",
    m7a: "x86_64",
    m7i: "x86_64",
    m7g: "arm64",
    m8g: "arm64",
    c5: "x86_64",
    c5n: "x86_64",
    c6a: "x86_64",
    c6i: "x86_64",
    c6in: "x86_64",
    c6g: "arm64",
    c6gn: "arm64",
    c7a: "x86_64",
    c7i: "x86_64",
    c7g: "arm64",
    c7gn: "arm64",
    c8g: "arm64",
    r6i: "x86_64",
    r6in: "x86_64",
    r6g: "arm64",
    r7i: "x86_64",
    r7g: "arm64",
};

const INSTANCE_TYPE = /^([a-z][a-z0-9-]*)\.(nano|micro|small|medium|large|[1-9][0-9]?xlarge|xlarge|metal)$/;

/**
 * The family of an instance type (`c6in` for `c6in.large`) when the type is well formed and the
 * family is one of {@link INSTANCE_FAMILIES}; otherwise a sentence saying what is wrong.
 */
export function instanceFamily(instanceType: string): { family: string } | { problem: string } {
    const match = INSTANCE_TYPE.exec(instanceType);
    if (!match) {
        return { problem: "is not an EC2 instance type; expected <family>.<size>, e.g. c6in.large" };
    }
    const family = match[1];
    if (!(family in INSTANCE_FAMILIES)) {
        return {
            problem: `has an unknown instance family '${family}'; expected one of ${Object.keys(INSTANCE_FAMILIES).join(", ")}`,
        };
    }
    return { family };
}

/** The architecture of a known instance type; throws for a type {@link instanceFamily} rejects. */
export function architectureOf(instanceType: string): Architecture {
    const result = instanceFamily(instanceType);
    if ("problem" in result) throw new Error(`instance type '${instanceType}' ${result.problem}`);
    return INSTANCE_FAMILIES[result.family];
}

/**
 * The default appliance image: the latest Amazon Linux 2023 for the architecture, as the `resolve:ssm:`
 * reference EC2 launch templates accept (resolved at each launch, so no lookup while planning).
 */
export function defaultApplianceImage(architecture: Architecture): string {
    return `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/** A subnet as the ingress-route computation sees it: its tier, AZ and CIDR. */
export interface RoutedSubnet<C = string> {
    readonly tier: string;
    readonly availabilityZone: string;
    readonly cidr: C;
}

/** One route of the GWLB ingress routing: in `table`'s route table, `destination` -> the endpoint of `endpointAz`. */
export interface IngressRoute<S extends RoutedSubnet<unknown> = RoutedSubnet> {
    /** The subnet whose route table gets the route. */
    readonly table: S;
    /** Destination: another subnet's CIDR. */
    readonly destination: S;
    /** AZ of the GWLB endpoint the route targets: always the AZ of the vpclink subnet of the pair. */
    readonly endpointAz: string;
}

/**
 * The VPC ingress routes that send traffic between the `vpclink` and `workload` subnets through the
 * GWLB endpoints, both directions of a flow through the endpoint of the vpclink subnet's AZ: each
 * AZ's vpclink table sends every workload CIDR to the endpoint of its own AZ, and each AZ's workload
 * table sends each vpclink CIDR to the endpoint of that vpclink subnet's AZ. A request from the VPC
 * link in AZ x to a task in AZ y crosses endpoint x, and so does the reply: a stateful appliance sees
 * both halves of the flow. (Routing each workload table to its own AZ's endpoint instead sends the
 * reply through endpoint y, another load balancer node and possibly another appliance.) AWS's
 * distributed inspection designs likewise route to the endpoint of the AZ that stays fixed for the
 * flow: https://docs.aws.amazon.com/reference-architecture-diagrams/latest/distributed-inspection-gwlb/distributed-inspection-route-tables.html;
 * a route table may target an endpoint in another AZ of the VPC (cross-AZ data is charged).
 * Throws unless each of the three tiers has exactly one subnet in each of the same AZs (each AZ needs
 * an endpoint, and subnets to route from).
 */
export function gwlbIngressRoutes<S extends RoutedSubnet<unknown>>(
    gwlbe: readonly S[],
    vpclink: readonly S[],
    workload: readonly S[],
): IngressRoute<S>[] {
    const tiers = { gwlbe, vpclink, workload };
    for (const [tier, subnets] of Object.entries(tiers)) {
        const azs = subnets.map((s) => s.availabilityZone);
        const repeated = azs.find((az, i) => azs.indexOf(az) !== i);
        if (subnets.length === 0 || repeated !== undefined) {
            throw new Error(
                `GwlbEndpoints: the ${tier} tier has ${subnets.length === 0 ? "no subnets" : `two subnets in ${repeated}`}; expected exactly one ${tier} subnet per AZ`,
            );
        }
    }
    const endpointAzs = gwlbe.map((s) => s.availabilityZone);
    for (const [tier, subnets] of [
        ["vpclink", vpclink],
        ["workload", workload],
    ] as const) {
        const azs = subnets.map((s) => s.availabilityZone);
        if (azs.length !== endpointAzs.length || !azs.every((az) => endpointAzs.includes(az))) {
            throw new Error(
                `GwlbEndpoints: the ${tier} tier covers AZs [${azs.join(", ")}] but the gwlbe tier covers [${endpointAzs.join(", ")}]; expected the gwlbe, vpclink and workload tiers in the same AZs`,
            );
        }
    }
    const routes: IngressRoute<S>[] = [];
    for (const table of vpclink) {
        for (const destination of workload) {
            routes.push({ table, destination, endpointAz: table.availabilityZone });
        }
    }
    for (const table of workload) {
        for (const destination of vpclink) {
            routes.push({ table, destination, endpointAz: destination.availabilityZone });
        }
    }
    return routes;
}
