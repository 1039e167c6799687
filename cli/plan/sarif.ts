/**
 * The plan's findings as SARIF 2.1.0 (`plan.sarif` beside plan.json), for GitHub code scanning
 * (`github/codeql-action/upload-sarif`): each config problem on the file and line it names, each policy
 * violation on the config file of the stack whose resource violates it (a spoke's on its request, a hub
 * stack's on its stack file), with the resource's URN as the logical location.
 *
 * Shape: OASIS SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), checked
 * against its JSON schema in the tests; what GitHub reads of it:
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 * (`ruleId` stable across runs, paths relative to the repository root, `region.startLine`,
 * `automationDetails.id` as the analysis category, rule `properties.security-severity` from 0.1 to 10).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "../../stacks/schema/errors";
import type { PolicyFinding } from "./policy";

/** The rule every config problem reports under. */
export const CONFIG_RULE = "hub-network-config";

/** A SARIF log, as far as the plan writes one. */
export interface SarifLog {
    readonly $schema: string;
    readonly version: "2.1.0";
    readonly runs: readonly SarifRun[];
}

/** One run: the plan of one environment. */
export interface SarifRun {
    readonly tool: {
        readonly driver: {
            readonly name: string;
            readonly version: string;
            readonly rules: readonly SarifRule[];
        };
    };
    readonly automationDetails: { readonly id: string };
    readonly results: readonly SarifResult[];
}

/** A rule (`reportingDescriptor`). */
export interface SarifRule {
    readonly id: string;
    readonly name: string;
    readonly shortDescription: { readonly text: string };
    readonly defaultConfiguration: { readonly level: SarifLevel };
    readonly properties: { readonly tags: readonly string[]; readonly "security-severity"?: string };
}

type SarifLevel = "error" | "warning" | "note";

/** A result, located on a file and line. */
export interface SarifResult {
    readonly ruleId: string;
    readonly ruleIndex: number;
    readonly level: SarifLevel;
    readonly message: { readonly text: string };
    readonly locations: readonly {
        readonly physicalLocation: {
            readonly artifactLocation: { readonly uri: string; readonly uriBaseId: "%SRCROOT%" };
            readonly region: { readonly startLine: number };
        };
        readonly logicalLocations?: readonly { readonly fullyQualifiedName: string; readonly kind: string }[];
    }[];
    readonly properties?: Readonly<Record<string, string>>;
}

/** What the SARIF log is made of. */
export interface SarifInput {
    readonly env: string;
    /** The project folder the files are relative to. */
    readonly root: string;
    readonly toolVersion: string;
    readonly findings: readonly PolicyFinding[];
    readonly problems: readonly ConfigProblem[];
}

/** GitHub's scale for `security-severity`: critical over 9.0, high 7.0-8.9, medium 4.0-6.9, low below. */
const SECURITY_SEVERITY: Readonly<Record<string, string>> = {
    critical: "9.5",
    high: "8.0",
    medium: "5.5",
    low: "3.0",
};

/**
 * The config problems a failed stack's message lists, one per line as `formatProblem` prints them
 * (`  file:line: field 'value' expected ...`): a stack evaluated on a worker thread hands back only
 * its message.
 */
export function problemsInMessage(message: string): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    for (const line of message.split("\n")) {
        const m = /^\s+((?:[\w.@-]+\/)*[\w.@-]+\.(?:ya?ml|json))(?::(\d+))?: (\S+)(.*)$/.exec(line);
        if (!m) continue;
        out.push({
            file: m[1],
            ...(m[2] ? { line: Number(m[2]) } : {}),
            field: m[3],
            message: m[4].trim(),
        });
    }
    return out;
}

/** The line of a stack file a reviewer reads for a finding: its spoke request, else its role. */
function anchorLine(root: string, file: string, cache: Map<string, number>): number {
    const known = cache.get(file);
    if (known !== undefined) return known;
    let line = 1;
    try {
        const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n");
        const at =
            [/^\s*hub-network:spoke:/, /^\s*hub-network:role:/]
                .map((re) => lines.findIndex((l) => re.test(l)))
                .find((i) => i >= 0) ?? -1;
        line = at + 1 || 1;
    } catch {
        // The file is gone (a stack of the baseline): line 1.
    }
    cache.set(file, line);
    return line;
}

/** Forward slashes, relative: the path GitHub matches against the repository. */
const uriOf = (file: string) => file.split(path.sep).join("/").replace(/^\.\//, "");

/** The SARIF log of one plan. */
export function planSarif(input: SarifInput): SarifLog {
    const rules: SarifRule[] = [];
    const index = new Map<string, number>();
    const rule = (r: SarifRule) => {
        if (!index.has(r.id)) {
            index.set(r.id, rules.length);
            rules.push(r);
        }
        return index.get(r.id)!;
    };
    const results: SarifResult[] = [];
    const lines = new Map<string, number>();
    for (const p of input.problems) {
        const ruleIndex = rule({
            id: CONFIG_RULE,
            name: "InvalidConfiguration",
            shortDescription: { text: "A stack or environment file has a value the stacks cannot deploy." },
            defaultConfiguration: { level: "error" },
            properties: { tags: ["hub-network", "configuration"] },
        });
        results.push({
            ruleId: CONFIG_RULE,
            ruleIndex,
            level: "error",
            message: {
                text: `${p.field}${p.value === undefined ? "" : ` '${String(p.value)}'`} ${p.message}`,
            },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: { uri: uriOf(p.file), uriBaseId: "%SRCROOT%" },
                        region: { startLine: p.line ?? 1 },
                    },
                },
            ],
        });
    }
    for (const f of input.findings) {
        const level: SarifLevel = f.enforcementLevel === "mandatory" ? "error" : "warning";
        const ruleIndex = rule({
            id: f.policyName,
            name: f.policyName,
            shortDescription: { text: f.description },
            defaultConfiguration: { level },
            properties: {
                tags: ["hub-network", "policy", "security"],
                ...(SECURITY_SEVERITY[f.severity]
                    ? { "security-severity": SECURITY_SEVERITY[f.severity] }
                    : {}),
            },
        });
        const file = path.join("stacks", "config", `Pulumi.${f.stack}.yaml`);
        results.push({
            ruleId: f.policyName,
            ruleIndex,
            level,
            message: {
                text: `${f.stack}${f.urn ? ` ${f.urn.slice(f.urn.lastIndexOf("::") + 2)}` : ""}: ${f.message}`,
            },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: { uri: uriOf(file), uriBaseId: "%SRCROOT%" },
                        region: { startLine: anchorLine(input.root, file, lines) },
                    },
                    ...(f.urn ? { logicalLocations: [{ fullyQualifiedName: f.urn, kind: "resource" }] } : {}),
                },
            ],
            properties: {
                stack: f.stack,
                enforcementLevel: f.enforcementLevel,
                policyPack: `${f.policyPackName}@${f.policyPackVersion}`,
            },
        });
    }
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "hub-network plan",
                        version: input.toolVersion,
                        rules,
                    },
                },
                automationDetails: { id: `hub-network-plan/${input.env}/` },
                results,
            },
        ],
    };
}
