/**
 * The topology diagram drawn as SVG from its laid-out boxes and lines: colours by kind, dashed regions
 * and propagations, labelled lines. Every text is escaped.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { DiagramGraph, DiagramNode } from "./diagram-model";

const FONT_SIZE = 12;
/** The height of a line of text in a box. */
export const LINE_HEIGHT = 16;
/** The average width of a character at the font size. */
const CHAR_WIDTH = 7.1;

/** The width of a line of text at the diagram's font size. */
export function textWidth(line: string, bold = false): number {
    return Math.ceil(line.length * CHAR_WIDTH * (bold ? 1.08 : 1));
}

/** The size of a box that shows `lines` (the first one bold). */
export function boxSize(lines: readonly string[]): { width: number; height: number } {
    const width = Math.max(...lines.map((l, i) => textWidth(l, i === 0))) + 20;
    return { width: Math.max(width, 90), height: lines.length * LINE_HEIGHT + 12 };
}

/** Escapes text for SVG text content and attribute values. */
export function escapeXml(text: string): string {
    return text.replace(
        /[&<>"']/g,
        (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
    );
}

const COLOURS: Record<string, { stroke: string; fill: string }> = {
    account: { stroke: "#343a40", fill: "#f8f9fa" },
    region: { stroke: "#adb5bd", fill: "#ffffff" },
    "vpc:inspection": { stroke: "#d9480f", fill: "#fff4e6" },
    "vpc:shared-services": { stroke: "#6741d9", fill: "#f3f0ff" },
    "vpc:spoke": { stroke: "#1864ab", fill: "#e7f5ff" },
    "vpc:security": { stroke: "#a61e4d", fill: "#fff0f6" },
    vpc: { stroke: "#495057", fill: "#f1f3f5" },
    "subnet:tgw": { stroke: "#2b8a3e", fill: "#ffffff" },
    "subnet:firewall": { stroke: "#c92a2a", fill: "#ffffff" },
    "subnet:public": { stroke: "#e67700", fill: "#ffffff" },
    "subnet:workload": { stroke: "#1971c2", fill: "#ffffff" },
    "subnet:resolver": { stroke: "#0b7285", fill: "#ffffff" },
    subnet: { stroke: "#868e96", fill: "#ffffff" },
    tgw: { stroke: "#2b8a3e", fill: "#ebfbee" },
    "tgw-rt": { stroke: "#2b8a3e", fill: "#ffffff" },
    firewall: { stroke: "#c92a2a", fill: "#fff5f5" },
    "firewall-endpoint": { stroke: "#c92a2a", fill: "#ffffff" },
    gateway: { stroke: "#495057", fill: "#f1f3f5" },
    "gateway:vpn": { stroke: "#2b8a3e", fill: "#f8f9fa" },
    resolver: { stroke: "#0b7285", fill: "#e3fafc" },
    endpoint: { stroke: "#5c940d", fill: "#f4fce3" },
    gwlb: { stroke: "#a61e4d", fill: "#fff0f6" },
    workload: { stroke: "#1864ab", fill: "#d0ebff" },
};

/** Renders a laid-out graph as SVG; `pageIndex` lines go under it (a paged topology's index). */
export function renderSvg(graph: DiagramGraph, layout: ElkNode, pageIndex: readonly string[] = []): string {
    const byId = new Map<string, DiagramNode>();
    const index = (n: DiagramNode) => {
        byId.set(n.id, n);
        n.children.forEach(index);
    };
    graph.nodes.forEach(index);
    const absolute = new Map<string, { x: number; y: number }>([["root", { x: 0, y: 0 }]]);
    const boxes: string[] = [];
    const walk = (node: ElkNode, ox: number, oy: number) => {
        for (const child of node.children ?? []) {
            const x = ox + (child.x ?? 0);
            const y = oy + (child.y ?? 0);
            absolute.set(child.id, { x, y });
            const meta = byId.get(child.id);
            if (meta) {
                const colours =
                    COLOURS[meta.variant ? `${meta.kind}:${meta.variant}` : meta.kind] ??
                    COLOURS[meta.kind] ??
                    COLOURS.vpc;
                const compound = (child.children ?? []).length > 0;
                const dash = meta.kind === "region" ? ' stroke-dasharray="6 4"' : "";
                boxes.push(
                    `<rect x="${x}" y="${y}" width="${child.width}" height="${child.height}" rx="${compound ? 8 : 4}" fill="${colours.fill}" stroke="${colours.stroke}" stroke-width="${meta.kind === "account" ? 2 : 1.2}"${dash}/>`,
                );
                const tx = compound ? x + 10 : x + (child.width ?? 0) / 2;
                const anchor = compound ? "start" : "middle";
                meta.lines.forEach((line, i) => {
                    const weight = i === 0 ? ' font-weight="bold"' : "";
                    boxes.push(
                        `<text x="${tx}" y="${y + 18 + i * LINE_HEIGHT}" text-anchor="${anchor}"${weight} fill="${i === 0 ? colours.stroke : "#212529"}">${escapeXml(line)}</text>`,
                    );
                });
            }
            walk(child, x, y);
        }
    };
    walk(layout, 0, 0);

    const edgesById = new Map(graph.edges.map((e) => [e.id, e]));
    const lines: string[] = [];
    for (const e of (layout.edges ?? []) as (ElkExtendedEdge & { container?: string })[]) {
        const meta = edgesById.get(e.id);
        if (meta?.invisible) continue;
        const origin = absolute.get(e.container ?? "root") ?? { x: 0, y: 0 };
        for (const section of e.sections ?? []) {
            const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]
                .map((p) => `${origin.x + p.x},${origin.y + p.y}`)
                .join(" ");
            lines.push(
                `<polyline points="${points}" fill="none" stroke="#495057" stroke-width="1.2"${meta?.dashed ? ' stroke-dasharray="5 4"' : ""} ${meta?.reversed ? "marker-start" : "marker-end"}="url(#arrow)"/>`,
            );
        }
        for (const label of e.labels ?? []) {
            if (!label.text) continue;
            const x = origin.x + (label.x ?? 0);
            const y = origin.y + (label.y ?? 0);
            lines.push(
                `<rect x="${x - 2}" y="${y}" width="${(label.width ?? 0) + 4}" height="${label.height}" fill="#ffffff" fill-opacity="0.85"/>`,
                `<text x="${x + (label.width ?? 0) / 2}" y="${y + 12}" text-anchor="middle" class="edge">${escapeXml(label.text)}</text>`,
            );
        }
    }
    // An index of the other pages, under the diagram.
    const top = Math.ceil(layout.height ?? 0);
    const indexLines = pageIndex.map(
        (line, i) =>
            `<text x="20" y="${top + 24 + i * LINE_HEIGHT}" fill="#212529">${escapeXml(line)}</text>`,
    );
    const width = Math.ceil(Math.max(layout.width ?? 0, ...pageIndex.map((l) => textWidth(l) + 40)));
    const height = top + (pageIndex.length ? pageIndex.length * LINE_HEIGHT + 32 : 0);
    return [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="${FONT_SIZE}">`,
        `<title>${escapeXml(graph.title)}</title>`,
        `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#495057"/></marker></defs>`,
        `<style>.edge { font-size: 11px; fill: #343a40; }</style>`,
        `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
        `<text x="20" y="26" font-size="18" font-weight="bold" fill="#212529">${escapeXml(graph.title)}</text>`,
        `<text x="20" y="44" fill="#495057">${escapeXml("solid: attachments and routes (labelled with their destinations) · dashed: propagations")}</text>`,
        ...boxes,
        ...lines,
        ...indexLines,
        `</svg>`,
        "",
    ].join("\n");
}
