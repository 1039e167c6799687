import { expect } from "chai";
import { diagramGraph, layoutDiagram, SPOKES_PER_PAGE, topologyPages } from "../../../cli/plan/diagram";
import { Inventory } from "../../../cli/plan/inventory";
import { elements, parseXml } from "../support/xml";
import { hubAndSpokes } from "./topologies";

/** The texts of an SVG page. */
const texts = (svg: string) => elements(parseXml(svg), "text").map((t) => t.text);
const size = (svg: string) => {
    const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
    return { width: Number(m?.[1]), height: Number(m?.[2]) };
};

describe("topology diagram pages", function () {
    this.timeout(60000);
    const stacks = hubAndSpokes();
    const inventory = new Inventory(stacks);

    it("draws one page while the spoke accounts fit on it", async () => {
        expect(SPOKES_PER_PAGE).to.be.at.least(2);
        const pages = await topologyPages(inventory, stacks, "dev");
        expect(pages.map((p) => p.file)).to.deep.equal(["topology.svg"]);
        expect(texts(pages[0].svg)).to.include.members([
            "spoke account 333333333330",
            "spoke account 333333333331",
        ]);
    });

    it("pages the spoke accounts beyond that, each page with the hub, and indexes the pages on the hub's", async () => {
        const pages = await topologyPages(inventory, stacks, "dev", 1);
        expect(pages.map((p) => p.file)).to.deep.equal(["topology.svg", "topology-1.svg", "topology-2.svg"]);
        const [index, first, second] = pages.map((p) => texts(p.svg));
        expect(index).to.include("dev: the hub; 2 spoke accounts on 2 pages");
        expect(index).to.include("network account 111111111111");
        expect(index).not.to.include("spoke account 333333333330");
        const names = stacks.filter((s) => s.role === "spoke").map((s) => s.name);
        expect(index).to.include.members([
            `topology-1.svg: 1 spoke account(s), ${names[0]}`,
            `topology-2.svg: 1 spoke account(s), ${names[1]}`,
        ]);
        expect(first).to.include.members(["network account 111111111111", "spoke account 333333333330"]);
        expect(first).not.to.include("spoke account 333333333331");
        expect(first).to.include(`dev: page 1 of 2, ${names[0]} (index: topology.svg)`);
        expect(second).to.include("spoke account 333333333331");
        // A page is as wide as the hub and its spokes, not as all of them.
        const all = await topologyPages(inventory, stacks, "dev");
        expect(size(pages[1].svg).width).to.be.lessThan(size(all[0].svg).width);
    });

    it("wraps the accounts of a page into rows: one below the other, not side by side", async () => {
        const graph = diagramGraph(inventory, stacks, "dev");
        const box = (layout: Awaited<ReturnType<typeof layoutDiagram>>, title: string) => {
            const i = graph.nodes.findIndex((n) => n.lines[0] === title);
            const child = layout.children![i];
            return { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 };
        };
        const side = await layoutDiagram(graph);
        const [a, b] = ["spoke account 333333333330", "spoke account 333333333331"].map((t) => box(side, t));
        expect(a.y).to.equal(b.y);
        const wrapped = await layoutDiagram(graph, new Map(), { from: 1, perRow: 1 });
        const [c, d] = ["spoke account 333333333330", "spoke account 333333333331"].map((t) =>
            box(wrapped, t),
        );
        expect(d.y).to.be.at.least(c.y + c.height);
        expect(wrapped.width).to.be.lessThan(side.width!);
    });
});
