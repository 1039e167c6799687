/**
 * VPC endpoints as a flow meets them, and their policies.
 *
 * - An interface endpoint with private DNS makes the service's default name resolve, inside its VPC,
 *   to the endpoint's network interfaces (one per subnet); without private DNS the name resolves to
 *   the service's public addresses. https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
 * - A gateway endpoint (S3, DynamoDB) adds a route to the service's prefix list to each route table it
 *   is associated with; a subnet whose table has it reaches the service through the endpoint, any
 *   other subnet through its routes. https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 * - An endpoint policy controls access through the endpoint; without one, the default policy allows
 *   full access. https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
import { obj, str, TYPES, type Inventory, type Item } from "../inventory";
import type { NetworkModel } from "../network-model";
import { SECURITY_GROUP } from "./security-groups";

/** An interface endpoint: its service, subnets, groups and whether its private DNS name is on. */
export interface InterfaceEndpoint {
    readonly item: Item;
    readonly service: string;
    readonly privateDns: boolean;
    readonly subnets: readonly Item[];
    readonly groups: readonly Item[];
}

/** A gateway endpoint: its service and the route tables it is associated with. */
export interface GatewayEndpoint {
    readonly item: Item;
    readonly service: string;
    readonly routeTables: readonly Item[];
}

/** What a flow asks of a service (checked against endpoint policies). */
export interface ServiceAccess {
    readonly action: string;
    readonly resource: string;
    /** The resource's owner is AWS itself (a service-owned bucket), not the organization. */
    readonly awsOwned?: boolean;
}

/** `com.amazonaws.<region>.<service>` -> `<service>`. */
export function serviceOf(serviceName: string | undefined): string | undefined {
    const m = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(serviceName ?? "");
    return m?.[1];
}

/**
 * The names an interface endpoint's private DNS answers for, by service: `<service>.<region>.amazonaws.com`
 * but for ECR's (`api.ecr.<region>...`, `*.dkr.ecr.<region>...`) and S3's (`*.s3.<region>...`).
 */
export function privateDnsNames(service: string, region: string): string[] {
    if (service === "ecr.api") return [`api.ecr.${region}.amazonaws.com`];
    if (service === "ecr.dkr") return [`*.dkr.ecr.${region}.amazonaws.com`];
    if (service === "s3") return [`s3.${region}.amazonaws.com`, `*.s3.${region}.amazonaws.com`];
    return [`${service}.${region}.amazonaws.com`];
}

/** The endpoints of each VPC, read once. */
export class Endpoints {
    private readonly interfaces = new Map<Item, InterfaceEndpoint[]>();
    private readonly gateways = new Map<Item, GatewayEndpoint[]>();

    constructor(
        inventory: Inventory,
        private readonly net: NetworkModel,
    ) {
        for (const e of inventory.ofType(TYPES.vpcEndpoint)) {
            const vpc = net.vpcOf(e);
            const service = serviceOf(str(e.props.serviceName));
            if (!vpc || !service) continue;
            const type = str(e.props.vpcEndpointType) ?? "Gateway";
            if (type === "Interface") {
                const entry: InterfaceEndpoint = {
                    item: e,
                    service,
                    privateDns: e.props.privateDnsEnabled === true,
                    subnets: inventory.refs(e, "subnetIds", [TYPES.subnet]),
                    groups: inventory.refs(e, "securityGroupIds", [SECURITY_GROUP]),
                };
                this.interfaces.set(vpc, [...(this.interfaces.get(vpc) ?? []), entry]);
            } else if (type === "Gateway") {
                const entry: GatewayEndpoint = {
                    item: e,
                    service,
                    routeTables: inventory.refs(e, "routeTableIds", [TYPES.routeTable]),
                };
                this.gateways.set(vpc, [...(this.gateways.get(vpc) ?? []), entry]);
            }
        }
    }

    /** The interface endpoint of `service` in `vpc`. */
    interfaceFor(vpc: Item, service: string): InterfaceEndpoint | undefined {
        return this.interfaces.get(vpc)?.find((e) => e.service === service);
    }

    /**
     * The interface endpoint with private DNS on in `vpc` that answers for `host`: private DNS makes
     * the service's default names resolve to the endpoint for every caller in the VPC, whatever the
     * caller meant to reach (Amazon VPC PrivateLink, "Private DNS names").
     */
    interfaceForHost(vpc: Item, host: string): InterfaceEndpoint | undefined {
        const name = host.toLowerCase();
        return this.interfaces
            .get(vpc)
            ?.find(
                (e) =>
                    e.privateDns &&
                    privateDnsNames(e.service, vpc.region).some((n) =>
                        n.startsWith("*.") ? name.endsWith(n.slice(1)) : name === n,
                    ),
            );
    }

    /** The gateway endpoint of `service` in `vpc` whose route tables include `subnet`'s. */
    gatewayFor(vpc: Item, service: string, subnet: Item): GatewayEndpoint | undefined {
        const table = this.net.routeTableOf(subnet);
        return this.gateways
            .get(vpc)
            ?.find((e) => e.service === service && table !== undefined && e.routeTables.includes(table));
    }

    /** Any gateway endpoint of `service` in `vpc` (for the prefix list a rule names). */
    anyGateway(vpc: Item, service: string): GatewayEndpoint | undefined {
        return this.gateways.get(vpc)?.find((e) => e.service === service);
    }
}

/** `*` and `?` wildcards, as IAM matches actions and resources. */
function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        caseInsensitive ? "i" : "",
    );
    return re.test(value);
}

/** Condition keys about the resource's owner: false for a bucket AWS owns. */
const RESOURCE_OWNER_KEYS = [
    "aws:resourceorgid",
    "aws:resourceaccount",
    "aws:resourceorgpaths",
    "s3:resourceaccount",
];

/**
 * Whether an endpoint policy allows `access`: an explicit deny wins, then an allow; nothing matching
 * denies. Conditions on the resource's owner (`aws:ResourceOrgID`, `aws:ResourceAccount`) do not hold
 * for a resource AWS owns (ECR's layer bucket, the package repositories); other conditions are taken
 * as holding, which the text says. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function endpointPolicyAllows(
    policy: unknown,
    access: ServiceAccess,
): { allowed: boolean; text: string } {
    const text = str(policy);
    if (!text) return { allowed: true, text: "no endpoint policy: full access" };
    let document: Record<string, unknown>;
    try {
        document = obj(JSON.parse(text));
    } catch {
        return { allowed: true, text: "endpoint policy is not readable JSON; not evaluated" };
    }
    const statements = Array.isArray(document.Statement)
        ? document.Statement.map(obj)
        : [obj(document.Statement)];
    const applies = (s: Readonly<Record<string, unknown>>): { match: boolean; assumed: string[] } => {
        const actions = [s.Action]
            .flat()
            .filter((a) => a !== undefined)
            .map(String);
        const resources = [s.Resource]
            .flat()
            .filter((a) => a !== undefined)
            .map(String);
        const actionOk = actions.length === 0 || actions.some((a) => wildcard(a, access.action, true));
        const resourceOk = resources.length === 0 || resources.some((r) => wildcard(r, access.resource));
        if (!actionOk || !resourceOk) return { match: false, assumed: [] };
        const assumed: string[] = [];
        for (const [, byKey] of Object.entries(obj(s.Condition))) {
            for (const key of Object.keys(obj(byKey))) {
                if (RESOURCE_OWNER_KEYS.includes(key.toLowerCase())) {
                    if (access.awsOwned) return { match: false, assumed };
                } else assumed.push(key);
            }
        }
        return { match: true, assumed };
    };
    for (const s of statements.filter((s) => s.Effect === "Deny")) {
        const m = applies(s);
        if (m.match)
            return {
                allowed: false,
                text: `endpoint policy statement ${str(s.Sid) ?? "(no Sid)"} denies ${access.action} on ${access.resource}`,
            };
    }
    for (const s of statements.filter((s) => s.Effect === "Allow")) {
        const m = applies(s);
        if (m.match) {
            return {
                allowed: true,
                text: `endpoint policy statement ${str(s.Sid) ?? "(no Sid)"} allows ${access.action} on ${access.resource}${m.assumed.length ? ` (conditions ${m.assumed.join(", ")} taken as met)` : ""}`,
            };
        }
    }
    return {
        allowed: false,
        text: `no statement of the endpoint policy allows ${access.action} on ${access.resource}${access.awsOwned ? " (a bucket AWS owns, outside the organization)" : ""}`,
    };
}
