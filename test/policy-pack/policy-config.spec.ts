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
