/** "Did you mean" for config keys, values and command-line flags: the closest known name. */

/** The edit distance (Levenshtein) of two short strings. */
export function editDistance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        row = next;
    }
    return row[b.length];
}

/**
 * The known name closest to `given` (case-insensitive), when it is close enough to be a typo: within
 * 2 edits, or a third of the name's length for long names.
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
    const ranked = known
        .map((name) => ({ name, distance: editDistance(given.toLowerCase(), name.toLowerCase()) }))
        .filter((k) => k.distance <= Math.max(2, Math.floor(k.name.length / 3)))
        .sort((a, b) => a.distance - b.distance);
    return ranked[0]?.name;
}
