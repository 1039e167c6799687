/**
 * What a trace looks up about attachments and NAT gateways, read from the network model once: the
 * attachment of a VPC to a Transit Gateway, an attachment's subnets per AZ and appliance mode, the
 * way into a Transit Gateway through it and the AZs the TGW may send to it in, and the subnet of a
 * NAT gateway.
 */
import { TYPES, type Item } from "./inventory";
import { Keyed } from "./keyed";
import type { NetworkModel } from "./network-model";
import { type AttachmentFacts, short } from "./reachability-path";
import type { Hop } from "./reachability-types";

export class TraceLookups {
    constructor(private readonly net: NetworkModel) {}

    /** The attachment of `vpc` to `tgw`. */
    attachmentTo(vpc: Item, tgw: Item): Item | undefined {
        let byTgw = this.attachmentsTo.get(vpc);
        if (!byTgw) this.attachmentsTo.set(vpc, (byTgw = new Map()));
        if (!byTgw.has(tgw)) {
            byTgw.set(
                tgw,
                this.net.attachmentsOf(vpc).find((a) => this.net.tgwOf(a)?.urn === tgw.urn),
            );
        }
        return byTgw.get(tgw);
    }

    private readonly attachmentsTo = new Map<Item, Map<Item, Item | undefined>>();

    /** What a trace needs of an attachment, read once. */
    facts(attachment: Item): AttachmentFacts {
        let facts = this.attachmentFacts.get(attachment);
        if (!facts) {
            const net = this.net;
            const entries = new Map<string, Item>();
            for (const s of net.attachmentSubnets(attachment)) {
                if (!entries.has(net.azOf(s))) entries.set(net.azOf(s), s);
            }
            facts = {
                azs: [...entries.keys()].sort(),
                entries,
                appliance: net.applianceMode(attachment),
                vpc: net.vpcOf(attachment),
                into: new Map(),
                out: new Map(),
            };
            this.attachmentFacts.set(attachment, facts);
        }
        return facts;
    }

    private readonly attachmentFacts = new Map<Item, AttachmentFacts>();

    private readonly natSubnets = new Keyed<Item | undefined>();

    natSubnet(nat: Item): Item | undefined {
        return this.natSubnets.get(nat, () => this.net.inventory.ref(nat, "subnetId", [TYPES.subnet]));
    }

    /**
     * The visited key and hop of a packet entering `tgw` through `attachment`: a VPC attachment in AZ
     * `az`, or a VPN connection (`az` undefined). Built once.
     */
    into(tgw: Item, attachment: Item, az: string | undefined): { readonly key: string; readonly hop: Hop } {
        const from = this.facts(attachment);
        const entry = az ?? "";
        let into = from.into.get(entry);
        if (!into) {
            into = {
                key: `tgw:${attachment.urn}:${entry}`,
                hop: {
                    kind: "tgw-attachment",
                    ...(az ? { az } : {}),
                    text: az
                        ? `into ${tgw.name} through ${attachment.name} (${short(az)})`
                        : `into ${tgw.name} through VPN connection ${attachment.name}`,
                },
            };
            from.into.set(entry, into);
        }
        return into;
    }

    /**
     * The AZs the TGW may hand a packet to attachment `next` (`to` its facts, with subnets) in: with
     * appliance mode the one `applianceAz` kept for it, else every AZ; without, the AZ `az` the
     * packet came from when the attachment has a subnet there, else its first AZ.
     */
    picks(
        next: Item,
        to: AttachmentFacts,
        az: string | undefined,
        applianceAz: ReadonlyMap<string, string>,
    ): readonly string[] {
        if (to.appliance) {
            const kept = applianceAz.get(next.urn);
            return kept ? [kept] : to.azs;
        }
        return [az !== undefined && to.azs.includes(az) ? az : to.azs[0]];
    }
}
