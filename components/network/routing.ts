/** Pure routing helpers shared by the network components (no resources are declared here). */

/** The parts of a Network Firewall's `firewallStatuses` that routing reads. */
export interface FirewallStatusLike {
    readonly syncStates?: readonly {
        readonly availabilityZone?: string;
        readonly attachments?: readonly { readonly endpointId?: string }[];
    }[];
}

/**
 * The firewall endpoint in `availabilityZone`, looked up by AZ (AWS returns the sync states in no
 * particular order). Throws when the firewall has no endpoint there: routing through another AZ's
 * endpoint would be asymmetric and break stateful inspection.
 */
export function firewallEndpointId(
    statuses: readonly FirewallStatusLike[] | undefined,
    availabilityZone: string,
): string {
    for (const status of statuses ?? []) {
        for (const state of status.syncStates ?? []) {
            const endpoint =
                state.availabilityZone === availabilityZone ? state.attachments?.[0]?.endpointId : undefined;
            if (endpoint) return endpoint;
        }
    }
    const zones = (statuses ?? [])
        .flatMap((s) => (s.syncStates ?? []).map((st) => st.availabilityZone))
        .join(", ");
    throw new Error(
        `the firewall has no endpoint in ${availabilityZone} (endpoints in: ${zones || "none"}); it needs a subnet mapping in every AZ that routes through it`,
    );
}
