/**
 * What `new-env` writes: the environment file and the hub stack files of a new environment, as YAML
 * with comments that say what each part is for. Pure: the command line's values in, text out.
 */
import { Document, isMap, isSeq, Scalar, type YAMLMap } from "yaml";
import { cidrsOverlap, subdivide } from "../../components/network/subnet-plan";

/** The values of a new environment, as the command line gives them (checked by the schema later). */
export interface NewEnvironment {
    readonly name: string;
    readonly profile: "development" | "production";
    readonly networkAccount: string;
    readonly securityAccount: string;
    readonly spokeAccounts: readonly string[];
    readonly organizationArn: string;
    readonly shareWith: "organization" | "accounts";
    readonly region: string;
    readonly drRegion?: string;
    readonly availabilityZones: number;
    readonly asn: number;
    readonly drAsn?: number;
    readonly supernet: string;
    readonly spokePool: string;
    readonly corporateDomain: string;
    readonly onPremises: {
        readonly cidrs: readonly string[];
        readonly dnsServers: readonly string[];
        readonly domains: readonly string[];
        readonly vpn?: { readonly customerGatewayIp: string; readonly bgpAsn: number };
    };
}

/** The hub ranges of each region: the first /24s of the supernet outside the spoke pool. */
export function hubRanges(
    supernet: string,
    spokePool: string,
    regions: number,
): { inspection: string; sharedServices: string; security: string }[] | undefined {
    let free: string[];
    try {
        free = subdivide(supernet, 24)
            .filter((block) => !cidrsOverlap(block, spokePool))
            .slice(0, 3 * regions);
    } catch {
        return undefined; // a malformed or too small supernet or pool is reported by the schema
    }
    if (free.length < 3 * regions) return undefined;
    return Array.from({ length: regions }, (_, i) => ({
        inspection: free[3 * i],
        sharedServices: free[3 * i + 1],
        security: free[3 * i + 2],
    }));
}

/** The default spoke pool: the upper half of the supernet (the lower half holds the hub VPCs). */
export function defaultSpokePool(supernet: string): string | undefined {
    const prefix = Number(supernet.split("/")[1]);
    try {
        return subdivide(supernet, prefix + 1)[1];
    } catch {
        return undefined;
    }
}

/**
 * The firewall rule groups a new environment starts with: legacy protocols dropped, DNS to and from
 * on premises (when there is one), east-west HTTPS between spokes. Rules name the environment's ranges
 * through the variables the stacks derive from the file ($SPOKES, $SHARED_SERVICES, $ON_PREM, ...),
 * and every group declares its capacity (AWS fixes it at creation).
 */
function firewallRulesOf(env: NewEnvironment): Record<string, unknown> {
    const dns = (source: string, destination: string) => [
        {
            action: "pass",
            protocol: "DNS",
            source,
            sourcePort: "ANY",
            destination,
            destinationPort: "53",
            direction: "FORWARD",
        },
    ];
    return {
        ruleGroups: [
            {
                name: "drop-legacy-protocols",
                kind: "stateless",
                capacity: 100,
                description: "Drop telnet and TFTP before they reach the stateful engine.",
                rules: [
                    { priority: 10, action: "drop", protocols: ["tcp"], destinationPorts: ["23"] },
                    { priority: 20, action: "drop", protocols: ["udp"], destinationPorts: ["69"] },
                ],
            },
            ...(env.onPremises.cidrs.length > 0 && env.onPremises.dnsServers.length > 0
                ? [
                      {
                          name: "allow-dns-to-on-prem",
                          kind: "stateful",
                          capacity: 100,
                          description:
                              "The outbound Resolver endpoints (shared services) may query the on-premises DNS servers.",
                          rules: dns("$SHARED_SERVICES", "$ON_PREM_DNS"),
                      },
                      {
                          name: "allow-dns-from-on-prem",
                          kind: "stateful",
                          capacity: 100,
                          description:
                              "On premises may query the inbound Resolver endpoints of every region.",
                          rules: dns("$ON_PREM", "$INBOUND_RESOLVERS"),
                      },
                  ]
                : []),
            {
                name: "allow-east-west-https",
                kind: "stateful",
                capacity: 100,
                description: "Workloads may call each other over HTTPS across spokes.",
                rules: [
                    {
                        action: "pass",
                        protocol: "TLS",
                        source: "$SPOKES",
                        sourcePort: "ANY",
                        destination: "$SPOKES",
                        destinationPort: "443",
                        direction: "FORWARD",
                    },
                ],
            },
        ],
    };
}

/** The appliance fleet a new environment starts with, per profile. */
function appliancesOf(env: NewEnvironment): Record<string, unknown> {
    return env.profile === "production"
        ? {
              instanceType: "c6in.large",
              minSize: env.availabilityZones,
              desiredCapacity: env.availabilityZones,
              maxSize: 2 * env.availabilityZones,
              crossZone: true,
              deregistrationDelaySeconds: 300,
              healthCheck: { protocol: "http", port: 8080, path: "/healthz" },
          }
        : {
              instanceType: "t3.small",
              minSize: 1,
              desiredCapacity: 1,
              maxSize: 2,
              crossZone: true,
              deregistrationDelaySeconds: 30,
              healthCheck: { protocol: "tcp", port: 8080 },
          };
}

/** The environment file's data (before rendering), in the order the shipped files use. */
export function environmentData(env: NewEnvironment): Record<string, unknown> {
    const ranges = hubRanges(env.supernet, env.spokePool, env.drRegion ? 2 : 1) ?? [];
    const region = (name: string, asn: number, index: number) => ({
        name,
        availabilityZones: env.availabilityZones,
        transitGatewayAsn: asn,
        ...(env.profile === "production" ? { transitGatewayFlowLogs: true } : {}),
        cidrs: ranges[index] ?? {},
    });
    return {
        name: env.name,
        profile: env.profile,
        accounts: {
            network: env.networkAccount,
            security: env.securityAccount,
            // Each spoke account deploys with arn:aws:iam::<id>:role/<deployerRoleName>.
            deployerRoleName: "hub-network-deployer",
            spokes: env.spokeAccounts.map((id) => ({ id })),
        },
        organization: { arn: env.organizationArn },
        shareWith: env.shareWith,
        regions: {
            primary: region(env.region, env.asn, 0),
            ...(env.drRegion ? { dr: region(env.drRegion, env.drAsn ?? env.asn + 1, 1) } : {}),
        },
        addressing: { supernet: env.supernet, spokePool: env.spokePool },
        onPremises: {
            cidrs: [...env.onPremises.cidrs],
            dnsServers: [...env.onPremises.dnsServers],
            domains: [...env.onPremises.domains],
            ...(env.onPremises.vpn ? { vpn: { ...env.onPremises.vpn } } : {}),
        },
        dns: { corporateDomain: env.corporateDomain, queryLogging: env.profile === "production" },
        egress: { natGateways: "per-az" },
        logging: { retentionDays: env.profile === "production" ? 365 : 30 },
        firewall: {
            logging: { alert: "cloudwatch", flow: env.profile === "production" ? "s3" : "cloudwatch" },
        },
        appliances: appliancesOf(env),
        tags: {},
    };
}

/** Comments before top-level keys of the environment file. */
const ENVIRONMENT_COMMENTS: Record<string, string> = {
    profile:
        " development: cheapest safe settings. production: every protection on (deletion protection,\n" +
        " firewall delete/subnet/policy-change protection) and at least 2 AZs.",
    organization: " The AWS Organization every account of the environment belongs to.",
    shareWith:
        ' Who the Transit Gateway and the resolver rules are shared with by AWS RAM: "organization"\n' +
        ' (the whole organization) or "accounts" (only the spoke accounts above).',
    regions:
        " The hub of each region; the hub ranges are the first /24s of the supernet outside the spoke pool.",
    addressing:
        " Every VPC of the environment lives in the supernet; spoke VPC CIDRs come from the spoke pool\n" +
        " (npm run new-spoke picks the next free range).",
    onPremises: " What the hub forwards to on premises (ranges, DNS servers, domains) and the optional VPN.",
    firewall:
        " The firewall's logging and protection; its rule groups and variables are in\n" +
        " stacks/firewall/<env>.yaml, which the security team owns (.github/CODEOWNERS).",
    appliances: " GWLB appliance fleet of the security stacks (docs/appliances.md).",
};

/** Renders the environment file. */
export function renderEnvironment(env: NewEnvironment): string {
    const doc = new Document(environmentData(env));
    doc.commentBefore =
        ` Environment facts shared by every stack of \`${env.name}\` (network, security, spokes).\n` +
        " Written by npm run new-env; validated by stacks/schema/environment.ts before any resource is\n" +
        " declared; see docs/configuration.md.";
    const root = doc.contents;
    if (isMap(root)) {
        for (const pair of (root as YAMLMap).items) {
            const key = pair.key instanceof Scalar ? String(pair.key.value) : "";
            if (ENVIRONMENT_COMMENTS[key] && pair.key instanceof Scalar) {
                pair.key.commentBefore = ENVIRONMENT_COMMENTS[key];
            }
        }
        quoteAccounts(doc);
        for (const path of [
            ["onPremises", "cidrs"],
            ["onPremises", "dnsServers"],
            ["onPremises", "domains"],
        ]) {
            const node = doc.getIn(path, true);
            if (isSeq(node)) node.flow = true;
        }
    }
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Renders the firewall rules file (`stacks/firewall/<env>.yaml`). */
export function renderFirewallRules(env: NewEnvironment): string {
    const doc = new Document(firewallRulesOf(env));
    doc.commentBefore =
        ` Firewall rules of \`${env.name}\`: the rule groups and rule variables of the environment's AWS\n` +
        ` Network Firewall, owned by the security team (.github/CODEOWNERS). Read with\n` +
        ` stacks/environments/${env.name}.yaml and validated with it before any resource is declared.\n` +
        " Deny by default (STRICT_ORDER): only what a rule group passes leaves a spoke. Add a domain-list\n" +
        " group for web egress, naming exact service domains (docs/configuration.md).";
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Account IDs are strings of 12 digits: quoted, or YAML would read them as numbers. */
function quoteAccounts(doc: Document): void {
    for (const path of [
        ["accounts", "network"],
        ["accounts", "security"],
    ]) {
        const node = doc.getIn(path, true);
        if (node instanceof Scalar) node.type = Scalar.QUOTE_DOUBLE;
    }
    const spokes = doc.getIn(["accounts", "spokes"], true);
    if (isSeq(spokes)) {
        for (const item of spokes.items) {
            if (!isMap(item)) continue;
            const id = item.get("id", true);
            if (id instanceof Scalar) id.type = Scalar.QUOTE_DOUBLE;
        }
    }
}

/** A hub stack of the new environment: its name and the text of its stack file. */
export interface HubStackFile {
    readonly stack: string;
    readonly text: string;
}

/** The hub stack files: network and security, in the primary region and, with DR, in the DR region. */
export function renderHubStacks(env: NewEnvironment): HubStackFile[] {
    const regions: ["primary" | "dr", string][] = [
        ["primary", env.region],
        ...(env.drRegion ? [["dr", env.drRegion] as ["dr", string]] : []),
    ];
    return regions.flatMap(([key, region]) =>
        (["network", "security"] as const).map((role) => {
            const stack = `${role}-${env.name}${key === "dr" ? "-dr" : ""}`;
            const account = role === "network" ? env.networkAccount : env.securityAccount;
            const doc = new Document({
                config: {
                    "aws:region": region,
                    "aws:allowedAccountIds": [account],
                    "hub-network:role": role,
                    "hub-network:environment": env.name,
                    "hub-network:region": key,
                },
            });
            doc.commentBefore =
                role === "network"
                    ? ` The hub of \`${env.name}\` in its ${key} region: Transit Gateway, inspection VPC with Network\n Firewall, DNS hub. Written by npm run new-env.`
                    : ` The GWLB appliance fleet of \`${env.name}\` in its ${key} region. Settings: the \`appliances\`\n section of stacks/environments/${env.name}.yaml. Written by npm run new-env.`;
            const allowed = doc.getIn(["config", "aws:allowedAccountIds"], true);
            if (isSeq(allowed)) {
                allowed.flow = true;
                for (const item of allowed.items) if (item instanceof Scalar) item.type = Scalar.QUOTE_DOUBLE;
            }
            const config = doc.get("config", true);
            if (isMap(config)) {
                const key0 = config.items.find(
                    (p) => p.key instanceof Scalar && p.key.value === "aws:allowedAccountIds",
                )?.key;
                if (key0 instanceof Scalar) {
                    key0.commentBefore = ` Pulumi's AWS provider refuses any other account; the stack checks that it is the\n ${role} account of stacks/environments/${env.name}.yaml.`;
                }
            }
            return { stack, text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }) };
        }),
    );
}
