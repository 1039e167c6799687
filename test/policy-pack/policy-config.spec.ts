import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { policies } from "../../policy-pack/policies";

const file = path.resolve(__dirname, "../../policy-pack/policy-config.example.json");
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

describe("policy-pack/policy-config.example.json", () => {
    const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

    it("names only policies of the pack (or all) and valid enforcement levels", () => {
        const names = new Set(["all", ...policies.map((p) => p.name)]);
        for (const [name, value] of Object.entries(config)) {
            expect(names.has(name), name).to.equal(true);
            const level =
                typeof value === "string" ? value : (value as { enforcementLevel?: string }).enforcementLevel;
            if (level !== undefined) expect(LEVELS, name).to.include(level);
        }
    });

    it("sets only settings each policy declares in its configSchema", () => {
        for (const policy of policies) {
            const value = config[policy.name];
            if (value === undefined || typeof value === "string") continue;
            const settings = Object.keys(value as object).filter((k) => k !== "enforcementLevel");
            expect(Object.keys(policy.configSchema?.properties ?? {}), policy.name).to.include.members(
                settings,
            );
        }
    });
});

describe("the policy config examples of docs/policies.md", () => {
    const page = fs.readFileSync(path.resolve(__dirname, "../../docs/policies.md"), "utf8");
    const start = page.indexOf("## Overriding levels and settings");
    const section = page.slice(start, page.indexOf("\n## ", start + 1));
    const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
        (m) => JSON.parse(m[1]) as Record<string, unknown>,
    );

    it("shows the example file as it is, and a per-environment file", () => {
        expect(blocks).to.have.length(2);
        expect(blocks[0]).to.deep.equal(JSON.parse(fs.readFileSync(file, "utf8")));
    });

    it("names only policies of the pack, valid levels and declared settings", () => {
        const byName = new Map(policies.map((p) => [p.name, p]));
        for (const block of blocks) {
            for (const [name, value] of Object.entries(block)) {
                expect(name === "all" || byName.has(name), name).to.equal(true);
                const entry =
                    typeof value === "string"
                        ? { enforcementLevel: value }
                        : (value as Record<string, unknown>);
                if (entry.enforcementLevel !== undefined)
                    expect(LEVELS, name).to.include(entry.enforcementLevel);
                const declared = Object.keys(byName.get(name)?.configSchema?.properties ?? {});
                expect(declared, name).to.include.members(
                    Object.keys(entry).filter((k) => k !== "enforcementLevel"),
                );
            }
        }
    });
});
