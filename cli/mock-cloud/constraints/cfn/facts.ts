/**
 * The facts the project takes from CloudFormation's resource specification (npm
 * `@aws-cdk/aws-service-spec`, Apache-2.0): for every CloudFormation type of the mapping, the
 * properties it maps and the properties CloudFormation requires, each with whether it is required,
 * whether a change replaces the resource (`causesReplacement`), and the allowed values and pattern
 * where the specification states them.
 *
 * The package's database takes over a second to load, so the facts are extracted once into
 * `spec-facts.json` (`npm run spec-facts`), which the mock cloud reads; a test extracts them again from
 * the installed package and fails when they differ, so an upgrade that changes a fact the project
 * relies on fails loudly and shows which.
 */
import { CFN_MAPPING } from "./mapping";

/** What the specification says of one property. */
export interface PropertyFact {
    readonly required: boolean;
    /** `yes`, `no` or `conditional` (CloudFormation's "Update requires: Some interruptions / Replacement"). */
    readonly causesReplacement: "yes" | "no" | "maybe";
    /** The values the documentation lists as allowed (`*Allowed Values* : A | B`), where it does. */
    readonly allowedValues?: readonly string[];
    /** The pattern the documentation states (`*Pattern* : ...`), where it does. */
    readonly pattern?: string;
}

/** The extracted facts: the package version, then per CloudFormation type, per property. */
export interface SpecFacts {
    readonly package: string;
    readonly version: string;
    readonly types: Readonly<Record<string, Readonly<Record<string, PropertyFact>>>>;
}

/** The part of the package's resource entity the extraction reads. */
interface SpecProperty {
    readonly required?: boolean;
    readonly causesReplacement?: "yes" | "no" | "maybe";
    readonly documentation?: string;
}

/** Looks a CloudFormation type up in the package's database. */
export type SpecLookup = (
    cfnType: string,
) => { readonly properties: Readonly<Record<string, SpecProperty>> } | undefined;

/** The facts of every mapped type, from `lookup` (the package's database). */
export function extractFacts(lookup: SpecLookup, version: string): SpecFacts {
    const types: Record<string, Record<string, PropertyFact>> = {};
    const mappings = Object.values(CFN_MAPPING).filter((m) => m.cfnType !== null);
    for (const cfnType of [...new Set(mappings.map((m) => m.cfnType as string))].sort()) {
        const resource = lookup(cfnType);
        if (!resource) throw new Error(`the CloudFormation specification has no type ${cfnType}`);
        const wanted = new Set(
            mappings
                .filter((m) => m.cfnType === cfnType)
                .flatMap((m) => ("properties" in m ? Object.values(m.properties) : [])),
        );
        for (const [name, p] of Object.entries(resource.properties)) if (p.required) wanted.add(name);
        const facts: Record<string, PropertyFact> = {};
        for (const name of [...wanted].sort()) {
            const p = resource.properties[name];
            if (!p) throw new Error(`the CloudFormation specification has no property ${cfnType}.${name}`);
            facts[name] = factOf(p);
        }
        types[cfnType] = facts;
    }
    return { package: "@aws-cdk/aws-service-spec", version, types };
}

function factOf(p: SpecProperty): PropertyFact {
    const docs = p.documentation ?? "";
    const allowed = /\*Allowed Values\* : ([^\n]+)/.exec(docs)?.[1];
    const pattern = /\*Pattern\* : `?([^`\n]+)`?/.exec(docs)?.[1];
    return {
        required: p.required === true,
        causesReplacement: p.causesReplacement ?? "no",
        ...(allowed ? { allowedValues: allowed.split("|").map((v) => v.trim().replace(/^`|`$/g, "")) } : {}),
        ...(pattern ? { pattern } : {}),
    };
}

/** The facts from the installed package (takes a second or more: its database is large). */
export function factsFromPackage(): SpecFacts {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spec = require("@aws-cdk/aws-service-spec") as {
        loadAwsServiceSpecSync(): {
            lookup(
                kind: "resource",
                key: "cloudFormationType",
                op: "equals",
                value: string,
            ): { only(): { properties: Record<string, SpecProperty> } } & { length: number };
        };
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require("@aws-cdk/aws-service-spec/package.json") as { version: string };
    const db = spec.loadAwsServiceSpecSync();
    return extractFacts((cfnType) => {
        const found = db.lookup("resource", "cloudFormationType", "equals", cfnType);
        return found.length === 1 ? found.only() : undefined;
    }, version);
}
