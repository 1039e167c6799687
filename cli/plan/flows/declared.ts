/**
 * The flows stacks declare (their `requiredFlows` export, components/shared/required-flows.ts) as
 * flows the engine evaluates: senders and destinations are Pulumi logical names of the declaring
 * stack, found in the inventory by stack and name; an AWS service gets the name its clients call
 * (from the service's endpoint conventions), a host name goes out to the internet through the hub.
 */
import type { RequiredFlow } from "../../../components/shared/required-flows";
import { obj, str, tagOf, TYPES, type Inventory, type Item } from "../inventory";
import type { NetworkModel } from "../network-model";
import { INTERNET_ADDRESS } from "../reachability-types";
import { hostIn } from "../route-match";
import type { ServiceAccess } from "./endpoints";
import type { FlowSpec, Origin, Target } from "./engine";
import { SECURITY_GROUP } from "./security-groups";
import type { AppProtocol } from "./types";

/** A stack's declared flows, as exported. */
export interface DeclaredStackFlows {
    readonly stack: string;
    readonly flows: readonly RequiredFlow[];
}

/** A DNS requirement: names under `domain` resolve from the VPC. */
export interface DnsRequirement {
    readonly stack: string;
    readonly label: string;
    readonly vpc: Item;
    readonly domain: string;
    readonly reason: string;
}

/**
 * The name a client calls for a service endpoint (the service's default DNS name in the region):
 * https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html. ECR's registry is
 * `<account>.dkr.ecr.<region>.amazonaws.com`, its API `api.ecr.<region>.amazonaws.com`
 * (https://docs.aws.amazon.com/general/latest/gr/ecr.html); an S3 object is read through
 * `<bucket>.s3.<region>.amazonaws.com`.
 */
export function serviceHost(service: string, region: string, account: string, resource?: string): string {
    if (service === "ecr.api") return `api.ecr.${region}.amazonaws.com`;
    if (service === "ecr.dkr") return `${account}.dkr.ecr.${region}.amazonaws.com`;
    if (service === "s3") {
        const bucket = /^arn:[a-z-]+:s3:::([^/]+)/.exec(resource ?? "")?.[1];
        return bucket ? `${bucket}.s3.${region}.amazonaws.com` : `s3.${region}.amazonaws.com`;
    }
    return `${service}.${region}.amazonaws.com`;
}

/**
 * Buckets AWS itself owns, which a policy limited to the organization's resources does not admit:
 * ECR's layer bucket (AmazonECR/latest/userguide/vpc-endpoints.html), the Amazon Linux 2023
 * repositories (linux/al2023/ug/managing-repos-os-updates.html) and Systems Manager's buckets
 * (systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html).
 */
const AWS_OWNED_BUCKETS = [
    /^prod-[a-z0-9-]+-starport-layer-bucket$/,
    /^al2023-repos-[a-z0-9-]+$/,
    /^amazon-ssm-/,
    /^aws-ssm-/,
    /^amazon-ssm-packages-/,
    /^patch-baseline-snapshot-/,
    /^[a-z0-9-]+-birdwatcher-prod$/,
];

function awsOwned(resource: string): boolean {
    const bucket = /^arn:[a-z-]+:s3:::([^/]+)/.exec(resource)?.[1];
    return bucket !== undefined && AWS_OWNED_BUCKETS.some((p) => p.test(bucket));
}

/** The application protocol a port usually carries (what the firewall's stateful engine detects). */
function appOf(port: number, protocol: string): AppProtocol | undefined {
    if (port === 53) return "dns";
    if (protocol !== "tcp") return undefined;
    return port === 443 ? "tls" : port === 80 || port === 8080 ? "http" : undefined;
}

/** Declared flows as engine flows, and the DNS requirements among them; `missing` lists what was not found. */
export function declaredFlows(
    inventory: Inventory,
    net: NetworkModel,
    declared: readonly DeclaredStackFlows[],
): { specs: FlowSpec[]; dns: DnsRequirement[]; missing: string[] } {
    const specs: FlowSpec[] = [];
    const dns: DnsRequirement[] = [];
    const missing: string[] = [];
    const byName = new Map<string, Item>();
    for (const item of inventory.items) byName.set(`${item.stack}|${item.type}|${item.name}`, item);
    const named = (stack: string, type: string, name: string | undefined) =>
        name === undefined ? undefined : byName.get(`${stack}|${type}|${name}`);

    for (const { stack, flows } of declared) {
        for (const f of flows) {
            const vpc = named(stack, TYPES.vpc, f.source.vpc);
            if (!vpc) {
                missing.push(`${stack}: flow ${f.id}: no VPC named ${f.source.vpc}`);
                continue;
            }
            const d = f.destination;
            if (d.kind === "dns") {
                dns.push({ stack, label: f.source.label, vpc, domain: d.domain, reason: f.reason });
                continue;
            }
            const subnets = net.subnetsOf(vpc).filter((s) => net.tierOf(s) === f.source.tier);
            const group = named(stack, SECURITY_GROUP, f.source.securityGroup);
            if (f.source.securityGroup && !group)
                missing.push(`${stack}: flow ${f.id}: no security group named ${f.source.securityGroup}`);
            const origin: Origin = {
                label: f.source.label,
                stack,
                vpc,
                subnets,
                groups: group ? [group] : [],
            };
            let target: Target;
            if (d.kind === "aws-service") {
                const resources = d.resources ?? [];
                const access: ServiceAccess[] = resources.map((resource) => ({
                    action: d.actions?.[0] ?? "*",
                    resource,
                    ...(awsOwned(resource) ? { awsOwned: true } : {}),
                }));
                target = {
                    kind: "service",
                    service: d.service,
                    host: serviceHost(d.service, vpc.region, vpc.accountId, resources[0]),
                    ...(access.length ? { access } : {}),
                };
            } else if (d.kind === "domain") {
                target = { kind: "address", label: d.name, address: INTERNET_ADDRESS, serverName: d.name };
            } else if (d.kind === "cidr") {
                target = { kind: "address", label: d.label ?? d.cidr, address: hostIn(d.cidr, 10) ?? d.cidr };
            } else {
                const lb = named(stack, TYPES.lb, d.loadBalancer);
                const lbGroup = named(stack, SECURITY_GROUP, d.securityGroup);
                if (!lb) {
                    missing.push(`${stack}: flow ${f.id}: no load balancer named ${d.loadBalancer}`);
                    continue;
                }
                target = {
                    kind: "interfaces",
                    label: `${tagOf(lb, "Name") ?? str(obj(lb.props).name) ?? lb.name}`,
                    subnets: inventory.refs(lb, "subnets", [TYPES.subnet]),
                    groups: lbGroup ? [lbGroup] : inventory.refs(lb, "securityGroups", [SECURITY_GROUP]),
                };
            }
            specs.push({
                category: f.declaredBy === "request" ? "declared" : "workload",
                reason: `${f.reason}${f.reference ? ` [${f.reference}]` : ""}`,
                required: true,
                origin,
                target,
                transport: f.protocol,
                port: f.port,
                ...(appOf(f.port, f.protocol) ? { app: appOf(f.port, f.protocol) } : {}),
            });
        }
    }
    return { specs, dns, missing };
}
