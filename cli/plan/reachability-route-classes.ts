/**
 * Which route a table picks for each spoke, without asking it about every spoke's address. The
 * addresses the spoke paths go to (one host per spoke subnet and AZ) are sorted once; the routes of
 * a table cut that list into runs, and every address of a run lies in the same routes, so the
 * longest-prefix match (`RouteIndex`: the most specific route containing the address, static
 * before propagated) is the same for all of them: it is asked once per run. The route most of the
 * addresses get is the table's usual route; the spokes with an address in a run that gets another
 * route (or none) are its exceptions. A VPC's own addresses do not count towards the usual route
 * of its tables: no spoke path from the VPC goes to them. Pure.
 */
import type { Item } from "./inventory";
import type { NetworkModel } from "./network-model";
import type { TgwRoute, VpcRoute } from "./network-types";
import { range } from "./route-match";

/** A table's usual route for spoke addresses, and the spokes for which it picks another. */
export interface RouteClass<R> {
    /** The route most of the addresses get (undefined: most get none). */
    readonly route: R | undefined;
    /** The spoke VPCs one of whose addresses gets another route than `route`, or none. */
    readonly exceptions: ReadonlySet<Item>;
}

/** One address a spoke path goes to, as a number, with the spoke VPC it belongs to. */
export interface SpokeAddress {
    readonly value: number;
    readonly address: string;
    readonly spoke: Item;
}

export class RouteClasses {
    private readonly addresses: readonly SpokeAddress[];

    /** `addresses`: every address the spoke paths go to (each parses as an IPv4 address). */
    constructor(
        private readonly net: NetworkModel,
        addresses: readonly SpokeAddress[],
    ) {
        this.addresses = [...addresses].sort((a, b) => a.value - b.value);
    }

    /** The class of the route table `table` of `vpc` (the main table when undefined). */
    vpc(vpc: Item, table: Item | undefined): RouteClass<VpcRoute> {
        let byTable = this.vpcClasses.get(vpc);
        if (!byTable) this.vpcClasses.set(vpc, (byTable = new Map()));
        let known = byTable.get(table);
        if (!known) {
            known = this.classify(this.net.routesOf(vpc, table), (a) => this.net.lookup(vpc, table, a), vpc);
            byTable.set(table, known);
        }
        return known;
    }

    /** The class of TGW route table `table`. */
    tgw(table: Item): RouteClass<TgwRoute> {
        let known = this.tgwClasses.get(table);
        if (!known) {
            known = this.classify(this.net.tgwRoutes(table), (a) => this.net.lookupTgw(table, a));
            this.tgwClasses.set(table, known);
        }
        return known;
    }

    private readonly vpcClasses = new Map<Item, Map<Item | undefined, RouteClass<VpcRoute>>>();
    private readonly tgwClasses = new Map<Item, RouteClass<TgwRoute>>();

    private classify<R extends { destination: string }>(
        routes: readonly R[],
        lookup: (address: string) => R | undefined,
        own?: Item,
    ): RouteClass<R> {
        const list = this.addresses;
        const cuts = new Set<number>([0, list.length]);
        for (const route of routes) {
            const r = range(route.destination);
            if (!r) continue;
            // The first address in the route, and the first after it.
            cuts.add(firstAtLeast(list, Number(r.start)));
            cuts.add(firstAtLeast(list, Number(r.end) + 1));
        }
        const bounds = [...cuts].sort((a, b) => a - b);
        const runs: { from: number; to: number; route: R | undefined }[] = [];
        const counts = new Map<R | undefined, number>();
        for (let i = 0; i + 1 < bounds.length; i++) {
            const [from, to] = [bounds[i], bounds[i + 1]];
            if (from === to) continue;
            const route = lookup(list[from].address);
            runs.push({ from, to, route });
            let others = 0;
            for (let a = from; a < to; a++) if (list[a].spoke !== own) others++;
            counts.set(route, (counts.get(route) ?? 0) + others);
        }
        let usual: R | undefined;
        let most = -1;
        for (const [route, count] of counts) {
            if (count > most) [usual, most] = [route, count];
        }
        const exceptions = new Set<Item>();
        for (const run of runs) {
            if (run.route === usual) continue;
            for (let i = run.from; i < run.to; i++) exceptions.add(list[i].spoke);
        }
        return { route: usual, exceptions };
    }
}

/** The index of the first address whose value is at least `value` (the length when none is). */
function firstAtLeast(list: readonly SpokeAddress[], value: number): number {
    let [low, high] = [0, list.length];
    while (low < high) {
        const middle = (low + high) >> 1;
        if (list[middle].value < value) low = middle + 1;
        else high = middle;
    }
    return low;
}
