/** The README and the docs pages link only to files and headings that exist. */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const root = path.resolve(__dirname, "../..");
const pages = [
    "README.md",
    ...fs
        .readdirSync(path.join(root, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
];

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as dashes. */
export function anchorOf(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
}

/** The text outside fenced code blocks. */
function prose(markdown: string): string {
    return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

function anchorsOf(file: string): Set<string> {
    const text = prose(fs.readFileSync(path.join(root, file), "utf8"));
    return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}

describe("documentation links", () => {
    it("computes anchors as GitHub does", () => {
        expect(anchorOf("The workload settings (`hub-network:spoke.api`)")).to.equal(
            "the-workload-settings-hub-networkspokeapi",
        );
        expect(anchorOf("`EcsApi`")).to.equal("ecsapi");
    });

    for (const page of pages) {
        it(`${page} links to files and headings that exist`, () => {
            const text = prose(fs.readFileSync(path.join(root, page), "utf8"));
            const broken: string[] = [];
            for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
                if (/^[a-z]+:/.test(target)) continue;
                const [file, anchor] = target.split("#");
                const resolved = file === "" ? page : path.posix.join(path.posix.dirname(page), file);
                if (!fs.existsSync(path.join(root, resolved))) broken.push(`${target} (no file ${resolved})`);
                else if (
                    anchor !== undefined &&
                    resolved.endsWith(".md") &&
                    !anchorsOf(resolved).has(anchor)
                ) {
                    broken.push(`${target} (no heading #${anchor} in ${resolved})`);
                }
            }
            expect(broken).to.deep.equal([]);
        });
    }

    it("README.md stays a five-minute read: at most 300 lines", () => {
        const lines = fs.readFileSync(path.join(root, "README.md"), "utf8").split("\n").length;
        expect(lines).to.be.at.most(300);
    });
});
