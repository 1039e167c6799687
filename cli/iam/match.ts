/**
 * String matching as IAM does it: `*` (any run of characters) and `?` (one character) wildcards,
 * ARNs compared per colon-separated component, and the intersection of two patterns (used to check
 * a policy's resource pattern against the ARN formats of the Service Authorization Reference).
 */

/**
 * True when `value` matches the wildcard `pattern` (`*` any run, `?` one character; every other
 * character literal). Iterative, with backtracking on the last `*`: linear for the patterns IAM uses.
 */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const p = ignoreCase ? pattern.toLowerCase() : pattern;
    const v = ignoreCase ? value.toLowerCase() : value;
    let pi = 0;
    let vi = 0;
    let star = -1;
    let mark = 0;
    while (vi < v.length) {
        if (pi < p.length && (p[pi] === "?" || p[pi] === v[vi])) {
            pi++;
            vi++;
        } else if (pi < p.length && p[pi] === "*") {
            star = pi++;
            mark = vi;
        } else if (star >= 0) {
            pi = star + 1;
            vi = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.length && p[pi] === "*") pi++;
    return pi === p.length;
}

/** An ARN's six components: `arn`, partition, service, region, account, resource (which may hold colons). */
export function arnParts(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * `ArnLike`/`ArnEquals` and the `Resource` element: "each of the six colon-delimited components of
 * the ARN is checked separately and each can include multi-character match wildcards (*) or
 * single-character match wildcards (?)" (condition operators,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
 * A pattern that is not an ARN (`*`) is matched as a whole.
 */
export function arnMatch(pattern: string, value: string): boolean {
    const p = arnParts(pattern);
    const v = arnParts(value);
    if (!p || !v) return globMatch(pattern, value);
    return p.every((part, i) => globMatch(part, v[i]));
}

/**
 * True when some string matches both patterns (each with `*` and `?` wildcards). Dynamic programming
 * over both patterns: a `*` on either side may stand for nothing or absorb the other side's next
 * character.
 */
export function globsIntersect(a: string, b: string): boolean {
    const memo = new Map<number, boolean>();
    const width = b.length + 1;
    const walk = (i: number, j: number): boolean => {
        const key = i * width + j;
        const known = memo.get(key);
        if (known !== undefined) return known;
        let result: boolean;
        if (i === a.length && j === b.length) result = true;
        else if (i < a.length && a[i] === "*") result = walk(i + 1, j) || (j < b.length && walk(i, j + 1));
        else if (j < b.length && b[j] === "*") result = walk(i, j + 1) || (i < a.length && walk(i + 1, j));
        else if (i < a.length && j < b.length) {
            result = (a[i] === b[j] || a[i] === "?" || b[j] === "?") && walk(i + 1, j + 1);
        } else result = false;
        memo.set(key, result);
        return result;
    };
    return walk(0, 0);
}
