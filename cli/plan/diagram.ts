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
import type { DiagramStack } from "./diagram-model";
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
