/**
 * IAM policy documents as the evaluator reads them: the JSON grammar of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html, normalized so that
 * every element that may be a string or a list is a list.
 */

/** A policy document as written (`Statement` a statement or a list of them). */
export interface PolicyDocument {
    readonly Version?: string;
    readonly Id?: string;
    readonly Statement: RawStatement | readonly RawStatement[];
}

type OneOrMany = string | readonly string[];

/** One statement as written. */
export interface RawStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: "*" | Readonly<Record<string, OneOrMany>>;
    readonly NotPrincipal?: "*" | Readonly<Record<string, OneOrMany>>;
    readonly Action?: OneOrMany;
    readonly NotAction?: OneOrMany;
    readonly Resource?: OneOrMany;
    readonly NotResource?: OneOrMany;
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany | boolean | number>>>>;
}

/** Principals by type (`AWS`, `Service`, `Federated`, `CanonicalUser`), or `*` (everyone). */
export type Principals = "*" | Readonly<Record<string, readonly string[]>>;

/** One condition: an operator (with its `ForAllValues:`/`ForAnyValue:` prefix and `IfExists` suffix), a key, its values. */
export interface Condition {
    readonly operator: string;
    readonly key: string;
    readonly values: readonly string[];
}

/** A statement with every element normalized to a list. */
export interface Statement {
    /** The statement's `Sid`, or `#<index>` when it has none. */
    readonly sid: string;
    readonly effect: "Allow" | "Deny";
    readonly principal?: Principals;
    readonly notPrincipal?: Principals;
    readonly actions?: readonly string[];
    readonly notActions?: readonly string[];
    readonly resources?: readonly string[];
    readonly notResources?: readonly string[];
    readonly conditions: readonly Condition[];
}

/** A policy document that is not valid JSON or breaks the grammar. */
export class PolicyGrammarError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyGrammarError";
    }
}

const list = (value: OneOrMany | undefined): readonly string[] | undefined =>
    value === undefined ? undefined : typeof value === "string" ? [value] : value;

function principals(value: RawStatement["Principal"], where: string): Principals | undefined {
    if (value === undefined) return undefined;
    if (value === "*") return "*";
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new PolicyGrammarError(`${where}: Principal must be "*" or an object of principal types`);
    }
    return Object.fromEntries(Object.entries(value).map(([type, v]) => [type, list(v) ?? []]));
}

/** Parses a document (JSON text or an object) into normalized statements; throws {@link PolicyGrammarError}. */
export function parsePolicy(document: string | PolicyDocument): Statement[] {
    let doc: PolicyDocument;
    if (typeof document === "string") {
        try {
            doc = JSON.parse(document) as PolicyDocument;
        } catch (error) {
            throw new PolicyGrammarError(`not valid JSON: ${(error as Error).message}`);
        }
    } else {
        doc = document;
    }
    if (typeof doc !== "object" || doc === null || doc.Statement === undefined) {
        throw new PolicyGrammarError("no Statement element");
    }
    if (doc.Version !== undefined && doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17") {
        throw new PolicyGrammarError(`Version '${doc.Version}' is not 2012-10-17 or 2008-10-17`);
    }
    const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement as RawStatement];
    return raw.map((s, index) => normalize(s, index));
}

function normalize(s: RawStatement, index: number): Statement {
    const sid = s.Sid ?? `#${index}`;
    const where = `statement ${sid}`;
    if (s.Effect !== "Allow" && s.Effect !== "Deny") {
        throw new PolicyGrammarError(
            `${where}: Effect must be Allow or Deny, got ${JSON.stringify(s.Effect)}`,
        );
    }
    const pairs: [unknown, unknown, string][] = [
        [s.Action, s.NotAction, "Action and NotAction"],
        [s.Resource, s.NotResource, "Resource and NotResource"],
        [s.Principal, s.NotPrincipal, "Principal and NotPrincipal"],
    ];
    for (const [a, b, name] of pairs) {
        if (a !== undefined && b !== undefined) throw new PolicyGrammarError(`${where}: both ${name}`);
    }
    if (s.Action === undefined && s.NotAction === undefined) {
        throw new PolicyGrammarError(`${where}: no Action or NotAction`);
    }
    const conditions: Condition[] = [];
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
        if (typeof keys !== "object" || keys === null) {
            throw new PolicyGrammarError(`${where}: Condition ${operator} must map keys to values`);
        }
        for (const [key, value] of Object.entries(keys)) {
            const values = (Array.isArray(value) ? value : [value]).map((v) => String(v));
            conditions.push({ operator, key, values });
        }
    }
    return {
        sid,
        effect: s.Effect,
        principal: principals(s.Principal, where),
        notPrincipal: principals(s.NotPrincipal, where),
        actions: list(s.Action),
        notActions: list(s.NotAction),
        resources: list(s.Resource),
        notResources: list(s.NotResource),
        conditions,
    };
}

/**
 * A document's size as IAM counts it against its quotas: its characters without white space ("IAM
 * doesn't count white space when calculating the size of a policy", IAM and AWS STS quotas,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export function policySize(document: string): number {
    return document.replace(/\s/g, "").length;
}
