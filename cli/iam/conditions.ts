/**
 * The `Condition` element: condition operators, the `ForAllValues`/`ForAnyValue` set operators, the
 * `...IfExists` suffix, `Null`, and policy variables, as the IAM User Guide defines them:
 * - operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * - a key absent from the request context: "the values do not match and the condition is false. If
 *   the policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike,
 *   and the right key is not present, the condition is true" (Condition element,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html)
 * - multivalued keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * - variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { Address4, Address6 } from "ip-address";
import { arnMatch, globMatch } from "./match";
import type { Condition } from "./policy";

/** A context key's value: one string, or several for a multivalued key (`aws:TagKeys`). */
export type ContextValue = string | readonly string[];

/** The request context: condition keys (names compared without case) and their values. */
export class RequestContext {
    private readonly values = new Map<string, ContextValue>();

    constructor(entries: Readonly<Record<string, ContextValue | undefined>> = {}) {
        for (const [key, value] of Object.entries(entries)) {
            if (value !== undefined) this.values.set(key.toLowerCase(), value);
        }
    }

    /** The value of `key`, or undefined when the request does not carry it. */
    get(key: string): ContextValue | undefined {
        return this.values.get(key.toLowerCase());
    }

    /** A copy with `entries` added (or replaced). */
    with(entries: Readonly<Record<string, ContextValue | undefined>>): RequestContext {
        const next = new RequestContext();
        for (const [k, v] of this.values) next.values.set(k, v);
        for (const [key, value] of Object.entries(entries)) {
            if (value === undefined) next.values.delete(key.toLowerCase());
            else next.values.set(key.toLowerCase(), value);
        }
        return next;
    }
}

/** A condition this evaluator cannot decide (an operator it does not implement). */
export class UnsupportedConditionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnsupportedConditionError";
    }
}

/** `${*}`, `${?}` and `${$}` stand for the literal characters (policy variables, "Special characters"). */
const SPECIAL: Readonly<Record<string, string>> = { "*": "*", "?": "?", $: "$" };

/**
 * Replaces the policy variables of `text` (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`)
 * with their values in `context`. A variable without a value and without a default makes the whole
 * value unresolvable: undefined, which matches nothing ("Policy variables with no value").
 */
export function substitute(text: string, context: RequestContext): string | undefined {
    if (!text.includes("${")) return text;
    let unresolved = false;
    const result = text.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
        const special = SPECIAL[inner.trim()];
        if (special !== undefined) return special;
        const match = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
        if (!match) {
            unresolved = true;
            return "";
        }
        const value = context.get(match[1]);
        if (typeof value === "string") return value;
        if (match[2] !== undefined) return match[2];
        unresolved = true;
        return "";
    });
    return unresolved ? undefined : result;
}

type Compare = (request: string, policy: string) => boolean;

function numeric(cmp: (a: number, b: number) => boolean): Compare {
    return (request, policy) => {
        const a = Number(request);
        const b = Number(policy);
        return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
    };
}

function dateOf(text: string): number {
    return /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
}

function date(cmp: (a: number, b: number) => boolean): Compare {
    return (request, policy) => {
        const a = dateOf(request);
        const b = dateOf(policy);
        return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
    };
}

function inCidr(request: string, policy: string): boolean {
    try {
        if (request.includes(":") !== policy.includes(":")) return false;
        const range = policy.includes(":") ? new Address6(policy) : new Address4(policy);
        const address = request.includes(":") ? new Address6(request) : new Address4(request);
        return address.isInSubnet(range as never);
    } catch {
        return false;
    }
}

/** Each base operator: how a request value compares with one policy value, and whether it is negated. */
const OPERATORS: Readonly<Record<string, { readonly compare: Compare; readonly negated: boolean }>> = {
    StringEquals: { compare: (r, p) => r === p, negated: false },
    StringNotEquals: { compare: (r, p) => r === p, negated: true },
    StringEqualsIgnoreCase: { compare: (r, p) => r.toLowerCase() === p.toLowerCase(), negated: false },
    StringNotEqualsIgnoreCase: { compare: (r, p) => r.toLowerCase() === p.toLowerCase(), negated: true },
    StringLike: { compare: (r, p) => globMatch(p, r), negated: false },
    StringNotLike: { compare: (r, p) => globMatch(p, r), negated: true },
    ArnEquals: { compare: (r, p) => arnMatch(p, r), negated: false },
    ArnLike: { compare: (r, p) => arnMatch(p, r), negated: false },
    ArnNotEquals: { compare: (r, p) => arnMatch(p, r), negated: true },
    ArnNotLike: { compare: (r, p) => arnMatch(p, r), negated: true },
    Bool: { compare: (r, p) => r.toLowerCase() === p.toLowerCase(), negated: false },
    NumericEquals: { compare: numeric((a, b) => a === b), negated: false },
    NumericNotEquals: { compare: numeric((a, b) => a === b), negated: true },
    NumericLessThan: { compare: numeric((a, b) => a < b), negated: false },
    NumericLessThanEquals: { compare: numeric((a, b) => a <= b), negated: false },
    NumericGreaterThan: { compare: numeric((a, b) => a > b), negated: false },
    NumericGreaterThanEquals: { compare: numeric((a, b) => a >= b), negated: false },
    DateEquals: { compare: date((a, b) => a === b), negated: false },
    DateNotEquals: { compare: date((a, b) => a === b), negated: true },
    DateLessThan: { compare: date((a, b) => a < b), negated: false },
    DateLessThanEquals: { compare: date((a, b) => a <= b), negated: false },
    DateGreaterThan: { compare: date((a, b) => a > b), negated: false },
    DateGreaterThanEquals: { compare: date((a, b) => a >= b), negated: false },
    IpAddress: { compare: inCidr, negated: false },
    NotIpAddress: { compare: inCidr, negated: true },
};

/** An operator split into its set prefix, base operator and `IfExists` suffix. */
export interface ParsedOperator {
    readonly set?: "ForAllValues" | "ForAnyValue";
    readonly base: string;
    readonly ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperator(operator: string): ParsedOperator | undefined {
    const [prefix, rest] = operator.includes(":") ? operator.split(":", 2) : [undefined, operator];
    if (prefix !== undefined && prefix !== "ForAllValues" && prefix !== "ForAnyValue") return undefined;
    const ifExists = rest.endsWith("IfExists");
    const base = ifExists ? rest.slice(0, -"IfExists".length) : rest;
    if (base === "Null") return ifExists || prefix ? undefined : { base, ifExists: false };
    if (!OPERATORS[base]) return undefined;
    return { set: prefix as ParsedOperator["set"], base, ifExists };
}

/** True when `condition` holds for `context`. */
export function conditionHolds(condition: Condition, context: RequestContext): boolean {
    const parsed = parseOperator(condition.operator);
    if (!parsed) throw new UnsupportedConditionError(`unknown condition operator ${condition.operator}`);
    const present = context.get(condition.key);
    const requestValues = present === undefined ? [] : typeof present === "string" ? [present] : [...present];
    if (parsed.base === "Null") {
        const absent = requestValues.length === 0;
        return condition.values.some((v) => (v.toLowerCase() === "true" ? absent : !absent));
    }
    const { compare, negated } = OPERATORS[parsed.base];
    const policyValues = condition.values.map((v) => substitute(v, context));
    /** Whether one request value matches one of the policy values (unresolvable values match nothing). */
    const matches = (value: string) => policyValues.some((p) => p !== undefined && compare(value, p));
    /** Whether one request value satisfies the operator (negated operators: matches none). */
    const satisfies = (value: string) => (negated ? !matches(value) : matches(value));
    if (parsed.set === "ForAllValues") return requestValues.every(satisfies);
    if (parsed.set === "ForAnyValue") return requestValues.some(satisfies);
    if (requestValues.length === 0) return parsed.ifExists || negated;
    return negated ? requestValues.every(satisfies) : requestValues.some(satisfies);
}
