import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Document, parseDocument } from "yaml";
import { ConfigError, formatProblem, type ConfigProblem } from "../../../stacks/schema/errors";
import { loadEnvironment } from "../../../stacks/schema/stack-config";
import { flowsProject, LAB_ENV } from "../flows-fixture";

const RULES = "stacks/firewall/lab.yaml";

/**
 * A copy of the lab fixture whose firewall rules (rule groups and variables) live in
 * stacks/firewall/lab.yaml, the environment file keeping `firewall.logging`; `edit` changes the rules
 * file's data, `text` its text after that.
 */
function splitProject(
    edit: (rules: Record<string, unknown>) => void = () => {},
    options: { keepInEnvironment?: boolean; text?: (t: string) => string } = {},
): string {
    const root = flowsProject();
    const envPath = path.join(root, LAB_ENV);
    const env = parseDocument(fs.readFileSync(envPath, "utf8"));
    const rules: Record<string, unknown> = {
        variables: { PARTNER_API: ["198.51.100.0/24"] },
        ruleGroups: (env.getIn(["firewall", "ruleGroups"]) as { toJSON(): unknown }).toJSON(),
    };
    if (!options.keepInEnvironment) env.deleteIn(["firewall", "ruleGroups"]);
    fs.writeFileSync(envPath, env.toString());
    edit(rules);
    const text = new Document(rules).toString({ lineWidth: 0 });
    fs.mkdirSync(path.join(root, "stacks/firewall"), { recursive: true });
    fs.writeFileSync(path.join(root, RULES), options.text ? options.text(text) : text);
    return root;
}

function problemsOf(root: string): ConfigProblem[] {
    try {
        loadEnvironment("lab", undefined, root);
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return [...(error as ConfigError).problems];
    }
    expect.fail("expected the environment to be refused");
}

/** The 1-based line of the first line of `file` under `root` that contains `text`. */
function lineOf(root: string, file: string, text: string): number {
    const index = fs
        .readFileSync(path.join(root, file), "utf8")
        .split("\n")
        .findIndex((l) => l.includes(text));
    expect(index, `${text} in ${file}`).to.be.at.least(0);
    return index + 1;
}

type Group = Record<string, unknown>;
const groups = (rules: Record<string, unknown>) => rules.ruleGroups as Group[];
/** The rule group of the rules file named `name` (by name: the fixture may gain groups). */
function group(rules: Record<string, unknown>, name: string): Group {
    const found = groups(rules).find((g) => g.name === name);
    expect(found, `rule group ${name} in the lab fixture`).to.not.equal(undefined);
    return found!;
}

describe("the firewall rules file (stacks/firewall/<env>.yaml)", () => {
    it("gives the environment the rule groups and variables it holds, with the environment file's logging", () => {
        const inline = loadEnvironment("lab", undefined, flowsProject()).environment;
        const split = loadEnvironment("lab", undefined, splitProject()).environment;
        expect(split.firewall.ruleGroups).to.deep.equal(inline.firewall.ruleGroups);
        expect(split.firewall.variables).to.deep.equal({ PARTNER_API: ["198.51.100.0/24"] });
        expect(split.firewall.logging).to.deep.equal(inline.firewall.logging);
        // everything outside the firewall's rules still comes from the environment file
        expect(split.addressing).to.deep.equal(inline.addressing);
    });

    it("reports a bad rule group in the rules file, at its line, by the rules file's own field path", () => {
        const root = splitProject((rules) => {
            group(rules, "web-allow-list").kind = "domainlist";
        });
        const problems = problemsOf(root);
        const kind = problems.find((p) => p.field === "ruleGroups[web-allow-list].kind");
        expect(kind, problems.map(formatProblem).join("\n")).to.not.equal(undefined);
        expect(kind!.file).to.equal(RULES);
        expect(kind!.line).to.equal(lineOf(root, RULES, "kind: domainlist"));
        expect(kind!.value).to.equal("domainlist");
        expect(problems.every((p) => p.file === RULES)).to.equal(true);
    });

    it("points a bad Suricata rule at its own line of the rules file", () => {
        const root = splitProject((rules) => {
            group(rules, "block-bad-sni").rules =
                'drop tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:"bad.example"; msg:"bad SNI"; sid:2000001; rev:1;)\n' +
                'drop tls $HOME_NET any -> $PARTNR_API any (msg:"typo"; sid:2000002; rev:1;)\n';
        });
        const problem = problemsOf(root).find((p) => String(p.message).includes("PARTNR_API"));
        expect(problem, "a problem naming $PARTNR_API").to.not.equal(undefined);
        expect(problem!.file).to.equal(RULES);
        expect(problem!.line).to.equal(lineOf(root, RULES, "$PARTNR_API"));
        expect(problem!.field).to.match(/^ruleGroups\[block-bad-sni\]\.rules/);
    });

    it("checks the rules against the environment file's ranges: a literal address outside them is refused", () => {
        const root = splitProject((rules) => {
            const dns = group(rules, "allow-dns-from-office").rules as Record<string, unknown>[];
            dns[0].source = "100.64.0.0/10";
        });
        const problem = problemsOf(root).find((p) => p.value === "100.64.0.0/10");
        expect(problem, "the literal source").to.not.equal(undefined);
        expect(problem!.file).to.equal(RULES);
        expect(problem!.field).to.equal("ruleGroups[allow-dns-from-office].rules[0].source");
    });

    it("refuses rule groups in both files, together with every other problem, each in its own file", () => {
        const root = splitProject(
            (rules) => {
                group(rules, "web-allow-list").capacity = "lots";
                rules.logging = { alert: "s3", flow: "s3" };
            },
            { keepInEnvironment: true },
        );
        const problems = problemsOf(root);
        const both = problems.find((p) => p.file === LAB_ENV && p.field === "firewall.ruleGroups");
        expect(both, problems.map(formatProblem).join("\n")).to.not.equal(undefined);
        expect(both!.line).to.equal(lineOf(root, LAB_ENV, "ruleGroups:"));
        expect(both!.message).to.contain(`is also in ${RULES}`);
        const logging = problems.find((p) => p.file === RULES && p.field === "logging");
        expect(logging?.message).to.contain(`${LAB_ENV} under firewall.logging`);
        const capacity = problems.find((p) => p.field === "ruleGroups[web-allow-list].capacity");
        expect(capacity?.file).to.equal(RULES);
    });

    it("names the rules file when it has no rule groups", () => {
        const root = splitProject((rules) => {
            delete rules.ruleGroups;
        });
        const problems = problemsOf(root);
        expect(problems.map((p) => [p.file, p.field])).to.deep.include([RULES, "ruleGroups"]);
    });

    it("names the rules file, line and key for YAML that is not valid", () => {
        const root = splitProject(undefined, { text: (t) => `${t}ruleGroups: []\n` });
        const problems = problemsOf(root);
        expect(problems).to.have.length(1);
        expect(problems[0].file).to.equal(RULES);
        expect(problems[0].field).to.equal("(YAML) key 'ruleGroups'");
    });
});
