/**
 * Whether a change of a resource's inputs replaces it, and why: CloudFormation's resource
 * specification through the table's mapping, with the provider's own rules first (replacement-table.ts).
 */
import factsJson from "./cfn-replacement.json";
import type { ReplacementFacts } from "./replacement-facts";
import {
    REPLACEMENT_TABLE,
    VPN_TUNNEL_OPTION,
    VPN_TUNNEL_RULE,
    type ProviderRule,
} from "./replacement-table";
import type { ValueDiff } from "./values";

const FACTS = factsJson as ReplacementFacts;

/** Properties that never replace a resource: the provider updates tags through the tagging API. */
const NEVER = new Set(["tags", "tagsAll"]);

/** What decides whether one changed property replaces the resource. */
export interface PropertyVerdict {
    readonly replaces: boolean;
    /** `cloudformation` (the specification), `provider` (a table rule) or `unknown` (no fact). */
    readonly basis: "cloudformation" | "cloudformation-conditional" | "provider" | "unknown";
    /** The CloudFormation property or the provider source file the verdict rests on. */
    readonly source?: string;
    readonly note?: string;
}

const upperFirst = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The verdict for a change of the top-level input `property` of a resource of `type`. */
export function propertyVerdict(type: string, property: string): PropertyVerdict {
    if (NEVER.has(property)) return { replaces: false, basis: "provider", note: "tags are updated in place" };
    const row = REPLACEMENT_TABLE[type];
    if (!row) return { replaces: false, basis: "unknown" };
    const rule: ProviderRule | undefined =
        row.provider?.[property] ??
        (type === "aws:ec2/vpnConnection:VpnConnection" && VPN_TUNNEL_OPTION.test(property)
            ? VPN_TUNNEL_RULE
            : undefined);
    if (rule) {
        return {
            replaces: rule.replaces,
            basis: "provider",
            source: rule.source,
            ...(rule.note ? { note: rule.note } : {}),
        };
    }
    if (!row.cfnType) return { replaces: false, basis: "unknown" };
    const facts = FACTS.types[row.cfnType];
    const cfnProperty = row.renames?.[property] ?? upperFirst(property);
    const source = `${row.cfnType}.${cfnProperty}`;
    if (!facts?.properties.includes(cfnProperty)) return { replaces: false, basis: "unknown" };
    if (facts.replaces.includes(cfnProperty)) return { replaces: true, basis: "cloudformation", source };
    if (facts.conditional.includes(cfnProperty)) {
        return { replaces: true, basis: "cloudformation-conditional", source };
    }
    return { replaces: false, basis: "cloudformation", source };
}

/** `a.b[3].c` -> `a.b[].c`, the form the table's nested rules are written in. */
function pattern(path: string): string {
    return path.replace(/\[\d+\]/g, "[]").replace(/\["([^"]*)"\]/g, ".$1");
}

/** One reason a change replaces a resource. */
export interface ReplaceReason {
    /** The top-level input (what `replaceReasons` of the preview JSON lists). */
    readonly property: string;
    /** Why, in words: "CloudFormation AWS::EC2::VPC.CidrBlock: Update requires Replacement". */
    readonly why: string;
}

/**
 * The reasons the changed paths replace a resource of `type` (empty: an update in place). A top-level
 * property replaces when the provider's rule or CloudFormation's says so; a nested path when the table
 * names it.
 */
export function replaceReasons(type: string, diffs: readonly ValueDiff[]): ReplaceReason[] {
    const reasons = new Map<string, string>();
    for (const property of new Set(diffs.map((d) => d.property))) {
        const verdict = propertyVerdict(type, property);
        if (!verdict.replaces) continue;
        reasons.set(
            property,
            verdict.basis === "provider"
                ? `the provider replaces it (${verdict.source}${verdict.note ? `: ${verdict.note}` : ""})`
                : verdict.basis === "cloudformation-conditional"
                  ? `CloudFormation ${verdict.source}: update may require replacement`
                  : `CloudFormation ${verdict.source}: update requires replacement`,
        );
    }
    const nested = REPLACEMENT_TABLE[type]?.nested ?? {};
    for (const d of diffs) {
        const rule = nested[pattern(d.path)];
        if (rule?.replaces && !reasons.has(d.property)) {
            reasons.set(d.property, `the provider replaces it (${rule.source}: ${rule.note ?? d.path})`);
        }
    }
    return [...reasons].map(([property, why]) => ({ property, why }));
}

/** The specification's package and version the facts come from. */
export const SPEC_VERSION = `${FACTS.package}@${FACTS.version}`;
