/**
 * What CloudFormation's resource specification (npm `@aws-cdk/aws-service-spec`, Apache-2.0) says of
 * the properties whose change replaces a resource ("Update requires: Replacement"), for every
 * CloudFormation type the replacement table (replacement-table.ts) maps a provider type to.
 *
 * The package's database takes seconds to load, so the facts are extracted once into
 * `cfn-replacement.json` (`npm run replacement-facts`); a test extracts them again from the
 * installed package and fails when they differ, so an upgrade that changes a fact the plan relies on
 * fails loudly and names it.
 */
import { REPLACEMENT_TABLE } from "./replacement-table";

/** One CloudFormation type: its property names and which of them replace the resource. */
export interface CfnTypeFacts {
    /** Every property of the type. */
    readonly properties: readonly string[];
    /** "Update requires: Replacement". */
    readonly replaces: readonly string[];
    /** "Update requires: Some interruptions / Replacement" depending on the change (`maybe`). */
    readonly conditional: readonly string[];
}

/** The extracted facts: package version, then per CloudFormation type. */
export interface ReplacementFacts {
    readonly package: string;
    readonly version: string;
    readonly types: Readonly<Record<string, CfnTypeFacts>>;
}

/** The part of the package's resource entity the extraction reads. */
interface SpecProperty {
    readonly causesReplacement?: "yes" | "no" | "maybe";
}

/** Looks a CloudFormation type up in the package's database. */
export type SpecLookup = (
    cfnType: string,
) => { readonly properties: Readonly<Record<string, SpecProperty>> } | undefined;

/** The CloudFormation types the table maps to, sorted. */
export function mappedCfnTypes(): string[] {
    return [
        ...new Set(Object.values(REPLACEMENT_TABLE).flatMap((row) => (row.cfnType ? [row.cfnType] : []))),
    ].sort();
}

/** The facts of every mapped type, from `lookup` (the package's database). */
export function extractReplacementFacts(lookup: SpecLookup, version: string): ReplacementFacts {
    const types: Record<string, CfnTypeFacts> = {};
    for (const cfnType of mappedCfnTypes()) {
        const resource = lookup(cfnType);
        if (!resource) throw new Error(`the CloudFormation specification has no type ${cfnType}`);
        const entries = Object.entries(resource.properties).sort(([a], [b]) => a.localeCompare(b));
        types[cfnType] = {
            properties: entries.map(([name]) => name),
            replaces: entries.filter(([, p]) => p.causesReplacement === "yes").map(([name]) => name),
            conditional: entries.filter(([, p]) => p.causesReplacement === "maybe").map(([name]) => name),
        };
    }
    return { package: "@aws-cdk/aws-service-spec", version, types };
}

/** The facts from the installed package (takes seconds: its database is large). */
export function replacementFactsFromPackage(): ReplacementFacts {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a dev dependency, loaded on demand
    const spec = require("@aws-cdk/aws-service-spec") as {
        loadAwsServiceSpecSync(): {
            lookup(
                kind: "resource",
                key: "cloudFormationType",
                op: "equals",
                value: string,
            ): { only(): { properties: Record<string, SpecProperty> }; length: number };
        };
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require("@aws-cdk/aws-service-spec/package.json") as { version: string };
    const db = spec.loadAwsServiceSpecSync();
    return extractReplacementFacts((cfnType) => {
        const found = db.lookup("resource", "cloudFormationType", "equals", cfnType);
        return found.length === 1 ? found.only() : undefined;
    }, version);
}
