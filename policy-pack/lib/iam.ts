/** IAM policy documents (identity, trust, key and bucket policies) as policies read them. */
import { isUnknown, record, type Props } from "./props";

/** One statement, with its lists normalized. */
export interface Statement {
    readonly index: number;
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    readonly actions: readonly string[];
    /** True when the statement lists its actions through `NotAction` (every action but them). */
    readonly notAction: boolean;
    /** `Resource` values, or the `NotResource` values when {@link notResource}. */
    readonly resources: readonly string[];
    /** True when the statement names resources through `NotResource` (every resource but them). */
    readonly notResource: boolean;
    /** `*` for `Principal: "*"`; otherwise every principal value of every kind (AWS, Service, ...). */
    readonly principals: readonly string[];
    /** True when the statement names principals through `NotPrincipal` (everyone but them). */
    readonly notPrincipal: boolean;
    readonly condition: Props;
}

const strings = (value: unknown): string[] =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

/**
 * The statements of a policy document given as JSON text or an object; undefined when it is unknown
 * (a preview) or absent, so the caller can skip it.
 */
export function statementsOf(document: unknown): Statement[] | undefined {
    if (document === undefined || isUnknown(document)) return undefined;
    let doc: unknown = document;
    if (typeof document === "string") {
        try {
            doc = JSON.parse(document);
        } catch {
            return undefined;
        }
    }
    const raw = record(doc).Statement;
    return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((s, index) => {
        const st = record(s);
        const principal = st.Principal;
        const principals =
            principal === "*" ? ["*"] : Object.values(record(principal)).flatMap((value) => strings(value));
        return {
            index,
            sid: typeof st.Sid === "string" ? st.Sid : undefined,
            effect: st.Effect === "Deny" ? "Deny" : "Allow",
            actions: strings(st.Action ?? st.NotAction),
            notAction: st.Action === undefined && st.NotAction !== undefined,
            resources: strings(st.Resource ?? st.NotResource),
            notResource: st.Resource === undefined && st.NotResource !== undefined,
            principals,
            notPrincipal: st.NotPrincipal !== undefined,
            condition: record(st.Condition),
        };
    });
}

/** `statement 'Sid'` or `statement 2`: how a statement reads in a message. */
export const statementName = (s: Statement): string =>
    s.sid ? `statement '${s.sid}'` : `statement ${s.index}`;

/** True when an Allow statement grants to anyone (`*`), without a condition narrowing it. */
export const isPublicGrant = (s: Statement): boolean =>
    s.effect === "Allow" && s.principals.includes("*") && Object.keys(s.condition).length === 0;

/** The condition keys of a statement, lower-cased, whatever their operator. */
export const conditionKeys = (s: Statement): string[] =>
    Object.values(s.condition).flatMap((operator) =>
        Object.keys(record(operator)).map((k) => k.toLowerCase()),
    );

/**
 * Global condition keys that narrow who may call (the caller's organization, account or ARN) or from
 * where (the calling service's resource or account, a VPC, an endpoint or an address range); see
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html. A condition
 * on any other key (`aws:SecureTransport`, `aws:RequestedRegion`, ...) still lets anyone in.
 */
export const NARROWING_KEYS = [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:userid",
];

/**
 * True when an Allow statement grants to anyone: `Principal: "*"` in any form, or `NotPrincipal`,
 * without a condition on a key that narrows the caller ({@link NARROWING_KEYS}).
 */
export const isAnonymousGrant = (s: Statement): boolean =>
    s.effect === "Allow" &&
    (s.principals.includes("*") || s.notPrincipal) &&
    !conditionKeys(s).some((k) => NARROWING_KEYS.includes(k));

/** True when the IAM pattern `pattern` (with `*` and `?` wildcards) matches `value`, as IAM compares ARNs. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`, ignoreCase ? "i" : "").test(value);
}
