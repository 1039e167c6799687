/**
 * The first pass of the diagram's layout: the graph split into its top-level boxes (accounts), each
 * with the lines inside it and a port on its border for each box inside that a line from another
 * account reaches (lines alike through one box share a port); each account as an ELK graph named
 * canonically, so that accounts of the same shape and sizes give the same graph and are laid out once;
 * and each laid-out account read back relative to its box.
 */
import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import type { DiagramEdge, DiagramGraph, DiagramNode } from "./diagram-model";
import { boxSize, LINE_HEIGHT, textWidth } from "./diagram-svg";

/** The label of a line as ELK takes it, sized for the diagram's font. */
export const edgeLabels = (label: string | undefined): { labels?: ElkLabel[] } =>
    label ? { labels: [{ text: label, width: textWidth(label) * 0.92 + 6, height: LINE_HEIGHT }] } : {};

/** ELK's options for both passes. */
export const ELK_OPTIONS = {
    "elk.algorithm": "layered",
    "elk.direction": "DOWN",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.spacing.nodeNode": "28",
    "elk.spacing.edgeNode": "14",
    "elk.spacing.edgeEdge": "10",
    "elk.spacing.edgeLabel": "4",
    "elk.layered.spacing.nodeNodeBetweenLayers": "40",
    "elk.layered.spacing.edgeNodeBetweenLayers": "16",
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
    "elk.edgeLabels.inline": "false",
};

/** An account's own layout: its box is the only child of a frame without padding. */
const ACCOUNT_PASS = {
    ...ELK_OPTIONS,
    "elk.hierarchyHandling": "INCLUDE_CHILDREN",
    "elk.padding": "[top=0,left=0,bottom=0,right=0]",
};

/** Where a line from another account meets an account: at one box inside, leaving or entering. */
export interface Port {
    /** The box inside the account. */
    readonly node: string;
    readonly leaving: boolean;
    /** The lines through the port. */
    readonly crossings: Crossing[];
    /** The label drawn on the piece inside, when the lines through the port are labelled there. */
    label?: string;
}

/** A top-level box (an account) with the lines inside it and its ports. */
export interface Part {
    readonly node: DiagramNode;
    readonly edges: DiagramEdge[];
    readonly ports: Port[];
    /** Port index by node, direction and line style: lines alike through one box share a port. */
    readonly portIndex: Map<string, number>;
}

/** A line between two accounts: by the port of the one it leaves to the port of the one it enters. */
export interface Crossing {
    readonly edge: DiagramEdge;
    readonly from: number;
    readonly fromPort: number;
    readonly to: number;
    readonly toPort: number;
    /** Which piece carries the label: inside the account it leaves or enters, or between the two. */
    labelOn?: "from" | "to" | "between";
}

/** An account's ELK graph, its node and edge names canonical (the same for accounts alike). */
export interface AccountInput {
    readonly key: string;
    readonly graph: ElkNode;
    /** The diagram's id of canonical node `n<i>`. */
    readonly nodeIds: string[];
}

/** An account laid out: its box (canonical names) and its lines' points relative to the box. */
export interface AccountLayout {
    readonly box: ElkNode;
    /** Polyline and labels of canonical edge `e<i>` (inside) or `q<i>` (to port i). */
    readonly edges: Map<string, { points: ElkPoint[]; labels: ElkLabel[] }>;
}

/** The ends of a line in the direction of the layout (a reversed line runs from target to source). */
export const ends = (edge: DiagramEdge) =>
    edge.reversed ? { from: edge.target, to: edge.source } : { from: edge.source, to: edge.target };

/** Splits the graph into its top-level boxes and the lines between them. */
export function split(graph: DiagramGraph): { parts: Part[]; crossings: Crossing[] } {
    const partOf = new Map<string, number>();
    const parts: Part[] = graph.nodes.map((node, i) => {
        const visit = (n: DiagramNode) => {
            partOf.set(n.id, i);
            n.children.forEach(visit);
        };
        visit(node);
        return { node, edges: [], ports: [], portIndex: new Map() };
    });
    const portOf = (part: Part, node: string, leaving: boolean, edge: DiagramEdge): number => {
        const key = `${leaving ? "out" : "in"} ${edge.dashed ? "dashed" : "solid"} ${edge.reversed ? "reversed" : ""} ${node}`;
        let index = part.portIndex.get(key);
        if (index === undefined) {
            index = part.ports.length;
            part.ports.push({ node, leaving, crossings: [] });
            part.portIndex.set(key, index);
        }
        return index;
    };
    const crossings: Crossing[] = [];
    for (const edge of graph.edges) {
        const { from, to } = ends(edge);
        const a = partOf.get(from);
        const b = partOf.get(to);
        if (a === undefined || b === undefined) continue;
        if (a === b) {
            parts[a].edges.push(edge);
            continue;
        }
        const crossing: Crossing = {
            edge,
            from: a,
            fromPort: portOf(parts[a], from, true, edge),
            to: b,
            toPort: portOf(parts[b], to, false, edge),
        };
        parts[a].ports[crossing.fromPort].crossings.push(crossing);
        parts[b].ports[crossing.toPort].crossings.push(crossing);
        crossings.push(crossing);
    }
    // A label goes inside an account, on the piece to the port, where that piece is the line's own
    // (the label stays next to its box) or all lines through the port share it (drawn once): such
    // labels are laid out once per account shape, not once per line in the placement of the accounts.
    const only = (port: Port) => port.crossings.length === 1;
    const sharedLabel = new Map<Port, string | undefined>();
    const shared = (port: Port, label: string) => {
        if (!sharedLabel.has(port)) {
            const labels = new Set(port.crossings.map((c) => c.edge.label));
            sharedLabel.set(port, labels.size === 1 ? [...labels][0] : undefined);
        }
        return sharedLabel.get(port) === label;
    };
    for (const crossing of crossings) {
        const label = crossing.edge.label;
        if (!label) continue;
        const fromPort = parts[crossing.from].ports[crossing.fromPort];
        const toPort = parts[crossing.to].ports[crossing.toPort];
        const on = only(toPort)
            ? "to"
            : only(fromPort)
              ? "from"
              : shared(toPort, label)
                ? "to"
                : shared(fromPort, label)
                  ? "from"
                  : "between";
        crossing.labelOn = on;
        if (on === "to") toPort.label = label;
        if (on === "from") fromPort.label = label;
    }
    return { parts, crossings };
}

/** The ELK graph of one account, named canonically so that accounts alike give the same graph. */
export function accountInput(part: Part): AccountInput {
    const nodeIds: string[] = [];
    const canonical = new Map<string, string>();
    const toElk = (node: DiagramNode): ElkNode => {
        const id = `n${nodeIds.length}`;
        nodeIds.push(node.id);
        canonical.set(node.id, id);
        if (node.children.length === 0) return { id, ...boxSize(node.lines) };
        const header = boxSize(node.lines);
        return {
            id,
            layoutOptions: {
                "elk.padding": `[top=${node.lines.length * LINE_HEIGHT + 14},left=14,bottom=14,right=14]`,
                "elk.nodeSize.constraints": "MINIMUM_SIZE",
                "elk.nodeSize.minimum": `(${header.width}, ${header.height})`,
            },
            children: node.children.map(toElk),
        };
    };
    const box = toElk(part.node);
    box.layoutOptions = { ...box.layoutOptions, "elk.portConstraints": "FIXED_SIDE" };
    box.ports = part.ports.map((port, i) => ({
        id: `p${i}`,
        width: 0,
        height: 0,
        layoutOptions: { "elk.port.side": port.leaving ? "SOUTH" : "NORTH" },
    }));
    const edges: ElkExtendedEdge[] = part.edges.map((edge, i) => {
        const { from, to } = ends(edge);
        return {
            id: `e${i}`,
            sources: [canonical.get(from)!],
            targets: [canonical.get(to)!],
            ...edgeLabels(edge.label),
        };
    });
    part.ports.forEach((port, i) => {
        const inside = canonical.get(port.node)!;
        edges.push({
            id: `q${i}`,
            sources: [port.leaving ? inside : `p${i}`],
            targets: [port.leaving ? `p${i}` : inside],
            ...edgeLabels(port.label),
        });
    });
    const graph: ElkNode = { id: "frame", layoutOptions: ACCOUNT_PASS, children: [box], edges };
    return { key: JSON.stringify(graph), graph, nodeIds };
}

/** `p` moved by `by`. */
export const shift = (p: ElkPoint, by: ElkPoint): ElkPoint => ({ x: p.x + by.x, y: p.y + by.y });

/** The points of an edge's sections, shifted by `by`. */
export function polyline(edge: ElkExtendedEdge, by: ElkPoint): ElkPoint[] {
    return (edge.sections ?? []).flatMap((s) =>
        [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => shift(p, by)),
    );
}

/** Labels shifted by `by`. */
export function shiftLabels(labels: readonly ElkLabel[] | undefined, by: ElkPoint): ElkLabel[] {
    return (labels ?? []).map((l) => ({ ...l, x: (l.x ?? 0) + by.x, y: (l.y ?? 0) + by.y }));
}

/** An account's laid-out frame, its points made relative to the account's box. */
export function accountLayout(frame: ElkNode): AccountLayout {
    const box = frame.children![0];
    const origin = new Map<string, ElkPoint>([[frame.id, { x: 0, y: 0 }]]);
    const visit = (node: ElkNode, at: ElkPoint) => {
        for (const child of node.children ?? []) {
            const p = { x: at.x + (child.x ?? 0), y: at.y + (child.y ?? 0) };
            origin.set(child.id, p);
            visit(child, p);
        }
    };
    visit(frame, { x: 0, y: 0 });
    const boxAt = origin.get(box.id)!;
    const edges = new Map<string, { points: ElkPoint[]; labels: ElkLabel[] }>();
    for (const edge of (frame.edges ?? []) as (ElkExtendedEdge & { container?: string })[]) {
        const at = origin.get(edge.container ?? frame.id) ?? { x: 0, y: 0 };
        const by = { x: at.x - boxAt.x, y: at.y - boxAt.y };
        edges.set(edge.id, { points: polyline(edge, by), labels: shiftLabels(edge.labels, by) });
    }
    // ELK rounds the position of a port on the border, not the line's last stretch to it: put that
    // stretch straight on the port, so the pieces of a line between accounts join at a right angle.
    for (const port of box.ports ?? []) {
        const points = edges.get(`q${port.id.slice(1)}`)?.points;
        if (!points || points.length < 2) continue;
        const leaving = port.layoutOptions?.["elk.port.side"] === "SOUTH";
        const [end, next] = leaving
            ? [points[points.length - 1], points[points.length - 2]]
            : [points[0], points[1]];
        end.x = port.x ?? end.x;
        end.y = port.y ?? end.y;
        if (Math.abs(next.x - end.x) < 1) next.x = end.x;
    }
    return { box, edges };
}
