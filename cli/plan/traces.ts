/**
 * The plan prints error messages, never stack traces, so its threads capture none: the SDK captures a
 * trace for every promise it makes (half of the time of a stack evaluation otherwise), and formats a
 * full one for every resource it registers, which with source maps on (as tsx turns them on) maps
 * every frame back to TypeScript.
 */
export function withoutStackTraces(): void {
    Error.stackTraceLimit = 0;
    process.setSourceMapsEnabled(false);
}
