/**
 * A lockfile for a new project, cut from this repository's package-lock.json: the entries of the given
 * dependencies and everything they need, at the versions this repository pins. With it, `npm ci
 * --offline` installs from the local npm cache alone, as a program would from the registry.
 */

/** One entry of `packages` in a version-3 lockfile. */
export interface LockEntry {
    readonly version?: string;
    readonly resolved?: string;
    readonly integrity?: string;
    readonly dependencies?: Readonly<Record<string, string>>;
    readonly optionalDependencies?: Readonly<Record<string, string>>;
    readonly peerDependencies?: Readonly<Record<string, string>>;
    readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
    readonly [key: string]: unknown;
}

/** A version-3 lockfile. */
export interface Lockfile {
    readonly name: string;
    readonly version?: string;
    readonly lockfileVersion: number;
    readonly requires?: boolean;
    readonly packages: Readonly<Record<string, LockEntry>>;
}

/** Where node would find `name` from the package installed at `from` (`""` for the root). */
function resolve(packages: Lockfile["packages"], from: string, name: string): string | undefined {
    let base = from;
    for (;;) {
        const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
        if (packages[candidate]) return candidate;
        if (base === "") return undefined;
        const at = base.lastIndexOf("/node_modules/");
        base = at < 0 ? "" : base.slice(0, at);
    }
}

/**
 * The entries `roots` need from `source`, by their paths in it: each root, its dependencies, optional
 * dependencies present in the lockfile, and required peer dependencies, recursively. Flags that say
 * how the source project used a package (`dev`, `devOptional`, `peer`) are dropped.
 */
export function lockClosure(source: Lockfile, roots: readonly string[]): Record<string, LockEntry> {
    const out: Record<string, LockEntry> = {};
    const missing: string[] = [];
    const visit = (from: string, name: string, optional: boolean) => {
        const at = resolve(source.packages, from, name);
        if (!at) {
            if (!optional) missing.push(`${name} (needed by ${from || "the project"})`);
            return;
        }
        if (out[at]) return;
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { dev, devOptional, peer, optional: _optional, ...entry } = source.packages[at];
        out[at] = entry;
        for (const dep of Object.keys(entry.dependencies ?? {})) visit(at, dep, false);
        for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(at, dep, true);
        for (const dep of Object.keys(entry.peerDependencies ?? {})) {
            visit(at, dep, entry.peerDependenciesMeta?.[dep]?.optional === true);
        }
    };
    for (const name of roots) visit("", name, false);
    if (missing.length > 0) throw new Error(`the lockfile lacks ${missing.join(", ")}`);
    return out;
}
