/**
 * The import file of a stack that adopts existing resources, in the format `pulumi import --file`
 * reads (pulumi/pulumi pkg/cmd/pulumi/import.go: `importFile` with `nameTable` and `resources`, each
 * resource `type`, `name`, `id`, `parent`, `provider`, `component`). Running it brings the existing
 * resources into the stack's state under exactly the URNs the program declares, so the `pulumi preview`
 * that follows shows them as in-place updates at most (tags, descriptions), never as creations.
 *
 * Parents that are components of the program are listed too, as `component: true` entries (the
 * engine creates them empty, pulumi 3.94 and later); a resource names its parent by that entry's
 * name. An explicit provider (not the stack's default) is named through `nameTable`, which maps a
 * name to the provider's URN: it must be in the stack already.
 */
import type { RecordedResource } from "../mock-cloud/run";

/** One entry of `resources`. */
export interface ImportEntry {
    readonly type: string;
    readonly name: string;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly component?: boolean;
}

/** The file `pulumi import --file` reads. */
export interface ImportFile {
    readonly nameTable?: Readonly<Record<string, string>>;
    readonly resources: readonly ImportEntry[];
}

/** The type token of a URN (`urn:pulumi:stack::project::parent$type::name`). */
function typeOfUrn(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop() ?? qualified;
}

/** The name of a URN. */
function nameOfUrn(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** The import file of one stack's run, or undefined when it adopts nothing. */
export function importFileOf(resources: readonly RecordedResource[]): ImportFile | undefined {
    const imported = resources.filter((r) => r.importId !== undefined);
    if (imported.length === 0) return undefined;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const entries = new Map<string, ImportEntry>();
    const nameTable: Record<string, string> = {};

    /** The entry name of a parent component, listing it (and its own parents) first. */
    const parentName = (urn: string | undefined): string | undefined => {
        if (!urn || typeOfUrn(urn) === "pulumi:pulumi:Stack") return undefined;
        const existing = entries.get(urn);
        if (existing) return existing.name;
        const record = byUrn.get(urn);
        const grandparent = parentName(record?.parent);
        const entry: ImportEntry = {
            type: typeOfUrn(urn),
            name: nameOfUrn(urn),
            component: true,
            ...(grandparent ? { parent: grandparent } : {}),
        };
        entries.set(urn, entry);
        return entry.name;
    };

    for (const resource of imported) {
        const parent = parentName(resource.parent);
        // `<provider urn>::<provider id>`; the stack's default provider needs no naming.
        const providerUrn = resource.provider?.split("::").slice(0, -1).join("::");
        const providerName =
            providerUrn && !nameOfUrn(providerUrn).startsWith("default") ? nameOfUrn(providerUrn) : undefined;
        if (providerName && providerUrn) nameTable[providerName] = providerUrn;
        entries.set(resource.urn, {
            type: resource.type,
            name: resource.name,
            id: resource.importId,
            ...(parent ? { parent } : {}),
            ...(providerName ? { provider: providerName } : {}),
        });
    }
    return {
        ...(Object.keys(nameTable).length > 0 ? { nameTable } : {}),
        resources: [...entries.values()],
    };
}
