import { expect } from "chai";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { cidrContains, cidrsOverlap, parseCidr } from "../../../components/network/subnet-plan";
import { generateEnvironment, spokeAddressing } from "../../../cli/plan/bench";
import { loadEnvironment } from "../../../stacks/schema/stack-config";
import { holdSpokeFiles, spokeFilesOf } from "../../../stacks/schema/spoke";

describe("bench addressing", () => {
    it("keeps the template's pool while it has room for the /21 spokes", () => {
        const a = spokeAddressing("10.64.0.0/12", "10.72.0.0/13", 256);
        expect(a.supernet).to.equal("10.64.0.0/12");
        expect(a.pool).to.equal("10.72.0.0/13");
        expect(a.ranges).to.have.length(256);
        expect(a.ranges[255]).to.equal("10.79.248.0/21");
    });

    it("grows a pool after the supernet, and the supernet around both, for 1,000 spokes", () => {
        const a = spokeAddressing("10.64.0.0/12", "10.72.0.0/13", 1000);
        expect(a).to.include({ supernet: "10.64.0.0/10", pool: "10.96.0.0/11" });
        expect(a.ranges).to.have.length(1000);
        expect(new Set(a.ranges).size).to.equal(1000);
        for (const r of a.ranges) {
            expect(parseCidr(r).prefixLength).to.equal(21);
            expect(cidrContains(a.pool, r), r).to.equal(true);
        }
        // The hub's own ranges stay inside the supernet and clear of the pool.
        expect(cidrContains(a.supernet, "10.64.0.0/12")).to.equal(true);
        expect(cidrsOverlap(a.pool, "10.64.0.0/12")).to.equal(false);
    });

    it("refuses a supernet that would have to leave 10.0.0.0/8", () => {
        expect(() => spokeAddressing("10.192.0.0/12", "10.200.0.0/13", 2000)).to.throw(
            "cannot grow to hold 2000 /21 spokes inside 10.0.0.0/8",
        );
    });

    it("writes an environment of 1,000 spokes that the schema accepts, one file per spoke", function () {
        this.timeout(120_000);
        const root = fs.mkdtempSync(path.join(tmpdir(), "bench-addressing-"));
        try {
            generateEnvironment(root, 1000);
            const { environment } = loadEnvironment("bench", undefined, root);
            expect(environment.addressing.spokePool).to.equal("10.96.0.0/11");
            expect(environment.accounts.spokes).to.have.length(1000);
            const files = spokeFilesOf("bench", root);
            expect(files).to.have.length(1000);
            expect(files.every((f) => f.request && cidrContains("10.96.0.0/11", f.request.cidr!))).to.equal(
                true,
            );
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});

describe("holdSpokeFiles", () => {
    it("reads an environment's spoke files once while held, and anew once released", () => {
        const root = fs.mkdtempSync(path.join(tmpdir(), "hold-spoke-files-"));
        try {
            generateEnvironment(root, 2);
            const release = holdSpokeFiles();
            let held: ReturnType<typeof spokeFilesOf>;
            try {
                held = spokeFilesOf("bench", root);
                expect(held).to.have.length(2);
                fs.rmSync(path.join(root, "stacks", "config", "Pulumi.spoke-s002-bench.yaml"));
                expect(spokeFilesOf("bench", root)).to.equal(held);
            } finally {
                release();
            }
            expect(spokeFilesOf("bench", root).map((f) => f.stack)).to.deep.equal(["spoke-s001-bench"]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
