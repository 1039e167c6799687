/**
 * The example CODEOWNERS (.github/CODEOWNERS): valid for GitHub, and giving the firewall rules of
 * every environment, present or future, to other owners than the environment files.
 *
 * Matching follows GitHub's documentation of the file
 * (https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners):
 * gitignore patterns, the last matching line wins, no `!` negation, no `[ ]` ranges, no `\#` escape.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { firewallRulesFile } from "../../stacks/schema/firewall-file";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import { environmentNames } from "../../stacks/schema/stack-config";

interface Rule {
    readonly line: number;
    readonly pattern: string;
    readonly owners: readonly string[];
}

const OWNER = /^(@[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

function parseCodeowners(text: string): { rules: Rule[]; problems: string[] } {
    const rules: Rule[] = [];
    const problems: string[] = [];
    text.split("\n").forEach((raw, i) => {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) return;
        const [pattern, ...owners] = line.split(/\s+/);
        if (pattern.startsWith("!") || /\[.*\]/.test(pattern) || pattern.startsWith("\\#")) {
            problems.push(`line ${i + 1}: '${pattern}' uses syntax GitHub does not support`);
        }
        if (owners.length === 0) problems.push(`line ${i + 1}: '${pattern}' names no owner`);
        for (const owner of owners) {
            if (!OWNER.test(owner)) problems.push(`line ${i + 1}: '${owner}' is not a user, team or email`);
        }
        rules.push({ line: i + 1, pattern, owners });
    });
    return { rules, problems };
}

/** A gitignore pattern as a regular expression over repository paths (`a/b.yaml`, no leading slash). */
function patternRegex(pattern: string): RegExp {
    let p = pattern;
    const directory = p.endsWith("/");
    if (directory) p = p.slice(0, -1);
    // A slash at the start or in the middle anchors the pattern at the root.
    const anchored = p.includes("/");
    if (p.startsWith("/")) p = p.slice(1);
    const body = p
        .split(/(\*\*|\*|\?)/)
        .map((part) =>
            part === "**"
                ? ".*"
                : part === "*"
                  ? "[^/]*"
                  : part === "?"
                    ? "[^/]"
                    : part.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
        )
        .join("");
    // A pattern matches a file, or a folder and everything under it; one ending in `*` matches one
    // level only (GitHub: `docs/*` owns docs/getting-started.md, not docs/build-app/troubleshooting.md).
    const below = directory ? "/.*" : p.endsWith("*") ? "" : "(?:/.*)?";
    return new RegExp(`^${anchored ? "" : "(?:.*/)?"}${body}${below}$`);
}

/** The owners of `file`: those of the last line that matches it. */
function ownersOf(rules: readonly Rule[], file: string): readonly string[] {
    const match = [...rules].reverse().find((r) => patternRegex(r.pattern).test(file));
    return match?.owners ?? [];
}

describe("CODEOWNERS", () => {
    describe("matching, as GitHub documents it", () => {
        const rules = parseCodeowners(
            [
                "*       @global-owner1",
                "*.js    @js-owner",
                "/build/logs/ @doctocat",
                "docs/*  docs@example.com",
                "apps/   @octocat",
                "/scripts/ @doctocat @octocat",
            ].join("\n"),
        ).rules;

        it("lets the last matching line win", () => {
            expect(ownersOf(rules, "README.md")).to.deep.equal(["@global-owner1"]);
            expect(ownersOf(rules, "src/index.js")).to.deep.equal(["@js-owner"]);
            expect(ownersOf(rules, "build/logs/app/out.js")).to.deep.equal(["@doctocat"]);
        });

        it("matches `docs/*` one level deep only, and `apps/` anywhere", () => {
            expect(ownersOf(rules, "docs/getting-started.md")).to.deep.equal(["docs@example.com"]);
            expect(ownersOf(rules, "docs/build-app/troubleshooting.md")).to.deep.equal(["@global-owner1"]);
            expect(ownersOf(rules, "web/apps/main.ts")).to.deep.equal(["@octocat"]);
            expect(ownersOf(rules, "scripts/x/deploy.sh")).to.deep.equal(["@doctocat", "@octocat"]);
        });

        it("refuses what GitHub ignores: negation, ranges, a line without owners", () => {
            const { problems } = parseCodeowners("!keep.txt @a\nfile[0-9].txt @b\n/lonely\n");
            expect(problems).to.have.length(3);
        });
    });

    describe("the repository's file", () => {
        const file = path.join(PROJECT_ROOT, ".github/CODEOWNERS");
        const { rules, problems } = parseCodeowners(fs.readFileSync(file, "utf8"));
        // The shipped environments, and one an adopter adds later with new-env.
        const envs = [...environmentNames(PROJECT_ROOT), "newenv"];

        it("is valid for GitHub", () => {
            expect(problems).to.deep.equal([]);
            expect(rules).to.not.deep.equal([]);
        });

        it("gives every file an owner", () => {
            for (const f of ["README.md", "components/network/transit-hub.ts", "stacks/network.ts"]) {
                expect(ownersOf(rules, f), f).to.not.deep.equal([]);
            }
        });

        it("gives each environment's firewall rules to owners the environment file does not have", () => {
            for (const env of envs) {
                const rulesOwners = ownersOf(rules, firewallRulesFile(env));
                const envOwners = ownersOf(rules, `stacks/environments/${env}.yaml`);
                expect(rulesOwners, env).to.not.deep.equal([]);
                const onlyRules = rulesOwners.filter((o) => !envOwners.includes(o));
                expect(
                    onlyRules,
                    `owners of ${firewallRulesFile(env)} beyond the environment file's`,
                ).to.have.length.above(0);
            }
        });
    });
});
