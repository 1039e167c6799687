import { expect } from "chai";
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
