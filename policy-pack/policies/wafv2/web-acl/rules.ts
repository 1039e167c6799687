/**
 * Shared by the WAFv2 web ACL policies: the rules of a web ACL, from `rules` or from `ruleJson` (the
 * API's own JSON, in PascalCase), read with case-insensitive keys so both shapes look alike.
 */
import { isUnknown, list, record, str, type Props } from "../../../lib/props";

export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";

/** `obj[key]`, matching the key case-insensitively (`cloudwatchMetricsEnabled` = `CloudWatchMetricsEnabled`). */
export function field(obj: unknown, key: string): unknown {
    const r = record(obj);
    const found = Object.keys(r).find((k) => k.toLowerCase() === key.toLowerCase());
    return found === undefined ? undefined : r[found];
}

/** One rule of a web ACL. */
export interface WebAclRule {
    readonly name: string;
    readonly statement: Props;
    /** The rule's action (`block`, `count`, ...), for rules with their own statement. */
    readonly action?: string;
    /** `count` when a rule group's actions are overridden to count only, else `none`. */
    readonly overrideAction?: string;
    readonly visibilityConfig: Props;
}

const actionOf = (value: unknown): string | undefined => Object.keys(record(value))[0]?.toLowerCase();

/** The web ACL's rules, or undefined when they are unknown (a preview) or cannot be read. */
export function webAclRules(props: Props): WebAclRule[] | undefined {
    let raw: unknown = props.rules;
    if (isUnknown(raw)) return undefined;
    if (raw === undefined && typeof props.ruleJson === "string") {
        if (isUnknown(props.ruleJson)) return undefined;
        try {
            raw = JSON.parse(props.ruleJson);
        } catch {
            return undefined;
        }
    }
    return list(raw).map((r, i) => ({
        name: str(field(r, "name")) ?? `#${i}`,
        statement: record(field(r, "statement")),
        action: actionOf(field(r, "action")),
        overrideAction: actionOf(field(r, "overrideAction")),
        visibilityConfig: record(field(r, "visibilityConfig")),
    }));
}
