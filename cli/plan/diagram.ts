/**
 * The topology of an environment as an SVG diagram: accounts, their regions, the VPCs with their
 * subnet tiers per AZ, the Transit Gateway and its route tables, the firewall and its per-AZ
 * endpoints, NAT and internet gateways, GWLB and its endpoints, Resolver endpoints and rules, and each
 * spoke with its workload. Built from the recorded resources of every stack (`diagram-graph`,
 * `diagram-services`, `diagram-model`); laid out by ELK's layered algorithm over compound nodes,
 * account by account and then the accounts together, on a worker thread (`diagram-accounts`,
 * `diagram-layout`, `diagram-elk`), so no coordinate is placed by hand; drawn as SVG with every text
 * escaped (`diagram-svg`).
 */
import type { Inventory } from "./inventory";
import { startElk } from "./diagram-elk";
import { diagramGraph } from "./diagram-graph";
import type { DiagramGraph, DiagramNode, DiagramStack } from "./diagram-model";
import type { AccountLayout } from "./diagram-accounts";
import { layoutDiagram } from "./diagram-layout";
import { renderSvg } from "./diagram-svg";

export { diagramGraph } from "./diagram-graph";
export type { DiagramEdge, DiagramGraph, DiagramNode, DiagramStack, Kind } from "./diagram-model";
export { layoutDiagram } from "./diagram-layout";
export { escapeXml, renderSvg } from "./diagram-svg";

/** The topology diagram of an inventory as SVG text. */
export async function topologySvg(
    inventory: Inventory,
    stacks: readonly DiagramStack[],
    title: string,
): Promise<string> {
    // ELK loads on its thread while this one builds the graph.
    startElk();
    const graph = diagramGraph(inventory, stacks, title);
    return renderSvg(graph, await layoutDiagram(graph));
}

/**
 * Past this many spoke accounts the diagram is paged: one row of a hundred spoke accounts is tens of
 * thousands of pixels wide and nobody can follow a line in it.
 */
export const SPOKES_PER_PAGE = 20;

/** Spoke accounts side by side on a page: the others wrap below. */
export const SPOKES_PER_ROW = 5;

/** One page of the topology: its file name (in the plan's folder) and its SVG. */
export interface DiagramPage {
    readonly file: string;
    readonly svg: string;
}

/** `graph` with only the accounts `keep` (top-level boxes) and the lines between what they hold. */
function subgraph(graph: DiagramGraph, keep: readonly DiagramNode[], title: string): DiagramGraph {
    const inside = new Set<string>();
    const walk = (n: DiagramNode) => {
        inside.add(n.id);
        n.children.forEach(walk);
    };
    keep.forEach(walk);
    return {
        title,
        nodes: graph.nodes.filter((n) => keep.includes(n)),
        edges: graph.edges.filter((e) => inside.has(e.source) && inside.has(e.target)),
    };
}

/**
 * The topology as pages: up to `perPage` spoke accounts, one page (`topology.svg`). Beyond,
 * `topology.svg` draws the hub's accounts with an index of the pages under it, and each page
 * `topology-NN.svg` draws the hub's accounts with `perPage` spoke accounts, in stack order, in rows
 * of {@link SPOKES_PER_ROW}; accounts of the same shape are laid out once for all pages.
 */
export async function topologyPages(
    inventory: Inventory,
    stacks: readonly DiagramStack[],
    title: string,
    perPage = SPOKES_PER_PAGE,
): Promise<DiagramPage[]> {
    startElk();
    const graph = diagramGraph(inventory, stacks, title);
    const hubAccounts = new Set(
        stacks.filter((s) => s.role !== "spoke").map((s) => `account:${s.accountId}`),
    );
    const spokes = graph.nodes.filter((n) => n.kind === "account" && !hubAccounts.has(n.id));
    if (spokes.length <= perPage) {
        return [{ file: "topology.svg", svg: renderSvg(graph, await layoutDiagram(graph)) }];
    }
    const hub = graph.nodes.filter((n) => !spokes.includes(n));
    const stacksOf = new Map<string, string[]>();
    for (const s of stacks) {
        const id = `account:${s.accountId}`;
        stacksOf.set(id, [...(stacksOf.get(id) ?? []), s.name]);
    }
    const groups: DiagramNode[][] = [];
    for (let i = 0; i < spokes.length; i += perPage) groups.push(spokes.slice(i, i + perPage));
    const digits = String(groups.length).length;
    const fileOf = (i: number) => `topology-${String(i + 1).padStart(digits, "0")}.svg`;
    const named = (group: DiagramNode[]) => {
        const first = stacksOf.get(group[0].id)?.[0] ?? group[0].id;
        const last = stacksOf.get(group[group.length - 1].id)?.slice(-1)[0] ?? group[group.length - 1].id;
        return group.length === 1 ? first : `${first} … ${last}`;
    };
    const cache = new Map<string, AccountLayout>();
    const pages: DiagramPage[] = [];
    const hubGraph = subgraph(
        graph,
        hub,
        `${title}: the hub; ${spokes.length} spoke accounts on ${groups.length} pages`,
    );
    const index = groups.map((g, i) => `${fileOf(i)}: ${g.length} spoke account(s), ${named(g)}`);
    pages.push({
        file: "topology.svg",
        svg: renderSvg(hubGraph, await layoutDiagram(hubGraph, cache), [
            "Spoke accounts, page by page:",
            ...index,
        ]),
    });
    for (const [i, group] of groups.entries()) {
        const page = subgraph(
            graph,
            [...hub, ...group],
            `${title}: page ${i + 1} of ${groups.length}, ${named(group)} (index: topology.svg)`,
        );
        const rows = { from: hub.length, perRow: SPOKES_PER_ROW };
        pages.push({ file: fileOf(i), svg: renderSvg(page, await layoutDiagram(page, cache, rows)) });
    }
    return pages;
}
