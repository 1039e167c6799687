import { expect } from "chai";
import type { ElkNode } from "elkjs/lib/elk-api";
import { layoutGraphs } from "../../../cli/plan/diagram-elk";

const chain = (id: string, length: number): ElkNode => ({
    id,
    layoutOptions: { "elk.algorithm": "layered", "elk.direction": "DOWN" },
    children: Array.from({ length }, (_, i) => ({ id: `${id}-${i}`, width: 40, height: 20 })),
    edges: Array.from({ length: length - 1 }, (_, i) => ({
        id: `${id}-e${i}`,
        sources: [`${id}-${i}`],
        targets: [`${id}-${i + 1}`],
    })),
});

describe("ELK on its worker thread", function () {
    this.timeout(60000);

    it("lays out batches in order, concurrent callers each getting their own graphs", async () => {
        const [first, second] = await Promise.all([
            layoutGraphs([chain("a", 3), chain("b", 2)]),
            layoutGraphs([chain("c", 4)]),
        ]);
        expect(first.map((g) => g.id)).to.deep.equal(["a", "b"]);
        expect(second.map((g) => g.id)).to.deep.equal(["c"]);
        // Top to bottom, one layer per node of the chain.
        const ys = second[0].children!.map((n) => n.y!);
        expect(ys).to.deep.equal([...ys].sort((x, y) => x - y));
        expect(new Set(ys).size).to.equal(4);
        expect(await layoutGraphs([])).to.deep.equal([]);
    });

    it("rejects a graph ELK cannot lay out with ELK's reason, and keeps serving", async () => {
        const broken: ElkNode = {
            id: "broken",
            children: [{ id: "x", width: 10, height: 10 }],
            edges: [{ id: "e", sources: ["x"], targets: ["nowhere"] }],
        };
        let message = "";
        await layoutGraphs([broken]).catch((error: Error) => (message = error.message));
        expect(message).to.match(/nowhere/);
        expect((await layoutGraphs([chain("d", 2)]))[0].children).to.have.length(2);
    });
});
