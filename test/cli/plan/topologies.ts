/**
 * Hand-built topologies for the diagram and reachability specs: resources shaped as the mock cloud
 * records them, in update mode (IDs known) unless a resource is given without one.
 */
import type { InventoryStack, RecordedLike } from "../../../cli/plan/inventory";

/** A recorded resource. `refs` become property dependencies (field -> resources). */
export function rec(
    stack: string,
    type: string,
    name: string,
    props: Record<string, unknown>,
    options: { id?: string; refs?: Record<string, RecordedLike[]>; parent?: RecordedLike } = {},
): RecordedLike {
    return {
        urn: `urn:pulumi:${stack}::hub-network::${type}::${name}`,
        type,
        name,
        custom: true,
        ...(options.id ? { id: options.id } : {}),
        inputs: props,
        outputs: options.id ? { ...props, id: options.id } : { ...props },
        ...(options.parent ? { parent: options.parent.urn } : {}),
        propertyDependencies: Object.fromEntries(
            Object.entries(options.refs ?? {}).map(([field, deps]) => [field, deps.map((d) => d.urn)]),
        ),
    };
}

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    rt: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwRt: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    att: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    assoc: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    prop: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    firewall: "aws:networkfirewall/firewall:Firewall",
    vpn: "aws:ec2/vpnConnection:VpnConnection",
};

/** What a hub-and-spoke topology is built from; every switch breaks one thing. */
export interface HubOptions {
    /** AZ letters of the hub and spokes. */
    readonly azs?: readonly string[];
    /** Appliance mode on the inspection attachment (default on). */
    readonly applianceMode?: boolean;
    /** NAT gateways: one per AZ (default) or a single one in the first AZ. */
    readonly natPerAz?: boolean;
    /** The tgw-subnet route of this AZ goes to the firewall endpoint of that AZ instead. */
    readonly crossAzEndpoint?: { readonly from: string; readonly to: string };
    /** The spokes table sends 0.0.0.0/0 here: "inspection" (default), "spoke-b" (bypass), "blackhole". */
    readonly spokesDefault?: "inspection" | "spoke-b" | "blackhole";
    /** Drop the spoke-a workload subnets' default route. */
    readonly missingSpokeRoute?: boolean;
    /** Point the inspection firewall subnets' supernet route back at the firewall endpoint (a loop). */
    readonly loop?: boolean;
    /**
     * A static route for this CIDR in the inspection table to spoke a's attachment (declared in spoke
     * a's stack): spoke a's default route sends the traffic back to the TGW, a loop.
     */
    readonly strayRoute?: string;
    /**
     * A Site-to-Site VPN to on premises (172.16.0.0/16 routed back to the TGW from the firewall
     * subnets): associated with the `spokes` table (designed) or with `inspection` (its replies then
     * skip the firewall), or with a table of its own (`own`) that holds only the region's spoke range
     * 10.72.0.0/14, to the inspection attachment; `onPremisesRoute: false` drops the firewall subnets'
     * on-premises route.
     */
    readonly vpn?: {
        readonly association?: "spokes" | "inspection" | "own";
        readonly onPremisesRoute?: boolean;
    };
    /** The spokes' letters (default a and b): spoke `x` is `spoke-x-dev`, 10.(72 + its index).0.0/20. */
    readonly spokes?: readonly string[];
    /** Record the hub in preview form: no IDs, references through property dependencies only. */
    readonly previewHub?: boolean;
    /** With a preview hub, also give the plan's evaluation of it as deployed (IDs known). */
    readonly deployedHub?: boolean;
}

/** One topology for each way the hub can be broken (and the designed one first). */
export const BROKEN_TOPOLOGIES: readonly HubOptions[] = [
    {},
    { missingSpokeRoute: true },
    { crossAzEndpoint: { from: "b", to: "a" } },
    { applianceMode: false },
    { natPerAz: false },
    { loop: true },
    { spokesDefault: "blackhole" },
    { spokesDefault: "spoke-b" },
    { previewHub: true },
    { previewHub: true, deployedHub: true },
    { vpn: {} },
    { vpn: { association: "inspection" } },
    { vpn: {}, previewHub: true },
    { vpn: {}, previewHub: true, deployedHub: true },
    { azs: ["a", "b", "c"], strayRoute: "10.78.0.0/16", applianceMode: false },
    // A static route with the CIDR spoke b propagates: the static one wins.
    { strayRoute: "10.73.0.0/20" },
];

const REGION = "eu-west-1";
const SUPERNET = "10.64.0.0/12";
const ON_PREMISES = "172.16.0.0/16";

/**
 * A network account with a TGW (spokes and inspection tables) and an inspection VPC (tgw, firewall
 * and public subnets per AZ, a firewall endpoint per AZ, NAT gateways, an internet gateway), and two
 * spoke accounts with a VPC each (workload and tgw subnets per AZ), attached and associated with the
 * spokes table, propagated into the inspection table.
 */
export function hubAndSpokes(options: HubOptions = {}): InventoryStack[] {
    const built = build({ ...options, previewHub: false });
    if (!options.previewHub) return built;
    const preview = build(options);
    return [
        { ...preview[0], ...(options.deployedHub ? { deployed: built[0].resources } : {}) },
        ...built.slice(1),
    ];
}

function build(options: HubOptions): InventoryStack[] {
    const azs = (options.azs ?? ["a", "b"]).map((l) => `${REGION}${l}`);
    const hub = "network-dev";
    const id = (value: string) => (options.previewHub ? undefined : value);
    const r = (
        type: string,
        name: string,
        props: Record<string, unknown>,
        ids: { id?: string; refs?: Record<string, RecordedLike[]> } = {},
    ) =>
        rec(hub, type, name, props, {
            ...(ids.id && !options.previewHub ? { id: ids.id } : {}),
            ...(ids.refs ? { refs: ids.refs } : {}),
        });
    const hubResources: RecordedLike[] = [];
    const push = <R extends RecordedLike>(x: R) => (hubResources.push(x), x);

    const tgw = push(
        r(T.tgw, "hub-tgw", { amazonSideAsn: 64512, tags: { Name: "hub-tgw" } }, { id: "tgw-hub" }),
    );
    const spokesRt = push(
        r(
            T.tgwRt,
            "hub-spokes",
            { transitGatewayId: id("tgw-hub"), tags: { "hub-network:tgw-route-table": "spokes" } },
            { id: "tgw-rtb-spokes", refs: { transitGatewayId: [tgw] } },
        ),
    );
    const inspectionRt = push(
        r(
            T.tgwRt,
            "hub-inspection",
            { transitGatewayId: id("tgw-hub"), tags: { "hub-network:tgw-route-table": "inspection" } },
            { id: "tgw-rtb-inspection", refs: { transitGatewayId: [tgw] } },
        ),
    );
    const vpc = push(
        r(
            T.vpc,
            "inspection-vpc",
            { cidrBlock: "10.64.0.0/24", tags: { Name: "inspection", "hub-network:vpc-role": "inspection" } },
            { id: "vpc-inspection" },
        ),
    );
    const igw = push(
        r(T.igw, "inspection-igw", { vpcId: id("vpc-inspection") }, { id: "igw-1", refs: { vpcId: [vpc] } }),
    );
    const tiers = ["tgw", "firewall", "public"];
    const subnet: Record<string, RecordedLike> = {};
    const table: Record<string, RecordedLike> = {};
    azs.forEach((az, a) => {
        tiers.forEach((tier, t) => {
            const key = `${tier}-${az}`;
            subnet[key] = push(
                r(
                    T.subnet,
                    `inspection-${key}`,
                    {
                        vpcId: id("vpc-inspection"),
                        availabilityZone: az,
                        cidrBlock: `10.64.0.${(t * azs.length + a) * 16}/28`,
                        tags: { "hub-network:subnet-tier": tier },
                    },
                    { id: `subnet-${key}`, refs: { vpcId: [vpc] } },
                ),
            );
            table[key] = push(
                r(
                    T.rt,
                    `inspection-${key}-rt`,
                    { vpcId: id("vpc-inspection") },
                    { id: `rtb-${key}`, refs: { vpcId: [vpc] } },
                ),
            );
            push(
                r(
                    T.rta,
                    `inspection-${key}-assoc`,
                    { subnetId: id(`subnet-${key}`), routeTableId: id(`rtb-${key}`) },
                    { id: `rtbassoc-${key}`, refs: { subnetId: [subnet[key]], routeTableId: [table[key]] } },
                ),
            );
        });
    });
    const firewall = push(
        r(
            T.firewall,
            "inspection-firewall",
            {
                vpcId: id("vpc-inspection"),
                subnetMappings: azs.map((az) => ({ subnetId: id(`subnet-firewall-${az}`) })),
                ...(options.previewHub
                    ? {}
                    : {
                          firewallStatuses: [
                              {
                                  syncStates: [...azs].reverse().map((az) => ({
                                      availabilityZone: az,
                                      attachments: [
                                          { endpointId: `vpce-fw-${az}`, subnetId: `subnet-firewall-${az}` },
                                      ],
                                  })),
                              },
                          ],
                      }),
            },
            {
                id: "arn:aws:network-firewall:eu-west-1:111111111111:firewall/inspection",
                refs: { vpcId: [vpc], subnetMappings: azs.map((az) => subnet[`firewall-${az}`]) },
            },
        ),
    );
    const nats = (options.natPerAz === false ? azs.slice(0, 1) : azs).map((az) =>
        push(
            r(
                T.nat,
                `nat-${az}`,
                { subnetId: id(`subnet-public-${az}`) },
                { id: `nat-${az}`, refs: { subnetId: [subnet[`public-${az}`]] } },
            ),
        ),
    );
    const route = (key: string, destination: string, target: Record<string, unknown>, refs: RecordedLike[]) =>
        push(
            r(
                T.route,
                `inspection-${key}-${destination}`,
                { routeTableId: id(`rtb-${key}`), destinationCidrBlock: destination, ...target },
                {
                    id: `r-${key}-${destination}`,
                    refs: { routeTableId: [table[key]], [Object.keys(target)[0] ?? "vpcEndpointId"]: refs },
                },
            ),
        );
    azs.forEach((az, a) => {
        const endpointAz =
            options.crossAzEndpoint?.from === az.slice(-1) ? `${REGION}${options.crossAzEndpoint.to}` : az;
        route(
            `tgw-${az}`,
            "0.0.0.0/0",
            options.previewHub ? {} : { vpcEndpointId: `vpce-fw-${endpointAz}` },
            [firewall],
        );
        const nat = nats[Math.min(a, nats.length - 1)];
        route(`firewall-${az}`, "0.0.0.0/0", { natGatewayId: id(nat.id ?? "") }, [nat]);
        route(
            `firewall-${az}`,
            SUPERNET,
            options.loop
                ? options.previewHub
                    ? {}
                    : { vpcEndpointId: `vpce-fw-${az}` }
                : { transitGatewayId: id("tgw-hub") },
            [options.loop ? firewall : tgw],
        );
        if (options.vpn && options.vpn.onPremisesRoute !== false) {
            route(`firewall-${az}`, ON_PREMISES, { transitGatewayId: id("tgw-hub") }, [tgw]);
        }
        route(`public-${az}`, "0.0.0.0/0", { gatewayId: id("igw-1") }, [igw]);
        route(`public-${az}`, SUPERNET, options.previewHub ? {} : { vpcEndpointId: `vpce-fw-${az}` }, [
            firewall,
        ]);
    });
    const inspectionAttachment = push(
        r(
            T.att,
            "inspection-attachment",
            {
                vpcId: id("vpc-inspection"),
                transitGatewayId: id("tgw-hub"),
                subnetIds: azs.map((az) => id(`subnet-tgw-${az}`)),
                applianceModeSupport: options.applianceMode === false ? "disable" : "enable",
            },
            {
                id: "tgw-attach-inspection",
                refs: {
                    vpcId: [vpc],
                    transitGatewayId: [tgw],
                    subnetIds: azs.map((az) => subnet[`tgw-${az}`]),
                },
            },
        ),
    );
    push(
        r(
            T.assoc,
            "inspection-association",
            {
                transitGatewayAttachmentId: id("tgw-attach-inspection"),
                transitGatewayRouteTableId: id("tgw-rtb-inspection"),
            },
            {
                id: "a-1",
                refs: {
                    transitGatewayAttachmentId: [inspectionAttachment],
                    transitGatewayRouteTableId: [inspectionRt],
                },
            },
        ),
    );

    if (options.vpn) {
        const vpn = push(
            r(
                T.vpn,
                "on-premises-vpn-connection",
                {
                    transitGatewayId: id("tgw-hub"),
                    customerGatewayId: id("cgw-1"),
                    type: "ipsec.1",
                    ...(options.previewHub ? {} : { transitGatewayAttachmentId: "tgw-attach-vpn" }),
                },
                { id: "vpn-1", refs: { transitGatewayId: [tgw] } },
            ),
        );
        const own =
            options.vpn.association === "own"
                ? push(
                      r(
                          T.tgwRt,
                          "hub-vpn",
                          {
                              transitGatewayId: id("tgw-hub"),
                              tags: { "hub-network:tgw-route-table": "on-premises-vpn" },
                          },
                          { id: "tgw-rtb-vpn", refs: { transitGatewayId: [tgw] } },
                      ),
                  )
                : undefined;
        if (own) {
            push(
                r(
                    T.tgwRoute,
                    "vpn-10.72.0.0/14",
                    {
                        destinationCidrBlock: "10.72.0.0/14",
                        transitGatewayRouteTableId: id("tgw-rtb-vpn"),
                        transitGatewayAttachmentId: id("tgw-attach-inspection"),
                    },
                    {
                        id: "tgw-route-vpn-10.72.0.0/14",
                        refs: {
                            transitGatewayRouteTableId: [own],
                            transitGatewayAttachmentId: [inspectionAttachment],
                        },
                    },
                ),
            );
        }
        const associated = own ?? (options.vpn.association === "inspection" ? inspectionRt : spokesRt);
        // By the attachment's ID (as a deployed stack reads it) with the connection as dependency.
        push(
            r(
                T.assoc,
                "on-premises-vpn-association",
                {
                    transitGatewayAttachmentId: id("tgw-attach-vpn"),
                    transitGatewayRouteTableId: id(associated.id ?? ""),
                },
                {
                    id: "a-vpn",
                    refs: { transitGatewayAttachmentId: [vpn], transitGatewayRouteTableId: [associated] },
                },
            ),
        );
        // By the attachment's ID alone: the connection is found through its transitGatewayAttachmentId.
        push(
            r(
                T.prop,
                "on-premises-vpn-propagation",
                {
                    transitGatewayAttachmentId: id("tgw-attach-vpn"),
                    transitGatewayRouteTableId: id("tgw-rtb-inspection"),
                },
                {
                    id: "p-vpn",
                    refs: {
                        transitGatewayRouteTableId: [inspectionRt],
                        ...(options.previewHub ? { transitGatewayAttachmentId: [vpn] } : {}),
                    },
                },
            ),
        );
    }

    // Spokes: their stacks refer to the hub by the IDs its exports carry.
    const spokes = (options.spokes ?? ["a", "b"]).map((letter, s) => {
        const stack = `spoke-${letter}-dev`;
        const resources: RecordedLike[] = [];
        const add = (x: RecordedLike) => (resources.push(x), x);
        const cidr = `10.${72 + s}.0.0/20`;
        const v = add(
            rec(stack, T.vpc, `${letter}-vpc`, {
                cidrBlock: cidr,
                tags: { "hub-network:vpc-role": "spoke", "hub-network:spoke": `spoke-${letter}` },
            }),
        );
        const attachment = add(
            rec(
                stack,
                T.att,
                `${letter}-attachment`,
                { transitGatewayId: "tgw-hub", subnetIds: [] },
                { refs: { vpcId: [v] } },
            ),
        );
        azs.forEach((az, a) => {
            for (const [t, tier] of ["workload", "tgw"].entries()) {
                const sn = add(
                    rec(
                        stack,
                        T.subnet,
                        `${letter}-${tier}-${az}`,
                        {
                            availabilityZone: az,
                            cidrBlock: `10.${72 + s}.${t * 8 + a}.0/24`,
                            tags: { "hub-network:subnet-tier": tier },
                        },
                        { refs: { vpcId: [v] } },
                    ),
                );
                if (tier === "tgw")
                    (attachment.propertyDependencies as Record<string, string[]>).subnetIds = [
                        ...(attachment.propertyDependencies.subnetIds ?? []),
                        sn.urn,
                    ];
                const rt = add(rec(stack, T.rt, `${letter}-${tier}-${az}-rt`, {}, { refs: { vpcId: [v] } }));
                add(
                    rec(
                        stack,
                        T.rta,
                        `${letter}-${tier}-${az}-assoc`,
                        {},
                        { refs: { subnetId: [sn], routeTableId: [rt] } },
                    ),
                );
                if (!(options.missingSpokeRoute && letter === "a" && tier === "workload")) {
                    add(
                        rec(
                            stack,
                            T.route,
                            `${letter}-${tier}-${az}-default`,
                            { destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-hub" },
                            { refs: { routeTableId: [rt] } },
                        ),
                    );
                }
            }
        });
        add(
            rec(
                stack,
                T.assoc,
                `${letter}-association`,
                { transitGatewayRouteTableId: "tgw-rtb-spokes" },
                { refs: { transitGatewayAttachmentId: [attachment] } },
            ),
        );
        add(
            rec(
                stack,
                T.prop,
                `${letter}-propagation`,
                { transitGatewayRouteTableId: "tgw-rtb-inspection" },
                { refs: { transitGatewayAttachmentId: [attachment] } },
            ),
        );
        return { stack, resources, attachment };
    });

    const spokesDefault = options.spokesDefault ?? "inspection";
    if (spokesDefault !== "spoke-b") {
        for (const destination of ["0.0.0.0/0", SUPERNET]) {
            const target: Record<string, unknown> =
                spokesDefault === "blackhole"
                    ? { blackhole: true }
                    : { transitGatewayAttachmentId: id("tgw-attach-inspection") };
            push(
                r(
                    T.tgwRoute,
                    `spokes-${destination}`,
                    {
                        destinationCidrBlock: destination,
                        transitGatewayRouteTableId: id("tgw-rtb-spokes"),
                        ...target,
                    },
                    {
                        id: `tgw-route-${destination}`,
                        refs: {
                            transitGatewayRouteTableId: [spokesRt],
                            ...(spokesDefault === "inspection"
                                ? { transitGatewayAttachmentId: [inspectionAttachment] }
                                : {}),
                        },
                    },
                ),
            );
        }
    }
    const stacks: InventoryStack[] = [
        { name: hub, role: "network", accountId: "111111111111", region: REGION, resources: hubResources },
        ...spokes.map((s, i) => ({
            name: s.stack,
            role: "spoke",
            accountId: `33333333333${i}`,
            region: REGION,
            resources: s.resources,
        })),
    ];
    if (options.strayRoute) {
        const a = spokes[0];
        a.resources.push(
            rec(
                a.stack,
                T.tgwRoute,
                `stray-${options.strayRoute}`,
                {
                    destinationCidrBlock: options.strayRoute,
                    transitGatewayRouteTableId: "tgw-rtb-inspection",
                },
                { refs: { transitGatewayAttachmentId: [a.attachment] } },
            ),
        );
    }
    if (spokesDefault === "spoke-b") {
        // The hub's table sends everything to spoke b's attachment: a route declared in spoke b's stack.
        const b = spokes[1];
        for (const destination of ["0.0.0.0/0", SUPERNET]) {
            b.resources.push(
                rec(
                    b.stack,
                    T.tgwRoute,
                    `bypass-${destination}`,
                    { destinationCidrBlock: destination, transitGatewayRouteTableId: "tgw-rtb-spokes" },
                    { refs: { transitGatewayAttachmentId: [b.attachment] } },
                ),
            );
        }
    }
    return stacks;
}
