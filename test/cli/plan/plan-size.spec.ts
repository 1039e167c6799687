import { expect } from "chai";
import { verdictChanges } from "../../../cli/plan/changes/verdicts";
import { changedOutputs, MAX_PATHS_LISTED, planDocument } from "../../../cli/plan/preview-json";
import type { PathResult } from "../../../cli/plan/reachability";

function pathOf(source: string, destination: string, clean: boolean): PathResult {
    return {
        source,
        sourceStack: `spoke-${source}-dev`,
        destination,
        destinationKind: "spoke",
        address: "10.0.0.1",
        verdict: "reachable",
        inspected: clean,
        symmetric: true,
        branches: [],
        violations: clean ? [] : ["uninspected"],
    };
}

/** Every spoke to every other: n × (n - 1) paths, `dirty` of them not inspected. */
function mesh(n: number, dirty: (s: number, d: number) => boolean): PathResult[] {
    const out: PathResult[] = [];
    for (let s = 0; s < n; s++)
        for (let d = 0; d < n; d++) if (s !== d) out.push(pathOf(`s${s}`, `s${d}`, !dirty(s, d)));
    return out;
}

describe("plan.json at scale", () => {
    it("keeps only the outputs that differ from the inputs", () => {
        expect(
            changedOutputs(
                { cidrBlock: "10.0.0.0/16", tags: { a: "1" }, id: "[unknown]" },
                {
                    cidrBlock: "10.0.0.0/16",
                    tags: { a: "1" },
                    id: "vpc-123",
                    arn: "arn:aws:ec2:::vpc/vpc-123",
                },
            ),
        ).to.deep.equal({ id: "vpc-123", arn: "arn:aws:ec2:::vpc/vpc-123" });
    });

    it("counts clean paths per source past a few thousand, listing the ones that are not clean", () => {
        const paths = mesh(80, (s, d) => s === 3 && d === 4);
        expect(paths.length).to.be.greaterThan(MAX_PATHS_LISTED);
        const doc = planDocument("dev", true, [], 0, { reachability: { paths } });
        const section = doc.hubNetwork.reachability!;
        expect(section.paths).to.equal(80 * 79);
        expect(section.listsCleanPaths).to.equal(false);
        expect(section.results.map((p) => `${p.source}-${p.destination}`)).to.deep.equal(["s3-s4"]);
        expect(section.cleanBySource).to.include({ s0: 79, s3: 78 });
        const small = planDocument("dev", true, [], 0, { reachability: { paths: mesh(5, () => false) } });
        expect(small.hubNetwork.reachability!.listsCleanPaths).to.equal(true);
        expect(small.hubNetwork.reachability!.results).to.have.length(20);
    });

    it("compares with a baseline that counted its clean paths: a path that turns bad was clean", () => {
        const before = planDocument("dev", true, [], 0, { reachability: { paths: mesh(80, () => false) } });
        const after = mesh(80, (s, d) => s === 1 && d === 2).filter((p) => p.violations.length > 0);
        const changes = verdictChanges(
            { steps: [], hubNetwork: { reachability: before.hubNetwork.reachability } },
            { paths: after },
        );
        expect(changes).to.deep.equal([
            {
                kind: "path",
                key: "s1 → s2",
                before: "reachable, inspected",
                after: "reachable, uninspected",
                worse: true,
            },
        ]);
    });
});
