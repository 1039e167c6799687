/**
 * Pure address plan of the shared-services VPC (no Pulumi imports): its subnet tiers and the fixed
 * addresses of the Route 53 Resolver inbound endpoint, which on-premises conditional forwarders point
 * at and which must therefore survive a replacement of the endpoint.
 */
import { ipInCidr, planSubnets, type SubnetPlan } from "./subnet-plan";

/** The subnet tiers of the shared-services VPC, each a /28 per AZ. */
export const SHARED_SERVICES_TIERS = [
    { name: "tgw", prefixLength: 28 },
    { name: "resolver", prefixLength: 28 },
] as const;

/** Offset of the inbound endpoint's address in each `resolver` subnet: the first address AWS leaves free. */
export const INBOUND_IP_OFFSET = 4;

/** Route 53 Resolver endpoints need addresses in at least this many AZs. */
export const MIN_RESOLVER_AZS = 2;

/** The subnet plan of a shared-services VPC with `cidr` over `availabilityZones` (names or keys, in order). */
export function planSharedServices(cidr: string, availabilityZones: readonly string[]): SubnetPlan {
    return planSubnets({ vpcCidr: cidr, availabilityZones, tiers: SHARED_SERVICES_TIERS });
}

/** The default inbound endpoint address of every AZ of `plan`: {@link INBOUND_IP_OFFSET} in its resolver subnet. */
export function defaultInboundIps(plan: SubnetPlan): string[] {
    return plan
        .tier("resolver")
        .map((s) => plan.hostAddress("resolver", s.availabilityZone, INBOUND_IP_OFFSET));
}

/**
 * Why `ip` cannot be the inbound address of the resolver subnet `subnetCidr`, or undefined when it can:
 * it must lie inside the subnet and not be one of the 5 addresses AWS reserves.
 */
export function inboundIpProblem(ip: string, subnetCidr: string): string | undefined {
    if (!ipInCidr(ip, subnetCidr)) return `is outside the resolver subnet ${subnetCidr} of its AZ`;
    const [network, prefix] = subnetCidr.split("/");
    const base = network.split(".").map(Number);
    const last = ip.split(".").map(Number);
    const offset =
        (last[0] - base[0]) * 16777216 +
        (last[1] - base[1]) * 65536 +
        (last[2] - base[2]) * 256 +
        last[3] -
        base[3];
    const size = 2 ** (32 - Number(prefix));
    if (offset < 4 || offset === size - 1) {
        return `is reserved by AWS in the resolver subnet ${subnetCidr} (first 4 and last address)`;
    }
    return undefined;
}
