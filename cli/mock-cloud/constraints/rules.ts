/**
 * The kinds of value constraint AWS documents, and how AWS words a refusal. A row of the constraint
 * table (table/index.ts) pairs a provider property with one rule, the AWS error it draws and the
 * document that says so; check.ts compiles the rows per resource type.
 */

/** How the service that owns the API reports a value it refuses. */
export type ErrorStyle =
    /**
     * The Smithy/Coral validation of JSON and REST services (Network Firewall, Route 53 Resolver, Logs,
     * KMS, WAF, Lambda, ECS, DynamoDB, Cognito, API Gateway, ...): `ValidationException: 1 validation
     * error detected: Value 'x' at 'name' failed to satisfy constraint: Member must ...`.
     */
    | "validation-exception"
    /** The same text under IAM's and other query services' code `ValidationError`. */
    | "validation-error"
    /** EC2's query API: `InvalidParameterValue` with a text of its own per parameter. */
    | "ec2"
    /**
     * The provider itself, before it calls AWS (a validator of its schema, in the Terraform AWS
     * provider the `@pulumi/aws` provider bridges): the plugin framework's diagnostic.
     */
    | "provider";

/** A constraint on one value (or, for the cross-field kinds, on the resource's inputs). */
export type Rule =
    /** A string's length in characters. */
    | { readonly kind: "length"; readonly min?: number; readonly max?: number }
    /** A string matching a pattern (`pattern` is AWS's own expression when it publishes one). */
    | { readonly kind: "pattern"; readonly pattern: RegExp }
    /** One of a documented set of values. */
    | { readonly kind: "oneOf"; readonly values: readonly (string | number)[] }
    /** A number in a documented range. */
    | { readonly kind: "range"; readonly min?: number; readonly max?: number }
    /** A list with a documented number of members. */
    | { readonly kind: "count"; readonly min?: number; readonly max?: number }
    /** A map with a documented number of entries (tags). */
    | { readonly kind: "entries"; readonly max: number }
    /** A property AWS requires (it is missing). */
    | { readonly kind: "required" }
    /** When this property is set, every one of `with` must be set too. */
    | { readonly kind: "requiredWith"; readonly with: readonly string[] }
    /** At most one of this property and `others` may be set. */
    | { readonly kind: "exclusive"; readonly others: readonly string[] }
    /** Exactly one of `of` must be set (the row's property names the group). */
    | { readonly kind: "exactlyOne"; readonly of: readonly string[] }
    /** This property may not be `value` while property `when` is `equals`. */
    | { readonly kind: "notWhen"; readonly value: unknown; readonly when: string; readonly equals: unknown };

/** What AWS answers when a value breaks a rule: its error code and text. */
export interface AwsError {
    readonly code: string;
    readonly message: string;
}

/** One row of the constraint table. */
export interface ConstraintRow {
    /** Provider type token (`aws:ec2/securityGroup:SecurityGroup`), or `*` for every `aws:` type. */
    readonly type: string;
    /**
     * Provider input path: dot-separated property names, `[]` for every member of a list, `{}` for
     * every key of a map and `{}=` for every value (`ipAddresses[].ip`, `tags{}`).
     */
    readonly property: string;
    /** The API member AWS names in its error (`GroupDescription`, `roleName`). */
    readonly member: string;
    readonly rule: Rule;
    /** How the service words the refusal, unless `message` gives AWS's own text. */
    readonly style: ErrorStyle;
    /** AWS's own text for this refusal, where it is known (then `code` too). */
    readonly message?: string;
    readonly code?: string;
    /** Where the constraint is documented: an API reference URL, or the package and property. */
    readonly source: string;
}

/**
 * How the service behind a provider type reports a refused value: EC2's own text, IAM's
 * `ValidationError`, or the `ValidationException` of the JSON and REST services.
 */
export function styleOf(type: string): ErrorStyle {
    const service = type.slice(type.indexOf(":") + 1, type.indexOf("/"));
    if (["ec2", "vpc", "ec2transitgateway"].includes(service)) return "ec2";
    // The query-protocol services (IAM, SNS, Auto Scaling, CloudWatch alarms) answer ValidationError.
    if (["iam", "sns", "autoscaling"].includes(service) || type.startsWith("aws:cloudwatch/metricAlarm:")) {
        return "validation-error";
    }
    return "validation-exception";
}

/** The error AWS answers for `value` (of `row.member`) breaking `row.rule` as `clause` says. */
export function awsError(row: ConstraintRow, value: unknown, clause: string): AwsError {
    const code = row.code ?? codeOf(row.style);
    if (row.message !== undefined) return { code, message: row.message };
    const shown = typeof value === "string" ? value : JSON.stringify(value);
    if (row.style === "provider") return { code, message: clause };
    if (row.style === "ec2" && row.rule.kind === "required") {
        return { code: "MissingParameter", message: `The request must contain the parameter ${row.member}` };
    }
    if (row.style === "ec2") {
        return { code, message: `Value (${shown}) for parameter ${row.member} is invalid. ${clause}` };
    }
    // A missing value reads `Value null at 'x'`, as the Smithy validators print it.
    const valueText = value === undefined || value === null ? "null" : `'${shown}'`;
    return {
        code,
        message: `1 validation error detected: Value ${valueText} at '${row.member}' failed to satisfy constraint: ${clause}`,
    };
}

function codeOf(style: ErrorStyle): string {
    switch (style) {
        case "validation-exception":
            return "ValidationException";
        case "validation-error":
            return "ValidationError";
        case "ec2":
            return "InvalidParameterValue";
        case "provider":
            return "Invalid Attribute Combination";
    }
}
