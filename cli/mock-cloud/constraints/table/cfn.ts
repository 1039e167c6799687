/**
 * Rows taken from CloudFormation's resource specification (cfn/spec-facts.json, extracted from npm
 * `@aws-cdk/aws-service-spec`): every property CloudFormation requires of a type, where the provider
 * takes it as an input of its own (cfn/mapping.ts); and the allowed values and patterns the
 * specification states, where it states them.
 */
import { CFN_MAPPING } from "../cfn/mapping";
import type { SpecFacts } from "../cfn/facts";
import FACTS from "../cfn/spec-facts.json";
import { styleOf, type ConstraintRow } from "../rules";

/** The rows the facts give for the mapped types. */
export function cfnRows(facts: SpecFacts = FACTS as SpecFacts): ConstraintRow[] {
    const rows: ConstraintRow[] = [];
    for (const [type, mapping] of Object.entries(CFN_MAPPING)) {
        if (mapping.cfnType === null) continue;
        const props = facts.types[mapping.cfnType] ?? {};
        for (const [property, cfnProperty] of Object.entries(mapping.properties)) {
            const fact = props[cfnProperty];
            if (!fact) continue;
            const source = `CloudFormation resource specification (${facts.package} ${facts.version}): ${mapping.cfnType}.${cfnProperty}`;
            const base = { type, property, member: cfnProperty, style: styleOf(type), source };
            if (fact.required && !mapping.supplied?.[cfnProperty]) {
                rows.push({ ...base, rule: { kind: "required" } });
            }
            if (fact.allowedValues)
                rows.push({ ...base, rule: { kind: "oneOf", values: fact.allowedValues } });
            if (fact.pattern)
                rows.push({ ...base, rule: { kind: "pattern", pattern: new RegExp(fact.pattern) } });
        }
    }
    return rows;
}
