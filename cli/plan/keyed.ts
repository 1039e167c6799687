/** Values computed once per key path (nested maps keyed by identity). */
export class Keyed<T> {
    private readonly root = new Map<unknown, unknown>();
    private static readonly VALUE = Symbol("value");

    get(...args: [...keys: unknown[], compute: () => T]): T {
        const compute = args[args.length - 1] as () => T;
        let node = this.root;
        for (let i = 0; i < args.length - 1; i++) {
            let child = node.get(args[i]) as Map<unknown, unknown> | undefined;
            if (!child) node.set(args[i], (child = new Map()));
            node = child;
        }
        if (!node.has(Keyed.VALUE)) node.set(Keyed.VALUE, compute());
        return node.get(Keyed.VALUE) as T;
    }
}
