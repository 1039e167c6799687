/** IAM policy documents (identity, trust, key and bucket policies) as policies read them. */
import { isUnknown, record, type Props } from "./props";

/** One statement, with its lists normalized. */
export interface Statement {
    readonly index: number;
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    readonly actions: readonly string[];
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
            actions: strings(st.Action),
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
