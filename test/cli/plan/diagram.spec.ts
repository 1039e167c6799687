import { expect } from "chai";
import type { ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import {
    diagramGraph,
    escapeXml,
    layoutDiagram,
    renderSvg,
    type DiagramNode,
} from "../../../cli/plan/diagram";
import { Inventory } from "../../../cli/plan/inventory";
import { elements, parseXml } from "../support/xml";
import { hubAndSpokes, rec } from "./topologies";

function flatten(nodes: readonly DiagramNode[]): DiagramNode[] {
    return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

describe("topology diagram", function () {
    this.timeout(60000);
    const stacks = hubAndSpokes();
    const inventory = new Inventory(stacks);
    const graph = diagramGraph(inventory, stacks, "hub-network dev: topology");
    const boxes = flatten(graph.nodes);
    const titles = boxes.map((b) => b.lines[0]);

    it("draws accounts, regions, VPCs with subnet tiers per AZ, the TGW and its tables, the firewall and its endpoints", () => {
        expect(graph.nodes.map((n) => n.lines[0])).to.deep.equal([
            "network account 111111111111",
            "spoke account 333333333330",
            "spoke account 333333333331",
        ]);
        expect(titles).to.include.members([
            "eu-west-1",
            "inspection VPC (inspection)",
            "spoke-a VPC (spoke)",
            "spoke-b VPC (spoke)",
            "Transit Gateway",
            "route table spokes",
            "route table inspection",
            "Network Firewall",
            "endpoint a",
            "endpoint b",
            "NAT gateway",
            "Internet gateway",
        ]);
        const inspection = boxes.find((b) => b.lines[0] === "inspection VPC (inspection)")!;
        expect(inspection.children.filter((c) => c.kind === "subnet").map((c) => c.lines[0])).to.deep.equal([
            "tgw a",
            "tgw b",
            "firewall a",
            "firewall b",
            "public a",
            "public b",
        ]);
        const spokes = boxes.find((b) => b.lines[0] === "route table spokes")!;
        expect(spokes.lines.slice(1)).to.deep.equal(["0.0.0.0/0 → inspection", "10.64.0.0/12 → inspection"]);
    });

    it("connects subnets to the same-AZ firewall endpoint, attachments to their route tables, propagations back", () => {
        const id = (title: string) => boxes.find((b) => b.lines[0] === title)!.id;
        const drawn = graph.edges.filter((e) => !e.invisible);
        const has = (source: string, target: string, label?: string) =>
            drawn.some(
                (e) =>
                    e.source === source && e.target === target && (label === undefined || e.label === label),
            );
        expect(has(id("tgw a"), id("endpoint a"), "0.0.0.0/0")).to.equal(true);
        expect(has(id("tgw b"), id("endpoint b"), "0.0.0.0/0")).to.equal(true);
        expect(has(id("public a"), id("endpoint a"), "10.64.0.0/12")).to.equal(true);
        expect(has(id("route table spokes"), id("spoke-a VPC (spoke)"), "attachment")).to.equal(true);
        expect(
            has(
                id("route table inspection"),
                id("inspection VPC (inspection)"),
                "attachment · appliance mode",
            ),
        ).to.equal(true);
        expect(
            drawn.some(
                (e) =>
                    e.source === id("spoke-b VPC (spoke)") &&
                    e.target === id("route table inspection") &&
                    e.dashed,
            ),
        ).to.equal(true);
    });

    it("lays out with ELK: every box placed, account boxes apart, and renders well-formed SVG with every name", async () => {
        const layout = await layoutDiagram(graph);
        const accounts = (layout.children ?? []).map((a) => ({
            x: a.x!,
            y: a.y!,
            w: a.width!,
            h: a.height!,
        }));
        expect(accounts).to.have.length(3);
        for (const [i, a] of accounts.entries()) {
            expect(a.w).to.be.greaterThan(0);
            for (const b of accounts.slice(i + 1)) {
                const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
                expect(overlap, JSON.stringify([a, b])).to.equal(false);
            }
        }
        const svg = parseXml(renderSvg(graph, layout));
        expect(svg.name).to.equal("svg");
        expect(Number(svg.attributes.width)).to.be.greaterThan(0);
        const texts = elements(svg, "text").map((t) => t.text);
        for (const title of titles) expect(texts).to.include(title);
        expect(elements(svg, "rect").length).to.be.greaterThan(boxes.length);
        expect(elements(svg, "polyline").length).to.equal(graph.edges.filter((e) => !e.invisible).length);
    });

    it("draws each line as one orthogonal polyline from box to box, across accounts too", async () => {
        const layout = await layoutDiagram(graph);
        const boxAt = new Map<string, { x: number; y: number; w: number; h: number }>();
        const place = (node: ElkNode, ox: number, oy: number) => {
            for (const child of node.children ?? []) {
                const x = ox + child.x!;
                const y = oy + child.y!;
                boxAt.set(child.id, { x, y, w: child.width!, h: child.height! });
                place(child, x, y);
            }
        };
        place(layout, 0, 0);
        const onBorder = (p: ElkPoint, id: string) => {
            const b = boxAt.get(id)!;
            const near = (u: number, v: number) => Math.abs(u - v) < 0.5;
            const inside =
                p.x > b.x - 0.5 && p.x < b.x + b.w + 0.5 && p.y > b.y - 0.5 && p.y < b.y + b.h + 0.5;
            return (
                inside && (near(p.x, b.x) || near(p.x, b.x + b.w) || near(p.y, b.y) || near(p.y, b.y + b.h))
            );
        };
        const byId = new Map(graph.edges.map((e) => [e.id, e]));
        expect((layout.edges ?? []).map((e) => e.id).sort()).to.deep.equal(
            graph.edges.map((e) => e.id).sort(),
        );
        for (const laid of layout.edges ?? []) {
            const edge = byId.get(laid.id)!;
            expect(laid.sections, edge.id).to.have.length(1);
            const s = laid.sections![0];
            const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
            for (const [i, p] of points.slice(1).entries()) {
                const q = points[i];
                expect(
                    Math.abs(p.x - q.x) < 0.01 || Math.abs(p.y - q.y) < 0.01,
                    `${edge.label ?? edge.id}: ${JSON.stringify([q, p])}`,
                ).to.equal(true);
            }
            const [from, to] = edge.reversed ? [edge.target, edge.source] : [edge.source, edge.target];
            expect(onBorder(points[0], from), `${edge.label ?? edge.id} leaves its box`).to.equal(true);
            expect(
                onBorder(points[points.length - 1], to),
                `${edge.label ?? edge.id} reaches its box`,
            ).to.equal(true);
        }
        // A spoke's attachment and propagation are labelled inside the spoke's account, once each.
        for (const account of ["account:333333333330", "account:333333333331"]) {
            const a = boxAt.get(account)!;
            const labels = (layout.edges ?? [])
                .flatMap((e) => e.labels ?? [])
                .filter((l) => l.x! >= a.x && l.x! <= a.x + a.w && l.y! >= a.y && l.y! <= a.y + a.h)
                .map((l) => l.text);
            expect(labels.sort()).to.deep.equal(["attachment", "propagates"]);
        }
    });

    it("lays out accounts built alike the same way", async () => {
        const layout = await layoutDiagram(graph);
        const shape = (node: ElkNode): unknown => ({
            x: node.x,
            y: node.y,
            width: node.width,
            height: node.height,
            children: (node.children ?? []).map(shape),
        });
        const [a, b] = ["account:333333333330", "account:333333333331"].map((id) =>
            layout.children!.find((c) => c.id === id)!,
        );
        expect({ ...(shape(a) as object), x: 0, y: 0 }).to.deep.equal({
            ...(shape(b) as object),
            x: 0,
            y: 0,
        });
        expect(a.x).to.not.equal(b.x);
    });

    it("escapes every text it draws", async () => {
        const odd = [
            {
                name: "odd",
                role: "spoke",
                accountId: "444444444444",
                region: "eu-west-1",
                resources: [
                    rec("odd", "aws:ec2/vpc:Vpc", "odd-vpc", {
                        cidrBlock: "10.80.0.0/20",
                        tags: { "hub-network:vpc-role": "spoke", "hub-network:spoke": `<pets & "co">'s` },
                    }),
                ],
            },
        ];
        const oddGraph = diagramGraph(new Inventory(odd), odd, "a <b> & c");
        const text = renderSvg(oddGraph, await layoutDiagram(oddGraph));
        expect(text).to.contain("&lt;pets &amp; &quot;co&quot;&gt;&#39;s VPC (spoke)");
        expect(text).to.not.contain("<pets");
        const texts = elements(parseXml(text), "text").map((t) => t.text);
        expect(texts).to.include(`<pets & "co">'s VPC (spoke)`);
        expect(escapeXml(`<a href="x">&'`)).to.equal("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    });
});

describe("the XML reader the diagram tests use", () => {
    it("rejects what is not well-formed", () => {
        expect(() => parseXml("<a><b></a></b>")).to.throw("mismatched");
        expect(() => parseXml('<a x="1" x="2"/>')).to.throw("duplicate attribute");
        expect(() => parseXml("<a>x & y</a>")).to.throw("bare '&'");
        expect(() => parseXml("<a x=1/>")).to.throw("unquoted attribute");
        expect(() => parseXml("<a>")).to.throw("unclosed <a>");
        expect(parseXml('<a t="&lt;">1 &amp; 2<b/></a>')).to.deep.include({ name: "a", text: "1 & 2" });
    });
});
