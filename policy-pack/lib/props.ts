/**
 * Reading resource props safely. The policy framework hands props behind a proxy that throws on any
 * value unknown in a preview; checks read a plain copy instead, where such values are the
 * {@link UNKNOWN} marker (resource policies) or absent (stack policies), and decide for themselves.
 */

/** Plain resource props. */
export type Props = Readonly<Record<string, unknown>>;

/** Marker for a value that is unknown until the update runs. */
export const UNKNOWN = "<unknown>";

/** The sentinels the engine and the policy framework use for unknown values (`@pulumi/policy/proxy`). */
const UNKNOWN_SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and the engine's generic unknown)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** True for a value that is unknown in a preview. */
export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

const PROXY_TARGET = "__getSpecialProxyTarget";

/** A plain deep copy of (possibly proxied) props, with unknown values replaced by {@link UNKNOWN}. */
export function plain(props: unknown): Props {
    const copy = (value: unknown): unknown => {
        if (value === null || typeof value !== "object") {
            return typeof value === "string" && UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
        }
        const target = ((value as Record<string, unknown>)[PROXY_TARGET] ?? value) as object;
        if (Array.isArray(target)) return target.map(copy);
        return Object.fromEntries(Object.entries(target).map(([k, v]) => [k, copy(v)]));
    };
    const result = copy(props);
    return (result && typeof result === "object" ? result : {}) as Props;
}

/** A list prop as an array (absent or unknown: empty). */
export function list(value: unknown): readonly unknown[] {
    return Array.isArray(value) ? value : [];
}

/** An object prop as a record (absent or unknown: empty). */
export function record(value: unknown): Props {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : {};
}

/** A string prop, or undefined when absent, unknown or not a string. */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

/** The resource's tags (`tags`, falling back to `tagsAll`). */
export function tagsOf(props: Props): Readonly<Record<string, string>> {
    return {
        ...(record(props.tagsAll) as Record<string, string>),
        ...(record(props.tags) as Record<string, string>),
    };
}

/**
 * The value at a dotted path of nested props (`pointInTimeRecovery.enabled`): {@link UNKNOWN} when the
 * value or any object on the way is unknown, undefined when anything on the way is absent.
 */
export function at(props: Props, path: string): unknown {
    let value: unknown = props;
    for (const key of path.split(".")) {
        if (isUnknown(value)) return UNKNOWN;
        if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
        value = (value as Props)[key];
    }
    return value;
}

/**
 * One message per path whose boolean is not true: `<path> is false; set it to true.` An unset value
 * reads as `false`; an unknown one is judged when it is known.
 */
export function requireTrue(props: Props, ...paths: string[]): string[] {
    return paths.flatMap((path) => {
        const value = at(props, path);
        if (value === true || isUnknown(value)) return [];
        return [`${path} is ${String(value ?? false)}; set it to true.`];
    });
}
