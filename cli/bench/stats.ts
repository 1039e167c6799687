/** Figures of repeated measurements, as the benchmarks report them. */

/** The median (the mean of the middle two for an even count), minimum and maximum of `values`. */
export function stats(values: readonly number[]): { median: number; min: number; max: number } {
    if (values.length === 0) throw new Error("no measurements to summarize");
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
