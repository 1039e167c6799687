/**
 * The layout of the topology diagram by ELK's layered algorithm, in two passes, so that its cost grows
 * linearly with the number of accounts (one layout of everything at once grows much faster): each
 * account's box on its own, once per shape (`diagram-accounts`); then the accounts placed as boxes of
 * those sizes with their ports fixed, and the lines between accounts routed from port to port (lines
 * leave an account through its bottom and enter through its top, the direction of the flow). A line
 * between two accounts is drawn as its three pieces joined: from its box to the port of its account,
 * from port to port, and from the port of the other account to its box. Every coordinate of the
 * result is absolute (edges are given in the root's coordinates).
 */
import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import {
    accountInput,
    accountLayout,
    type AccountLayout,
    edgeLabels,
    ends,
    ELK_OPTIONS,
    polyline,
    shift,
    shiftLabels,
    split,
} from "./diagram-accounts";
import type { DiagramEdge, DiagramGraph } from "./diagram-model";
import { layoutGraphs } from "./diagram-elk";

/**
 * The placement of the accounts, under the diagram's title: hundreds of boxes in one layer for a
 * large environment, so only strategies linear in their number (model-order sorting and network
 * simplex placement grow much faster); the accounts keep their order, stack order.
 */
const PLACEMENT_PASS = {
    ...ELK_OPTIONS,
    "elk.padding": "[top=56,left=20,bottom=20,right=20]",
    "elk.layered.considerModelOrder.strategy": "NONE",
    "elk.layered.crossingMinimization.strategy": "NONE",
    "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
};

/**
 * Accounts wrapped into rows: from the `from`-th account on, `perRow` a row (each account is tied
 * below the one `perRow` before it by a line that only guides the layout), so that a page of spoke
 * accounts is a block rather than one row tens of thousands of pixels wide.
 */
export interface Rows {
    readonly from: number;
    readonly perRow: number;
}

/** `points` without a point equal to the one before it. */
function joined(points: ElkPoint[]): ElkPoint[] {
    return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}

/** An edge of the result: one section through `points`, in the root's coordinates. */
function resultEdge(edge: DiagramEdge, points: ElkPoint[], labels: ElkLabel[]): ElkExtendedEdge {
    const { from, to } = ends(edge);
    const line = joined(points);
    return {
        id: edge.id,
        sources: [from],
        targets: [to],
        container: "root",
        sections:
            line.length >= 2
                ? [
                      {
                          id: `${edge.id}_s0`,
                          startPoint: line[0],
                          endPoint: line[line.length - 1],
                          bendPoints: line.slice(1, -1),
                      },
                  ]
                : [],
        labels,
    };
}

/**
 * Lays the graph out: the root's children are the accounts (their positions absolute, their boxes
 * inside relative to their parents, as ELK gives them); the edges carry absolute points.
 */
export async function layoutDiagram(
    graph: DiagramGraph,
    cache: Map<string, AccountLayout> = new Map(),
    rows?: Rows,
): Promise<ElkNode> {
    const { parts, crossings } = split(graph);

    // First pass: each account shape once (and once for every page that shares `cache`).
    const inputs = parts.map(accountInput);
    const shapes = new Map<string, number>();
    const keys: string[] = [];
    const shapeOf = inputs.map((input) => {
        let shape = shapes.get(input.key);
        if (shape === undefined) {
            shape = keys.length;
            shapes.set(input.key, shape);
            keys.push(input.key);
        }
        return shape;
    });
    const missing = keys.filter((key) => !cache.has(key));
    const graphs = new Map(inputs.map((input) => [input.key, input.graph]));
    const laid = (await layoutGraphs(missing.map((key) => graphs.get(key)!))).map(accountLayout);
    missing.forEach((key, i) => cache.set(key, laid[i]));
    const layouts = keys.map((key) => cache.get(key)!);

    // Second pass: the accounts as boxes with fixed ports, the lines between them.
    const placement = await layoutGraphs([
        {
            id: "root",
            layoutOptions: PLACEMENT_PASS,
            children: parts.map((part, a) => {
                const { box } = layouts[shapeOf[a]];
                const ports = new Map((box.ports ?? []).map((p) => [p.id, p]));
                const wrapped = rows !== undefined && a >= rows.from;
                const middle = (box.width ?? 0) / 2;
                return {
                    id: `a${a}`,
                    width: box.width,
                    height: box.height,
                    layoutOptions: { "elk.portConstraints": "FIXED_POS" },
                    ports: [
                        ...part.ports.map((port, i) => ({
                            id: `a${a}p${i}`,
                            x: ports.get(`p${i}`)?.x ?? 0,
                            y: ports.get(`p${i}`)?.y ?? 0,
                            width: 0,
                            height: 0,
                            layoutOptions: { "elk.port.side": port.leaving ? "SOUTH" : "NORTH" },
                        })),
                        ...(wrapped
                            ? [
                                  {
                                      id: `a${a}top`,
                                      x: middle,
                                      y: 0,
                                      width: 0,
                                      height: 0,
                                      layoutOptions: { "elk.port.side": "NORTH" },
                                  },
                                  {
                                      id: `a${a}bottom`,
                                      x: middle,
                                      y: box.height ?? 0,
                                      width: 0,
                                      height: 0,
                                      layoutOptions: { "elk.port.side": "SOUTH" },
                                  },
                              ]
                            : []),
                    ],
                };
            }),
            edges: [
                ...crossings.map((c, j) => ({
                    id: `x${j}`,
                    sources: [`a${c.from}p${c.fromPort}`],
                    targets: [`a${c.to}p${c.toPort}`],
                    ...edgeLabels(c.labelOn === "between" ? c.edge.label : undefined),
                })),
                ...(rows
                    ? parts.flatMap((_, a) =>
                          a >= rows.from && a + rows.perRow < parts.length
                              ? [
                                    {
                                        id: `w${a}`,
                                        sources: [`a${a}bottom`],
                                        targets: [`a${a + rows.perRow}top`],
                                    },
                                ]
                              : [],
                      )
                    : []),
            ],
        },
    ]);
    const root = placement[0];
    const placed = root.children ?? [];
    const at = (a: number): ElkPoint => ({ x: placed[a]?.x ?? 0, y: placed[a]?.y ?? 0 });

    const edges: ElkExtendedEdge[] = [];
    const children = parts.map((part, a) => {
        const { box, edges: inside } = layouts[shapeOf[a]];
        const { nodeIds } = inputs[a];
        const origin = at(a);
        const named = (node: ElkNode): ElkNode => ({
            id: nodeIds[Number(node.id.slice(1))],
            x: node.x ?? 0,
            y: node.y ?? 0,
            width: node.width ?? 0,
            height: node.height ?? 0,
            ...(node.children?.length ? { children: node.children.map(named) } : {}),
        });
        part.edges.forEach((edge, i) => {
            const laid = inside.get(`e${i}`);
            if (!laid) return;
            edges.push(
                resultEdge(
                    edge,
                    laid.points.map((p) => shift(p, origin)),
                    shiftLabels(laid.labels, origin),
                ),
            );
        });
        return { ...named(box), x: origin.x, y: origin.y };
    });
    const between = new Map(((root.edges ?? []) as ElkExtendedEdge[]).map((e) => [e.id, e]));
    const piece = (a: number, port: number) => {
        const laid = layouts[shapeOf[a]].edges.get(`q${port}`);
        return { points: (laid?.points ?? []).map((p) => shift(p, at(a))), labels: laid?.labels ?? [] };
    };
    // The label of a piece several lines share is drawn with the first of them.
    const labelled = new Set<string>();
    const labelsOf = (a: number, port: number) => {
        if (labelled.has(`${a} ${port}`)) return [];
        labelled.add(`${a} ${port}`);
        return shiftLabels(piece(a, port).labels, at(a));
    };
    const none = { x: 0, y: 0 };
    crossings.forEach((c, j) => {
        const outer = between.get(`x${j}`);
        edges.push(
            resultEdge(
                c.edge,
                [
                    ...piece(c.from, c.fromPort).points,
                    ...(outer ? polyline(outer, none) : []),
                    ...piece(c.to, c.toPort).points,
                ],
                c.labelOn === "from"
                    ? labelsOf(c.from, c.fromPort)
                    : c.labelOn === "to"
                      ? labelsOf(c.to, c.toPort)
                      : outer
                        ? shiftLabels(outer.labels, none)
                        : [],
            ),
        );
    });
    return { id: "root", x: 0, y: 0, width: root.width, height: root.height, children, edges };
}
