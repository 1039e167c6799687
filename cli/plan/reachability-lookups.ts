/**
 * What a trace looks up about attachments and NAT gateways, read from the network model once: the
 * attachment of a VPC to a Transit Gateway, an attachment's subnets per AZ and appliance mode, and the
 * subnet of a NAT gateway.
 */
import { TYPES, type Item } from "./inventory";
import { Keyed } from "./keyed";
import type { NetworkModel } from "./network-model";
import type { AttachmentFacts } from "./reachability-path";

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
}
