/**
 * The topology diagram before layout: its boxes and lines, and the builder the parts of
 * `diagram-graph` and `diagram-services` add them through (accounts and regions made on first use,
 * duplicate lines dropped, every look-up of the inventory indexed once).
 */
import type { Inventory, Item } from "./inventory";
import { NetworkModel } from "./network-model";

/** What a box stands for: picks its colours. */
export type Kind =
    | "account"
    | "region"
    | "vpc"
    | "subnet"
    | "tgw"
    | "tgw-rt"
    | "firewall"
    | "firewall-endpoint"
    | "gateway"
    | "resolver"
    | "endpoint"
    | "gwlb"
    | "workload";

/** A box of the diagram before layout. */
export interface DiagramNode {
    readonly id: string;
    readonly kind: Kind;
    /** A sub-kind for colours (VPC role, subnet tier). */
    readonly variant?: string;
    /** First line is the title. */
    readonly lines: readonly string[];
    readonly children: DiagramNode[];
}

/** A line of the diagram before layout. */
export interface DiagramEdge {
    readonly id: string;
    readonly source: string;
    readonly target: string;
    readonly label?: string;
    readonly dashed?: boolean;
    /** Only guides the layout (stacks the tiers of one AZ); not drawn. */
    readonly invisible?: boolean;
    /** Laid out from target to source (a return route, a propagation), drawn with the arrow at the target. */
    readonly reversed?: boolean;
}

/** The diagram before layout. */
export interface DiagramGraph {
    readonly title: string;
    readonly nodes: DiagramNode[];
    readonly edges: DiagramEdge[];
}

/** The stacks' placement, as the plan knows it. */
export interface DiagramStack {
    readonly name: string;
    readonly role?: string;
    readonly accountId: string;
    readonly region: string;
}

/** Appends `value` to the list of `key`. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
}

/** The items by key, in their order. */
export function groupBy<K, V>(items: readonly V[], key: (item: V) => K): Map<K, V[]> {
    const groups = new Map<K, V[]>();
    for (const item of items) push(groups, key(item), item);
    return groups;
}

/** The AZ's letter (`eu-west-1a` → `a`). */
export const azSuffix = (az: string) => az.replace(/^[a-z]+-[a-z]+-\d+/, "") || az;

/** An ID short enough for a box. */
export function shortId(id: string | undefined): string | undefined {
    return id && id.length > 24 ? `${id.slice(0, 21)}...` : id;
}

/** The boxes and lines of a diagram as they are added. */
export class GraphBuilder {
    readonly net: NetworkModel;
    /** The top-level boxes: accounts, in the order of first use. */
    readonly nodes: DiagramNode[] = [];
    readonly edges: DiagramEdge[] = [];
    /** Every box below an account's. */
    readonly nodeIds = new Set<string>();
    /** The box of each VPC by URN. */
    readonly vpcNodes = new Map<string, DiagramNode>();
    private readonly edgeKeys = new Set<string>();
    private readonly stacksOfAccount: Map<string, DiagramStack[]>;
    private readonly accounts = new Map<string, DiagramNode>();
    private readonly regions = new Map<string, DiagramNode>();

    constructor(
        readonly inventory: Inventory,
        readonly stacks: readonly DiagramStack[],
    ) {
        this.net = new NetworkModel(inventory);
        this.stacksOfAccount = groupBy(stacks, (s) => s.accountId);
    }

    /** A line, unless the same one (ends and label) is there already. */
    edge(
        source: string,
        target: string,
        label?: string,
        dashed = false,
        invisible = false,
        reversed = false,
    ): void {
        const key = `${source}>${target}>${label ?? ""}`;
        if (this.edgeKeys.has(key) || source === target) return;
        this.edgeKeys.add(key);
        this.edges.push({
            id: `e${this.edges.length}`,
            source,
            target,
            ...(label ? { label } : {}),
            ...(dashed ? { dashed } : {}),
            ...(invisible ? { invisible } : {}),
            ...(reversed ? { reversed } : {}),
        });
    }

    /** Adds `node` inside `parent`. */
    add(parent: DiagramNode, node: DiagramNode): DiagramNode {
        parent.children.push(node);
        this.nodeIds.add(node.id);
        return node;
    }

    /** The box of a region of an account, made with the account's box on first use (stack order). */
    regionOf(accountId: string, region: string): DiagramNode {
        let account = this.accounts.get(accountId);
        if (!account) {
            const mine = this.stacksOfAccount.get(accountId) ?? [];
            const roles = [
                ...new Set(mine.map((s) => s.role).filter((r): r is string => r !== undefined && r !== "")),
            ];
            account = {
                id: `account:${accountId}`,
                kind: "account",
                lines: [
                    `${roles.length ? `${roles.join(" + ")} ` : ""}account ${accountId}`,
                    mine.map((s) => s.name).join(", "),
                ],
                children: [],
            };
            this.accounts.set(accountId, account);
            this.nodes.push(account);
        }
        const key = `${accountId}/${region}`;
        let node = this.regions.get(key);
        if (!node) {
            node = { id: `region:${key}`, kind: "region", lines: [region], children: [] };
            this.regions.set(key, node);
            account.children.push(node);
        }
        return node;
    }

    /** The box of a VPC. */
    vpcNodeOf(item: Item | undefined): DiagramNode | undefined {
        return item ? this.vpcNodes.get(item.urn) : undefined;
    }

    /** The diagram: the lines between boxes that exist. */
    graph(title: string): DiagramGraph {
        const edges = this.edges.filter((e) => this.nodeIds.has(e.source) && this.nodeIds.has(e.target));
        return { title, nodes: this.nodes, edges };
    }
}
