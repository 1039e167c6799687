/** Builders for the rows of the constraint table: each row states its rule and cites its source. */
import { styleOf, type ConstraintRow, type Rule } from "../rules";

/** A row on `property` of `type`, the refusal worded as the service behind `type` words it. */
export function row(
    type: string,
    property: string,
    member: string,
    rule: Rule,
    source: string,
    text?: { readonly code?: string; readonly message?: string },
): ConstraintRow {
    return { type, property, member, rule, style: styleOf(type), source, ...text };
}

/** A row the provider checks before it calls AWS (its schema's validators), citing the provider file. */
export function providerRow(type: string, property: string, rule: Rule, source: string): ConstraintRow {
    return { type, property, member: property, rule, style: "provider", source };
}

/** A string of `min` to `max` characters. */
export const length = (min: number | undefined, max: number): Rule => ({
    kind: "length",
    ...(min !== undefined ? { min } : {}),
    max,
});
/** A string matching `pattern`. */
export const pattern = (p: RegExp): Rule => ({ kind: "pattern", pattern: p });
/** One of `values`. */
export const oneOf = (...values: (string | number)[]): Rule => ({ kind: "oneOf", values });
/** A number from `min` to `max`. */
export const range = (min: number | undefined, max?: number): Rule => ({
    kind: "range",
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
});
/** A list of `min` to `max` members. */
export const count = (min: number | undefined, max?: number): Rule => ({
    kind: "count",
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
});
/** Exactly one of `of`. */
export const exactlyOne = (...of: string[]): Rule => ({ kind: "exactlyOne", of });
/** Not `value` while `when` is `equals`. */
export const notWhen = (value: unknown, when: string, equals: unknown): Rule => ({
    kind: "notWhen",
    value,
    when,
    equals,
});
/** Not together with `others`. */
export const exclusive = (...others: string[]): Rule => ({ kind: "exclusive", others });

/** The API reference page of an action: `api("AWSEC2", "CreateVpc")`. */
export const api = (guide: string, action: string): string =>
    `https://docs.aws.amazon.com/${guide}/latest/APIReference/API_${action}.html`;

/** A file of the Terraform AWS provider (the code `@pulumi/aws` bridges). */
export const tfProvider = (file: string): string =>
    `terraform-provider-aws ${file} (github.com/hashicorp/terraform-provider-aws)`;
