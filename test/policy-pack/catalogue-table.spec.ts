/** The policy catalogue (docs/policies.md) says what the pack serves: every policy, in order, with its metadata. */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { resourcePolicies, stackPolicies } from "../../policy-pack/policies";

const catalogue = fs.readFileSync(path.resolve(__dirname, "../../docs/policies.md"), "utf8");
const start = catalogue.indexOf("| policy ");
const rows = catalogue
    .slice(start, catalogue.indexOf("\n\n", start))
    .split("\n")
    .slice(2)
    .map((line) =>
        line
            .split("|")
            .slice(1, -1)
            .map((cell) => cell.trim()),
    );
const ids = (cell: string) => (cell === "" ? [] : cell.split(", "));

describe("the policy catalogue table", () => {
    const policies = [
        ...resourcePolicies.map((p) => ({ kind: "resource", p })),
        ...stackPolicies.map((p) => ({ kind: "stack", p })),
    ];

    it("lists every policy of the pack, in the pack's order", () => {
        expect(rows.map((r) => r[0])).to.deep.equal(policies.map(({ p }) => `\`${p.name}\``));
    });

    it("gives each policy's kind, description, default level, severity, control IDs and settings", () => {
        for (const [i, { kind, p }] of policies.entries()) {
            const [, rowKind, checks, level, severity, fsbp, cdkNag, checkov, settings] = rows[i];
            expect({ rowKind, checks, level, severity }, p.name).to.deep.equal({
                rowKind: kind,
                checks: p.description,
                level: p.enforcementLevel,
                severity: p.metadata.severity,
            });
            expect([ids(fsbp), ids(cdkNag), ids(checkov)], p.name).to.deep.equal([
                p.metadata.fsbp ?? [],
                p.metadata.cdkNag ?? [],
                p.metadata.checkov ?? [],
            ]);
            const named = [...settings.matchAll(/`([A-Za-z]+)` \(default/g)].map((m) => m[1]);
            expect(named, p.name).to.deep.equal(Object.keys(p.configSchema?.properties ?? {}));
        }
    });
});
