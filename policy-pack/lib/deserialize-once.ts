/**
 * Each resource's properties deserialized once per request rather than once per policy.
 *
 * The policy framework (`@pulumi/policy` server.js, `makeAnalyzeRpcFun` and
 * `makeAnalyzeStackRpcFun`) turns a resource's properties from their protobuf `Struct` into a plain
 * object (`deserializeProperties`, which starts with `Struct.toJavaScript()`) for every policy that
 * may apply, and does the same with the resource's provider: it can skip a resource policy
 * without deserializing only when the policy validates a single type, and it rebuilds every resource
 * of the stack for every stack policy. With this pack's multi-type resource policies and its stack
 * policies, that is about twenty deserializations per resource in `Analyze` and one per stack policy
 * and resource in `AnalyzeStack`: the largest share of the pack's time.
 *
 * The framework reads the function from its module's exports at each call, and a request's `Struct`
 * is the same object on every read of the field (google-protobuf keeps the wrapper of a message
 * field), so a cache keyed by that object returns the same plain object to every policy of one
 * request, and lets go of it with the request. Sharing is safe because nothing writes to it: the
 * framework hands each policy its own read-only view (`unknownCheckingProxy`), and the pack's checks
 * read plain copies of that view (`plain`, lib/props.ts).
 */

/** The framework's module whose export the server calls. */
interface DeserializeModule {
    deserializeProperties: (struct: object, proxySecrets: boolean) => Record<string, unknown>;
}

/** Set once the framework's function is wrapped (the pack loads once per process). */
const WRAPPED = Symbol.for("hub-network:deserialize-once");

/**
 * Wraps the framework's `deserializeProperties` with a cache keyed by the `Struct` it is given
 * (without secret proxies, the way the server's `Analyze`, `AnalyzeStack` and provider lookups call
 * it); other calls go through unchanged. Idempotent.
 */
export function deserializeEachResourceOnce(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the framework's internal module
    const framework = require("@pulumi/policy/deserialize") as DeserializeModule;
    const original = framework.deserializeProperties;
    // A framework without this function (a later version) is left as it is: slower, not wrong.
    if (typeof original !== "function" || (original as unknown as Record<symbol, boolean>)[WRAPPED]) return;
    const cache = new WeakMap<object, Record<string, unknown>>();
    const once = (struct: object, proxySecrets: boolean): Record<string, unknown> => {
        if (proxySecrets || struct === null || typeof struct !== "object") {
            return original(struct, proxySecrets);
        }
        let props = cache.get(struct);
        if (props === undefined) {
            props = original(struct, proxySecrets);
            cache.set(struct, props);
        }
        return props;
    };
    Object.defineProperty(once, WRAPPED, { value: true });
    framework.deserializeProperties = once;
}
