import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PACK_DIR, transpiledPack } from "../../../cli/policy/pack";

describe("transpiledPack", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-pack-"));
        fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "pack", "main": "index.ts" }\n');
        fs.mkdirSync(path.join(dir, "lib"));
        fs.writeFileSync(path.join(dir, "lib", "level.ts"), 'export const level: string = "advisory";\n');
        fs.writeFileSync(
            path.join(dir, "index.ts"),
            'import { level } from "./lib/level";\nexport { level };\n',
        );
    });
    afterEach(() => {
        // The test pack's current build (its earlier ones are gone), then the pack.
        fs.rmSync(transpiledPack(dir), { recursive: true, force: true });
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("builds JavaScript with the pack's files, its main pointed at index.js, and reuses it while nothing changes", () => {
        const built = transpiledPack(dir);
        expect(fs.readFileSync(path.join(built, "lib", "level.js"), "utf8")).to.include(
            'exports.level = "advisory"',
        );
        expect(fs.readFileSync(path.join(built, "PulumiPolicy.yaml"), "utf8")).to.equal("runtime: nodejs\n");
        expect(JSON.parse(fs.readFileSync(path.join(built, "package.json"), "utf8"))).to.deep.equal({
            name: "pack",
            main: "index.js",
        });
        expect(transpiledPack(dir)).to.equal(built);
    });

    it("removes the pack's earlier build when its sources change, and leaves other packs' builds", () => {
        const shipped = transpiledPack(PACK_DIR);
        const first = transpiledPack(dir);
        fs.writeFileSync(path.join(dir, "lib", "level.ts"), 'export const level: string = "mandatory";\n');
        const second = transpiledPack(dir);
        expect(second).to.not.equal(first);
        expect(fs.existsSync(first)).to.equal(false);
        expect(fs.readFileSync(path.join(second, "lib", "level.js"), "utf8")).to.include('"mandatory"');
        expect(fs.existsSync(path.join(shipped, "index.js"))).to.equal(true);
    });
});
