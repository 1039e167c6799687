/**
 * The onboarding registrar over a small fake of EC2 and Route 53 that keeps the rules the registrar
 * relies on: tags are per account; a zone of another account can be associated only with a VPC its
 * owner authorized (Route 53 "Associating an Amazon VPC and a private hosted zone that you created
 * with different AWS accounts"); one VPC cannot hold two zones of the same name (ConflictingDomainExists);
 * ListHostedZonesByVPC shows each zone's name and owning account.
 */
import { expect } from "chai";
import {
    HUB_OWNER,
    OWNER_TAG,
    type AttachmentFacts,
    type RegistrarConfig,
    type ZoneFacts,
} from "../../services/onboarding-registrar/decide";
import { RegistrarRefusal, serve, type RegistrarApi } from "../../services/onboarding-registrar/registrar";

const HUB = "111100001111";
const A = "222200002222";
const B = "333300003333";
const UNLISTED = "444400004444";

const CONFIG: RegistrarConfig = {
    region: "eu-west-1",
    networkAccount: HUB,
    transitGatewayId: "tgw-hub",
    corporateDomain: "aws.example.internal",
    sharedServicesVpcId: "vpc-shared",
    vettingVpcId: "vpc-vetting",
    spokes: { [A]: "alpha", [B]: "bravo" },
};

interface FakeZone {
    readonly id: string;
    readonly name: string;
    readonly owner: string;
    readonly authorized: Set<string>;
}

/** EC2 and Route 53 as the hub account sees them. */
class FakeCloud implements RegistrarApi {
    readonly attachments = new Map<string, AttachmentFacts>();
    readonly zones = new Map<string, FakeZone>();
    /** VPC -> zone IDs associated with it. */
    readonly associations = new Map<string, Set<string>>();
    /** Every association ever made, in order (to prove a zone never touched a VPC). */
    readonly history: string[] = [];

    attachment(id: string, vpcOwnerId: string, extra: Partial<AttachmentFacts> = {}): this {
        this.attachments.set(id, {
            id,
            transitGatewayId: "tgw-hub",
            vpcOwnerId,
            state: "pendingAcceptance",
            tags: {},
            ...extra,
        });
        return this;
    }
    zone(id: string, name: string, owner: string, authorized: string[]): this {
        this.zones.set(id, { id, name: `${name}.`, owner, authorized: new Set(authorized) });
        return this;
    }
    async describeVpcAttachment(id: string) {
        return this.attachments.get(id);
    }
    async tagAttachment(id: string, tags: Record<string, string>) {
        const a = this.attachments.get(id)!;
        this.attachments.set(id, { ...a, tags: { ...a.tags, ...tags } });
    }
    async associateZone(zoneId: string, vpcId: string) {
        const zone = this.zones.get(zoneId);
        if (!zone) throw new Error(`NoSuchHostedZone: ${zoneId}`);
        if (zone.owner !== HUB && !zone.authorized.has(vpcId)) {
            throw new Error(`NotAuthorizedException: the VPC ${vpcId} is not authorized for ${zoneId}`);
        }
        const held = this.associations.get(vpcId) ?? new Set();
        if ([...held].some((z) => this.zones.get(z)?.name === zone.name)) {
            throw new Error(`ConflictingDomainExists: ${zone.name}`);
        }
        held.add(zoneId);
        this.associations.set(vpcId, held);
        this.history.push(`${zoneId}->${vpcId}`);
    }
    async disassociateZone(zoneId: string, vpcId: string) {
        this.associations.get(vpcId)?.delete(zoneId);
    }
    async zonesOfVpc(vpcId: string): Promise<ZoneFacts[]> {
        return [...(this.associations.get(vpcId) ?? [])].map((id) => {
            const z = this.zones.get(id)!;
            return { id: `/hostedzone/${id}`, name: z.name, owningAccount: z.owner };
        });
    }
}

const refusal = async (promise: Promise<unknown>): Promise<string> => {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(RegistrarRefusal);
        return (error as Error).message;
    }
    throw new Error("expected a refusal");
};

describe("onboarding registrar: attachments", () => {
    it("tags a listed spoke's attachment with the account that owns its VPC", async () => {
        const cloud = new FakeCloud().attachment("tgw-attach-a", A);
        expect(await serve({ attachment: "tgw-attach-a" }, CONFIG, cloud)).to.deep.equal({
            attachment: "tgw-attach-a",
            owner: A,
            changed: true,
        });
        expect(cloud.attachments.get("tgw-attach-a")!.tags).to.deep.equal({ [OWNER_TAG]: A });
    });

    it("answers the same for B's attachment whoever asks: only its true owner is ever written", async () => {
        const cloud = new FakeCloud().attachment("tgw-attach-b", B);
        await serve({ attachment: "tgw-attach-b" }, CONFIG, cloud);
        expect(cloud.attachments.get("tgw-attach-b")!.tags[OWNER_TAG]).to.equal(B);
    });

    it("does nothing the second time", async () => {
        const cloud = new FakeCloud().attachment("tgw-attach-a", A, { tags: { [OWNER_TAG]: A } });
        expect((await serve({ attachment: "tgw-attach-a" }, CONFIG, cloud)).changed).to.equal(false);
    });

    it("refuses an attachment from an account the environment does not list", async () => {
        const cloud = new FakeCloud().attachment("tgw-attach-x", UNLISTED);
        expect(await refusal(serve({ attachment: "tgw-attach-x" }, CONFIG, cloud))).to.equal(
            `tgw-attach-x was requested by account ${UNLISTED}, which is not a spoke account of this environment`,
        );
        expect(cloud.attachments.get("tgw-attach-x")!.tags).to.deep.equal({});
    });

    it("refuses the hub's own attachments, tagged or not", async () => {
        const cloud = new FakeCloud()
            .attachment("tgw-attach-shared", HUB, { state: "available", tags: { [OWNER_TAG]: HUB_OWNER } })
            .attachment("tgw-attach-later", HUB, { state: "available" });
        for (const id of ["tgw-attach-shared", "tgw-attach-later"]) {
            expect(await refusal(serve({ attachment: id }, CONFIG, cloud))).to.equal(
                `${id} is an attachment of the hub account itself; it is the hub's, not a spoke's`,
            );
        }
    });

    it("refuses what is not a VPC attachment of this Transit Gateway (a VPN attachment is not one)", async () => {
        const cloud = new FakeCloud().attachment("tgw-attach-other", A, { transitGatewayId: "tgw-other" });
        expect(await refusal(serve({ attachment: "tgw-attach-vpn" }, CONFIG, cloud))).to.equal(
            "tgw-attach-vpn is not a VPC attachment this hub account can see in eu-west-1",
        );
        expect(await refusal(serve({ attachment: "tgw-attach-other" }, CONFIG, cloud))).to.match(
            /attaches to tgw-other, not to this hub's Transit Gateway tgw-hub$/,
        );
    });

    it("refuses an attachment registered to someone else, or one being deleted", async () => {
        const cloud = new FakeCloud()
            .attachment("tgw-attach-claimed", A, { tags: { [OWNER_TAG]: B } })
            .attachment("tgw-attach-gone", A, { state: "deleting" });
        expect(await refusal(serve({ attachment: "tgw-attach-claimed" }, CONFIG, cloud))).to.equal(
            `tgw-attach-claimed is registered to ${B}, not to ${A}`,
        );
        expect(await refusal(serve({ attachment: "tgw-attach-gone" }, CONFIG, cloud))).to.equal(
            "tgw-attach-gone is deleting",
        );
    });
});

describe("onboarding registrar: zones", () => {
    const authorizedBoth = ["vpc-shared", "vpc-vetting"];

    it("associates a spoke's own zone with the shared-services VPC, after reading it through the vetting VPC", async () => {
        const cloud = new FakeCloud().zone("ZA", "alpha.aws.example.internal", A, authorizedBoth);
        expect(await serve({ zone: "ZA" }, CONFIG, cloud)).to.deep.equal({
            zone: "ZA",
            owner: A,
            name: "alpha.aws.example.internal",
            changed: true,
        });
        expect(cloud.history).to.deep.equal(["ZA->vpc-vetting", "ZA->vpc-shared"]);
        expect([...(cloud.associations.get("vpc-vetting") ?? [])]).to.deep.equal([]);
    });

    it("refuses another spoke's name, and a more specific name under it, never touching the shared-services VPC", async () => {
        const cloud = new FakeCloud()
            .zone("ZB1", "bravo.aws.example.internal", A, authorizedBoth)
            .zone("ZB2", "api.bravo.aws.example.internal", A, authorizedBoth);
        expect(await refusal(serve({ zone: "ZB1" }, CONFIG, cloud))).to.equal(
            `ZB1 is named bravo.aws.example.internal; account ${A} (spoke 'alpha') may register only alpha.aws.example.internal`,
        );
        expect(await refusal(serve({ zone: "ZB2" }, CONFIG, cloud))).to.equal(
            `ZB2 is named api.bravo.aws.example.internal; account ${A} (spoke 'alpha') may register only alpha.aws.example.internal`,
        );
        expect(cloud.history.filter((h) => h.endsWith("vpc-shared"))).to.deep.equal([]);
        expect([...(cloud.associations.get("vpc-vetting") ?? [])]).to.deep.equal([]);
    });

    it("refuses a zone of an unlisted account, and one not authorized for the vetting VPC", async () => {
        const cloud = new FakeCloud()
            .zone("ZX", "alpha.aws.example.internal", UNLISTED, authorizedBoth)
            .zone("ZN", "alpha.aws.example.internal", A, ["vpc-shared"]);
        expect(await refusal(serve({ zone: "ZX" }, CONFIG, cloud))).to.equal(
            `ZX (alpha.aws.example.internal) is owned by ${UNLISTED}, which is not a spoke account of this environment`,
        );
        expect(await refusal(serve({ zone: "ZN" }, CONFIG, cloud))).to.match(
            /^zone ZN could not be associated with the vetting VPC vpc-vetting \(eu-west-1\): NotAuthorizedException/,
        );
        expect(cloud.history.filter((h) => h.endsWith("vpc-shared"))).to.deep.equal([]);
    });

    it("leaves an association in place and changes nothing when asked again", async () => {
        const cloud = new FakeCloud().zone("ZA", "alpha.aws.example.internal", A, authorizedBoth);
        await serve({ zone: "ZA" }, CONFIG, cloud);
        const again = await serve({ zone: "/hostedzone/ZA" }, CONFIG, cloud);
        expect(again.changed).to.equal(false);
        expect(cloud.history).to.deep.equal(["ZA->vpc-vetting", "ZA->vpc-shared"]);
    });

    it("refuses a request of any other shape", async () => {
        expect(await refusal(serve({ other: 1 } as never, CONFIG, new FakeCloud()))).to.equal(
            'expected {"attachment": "tgw-attach-..."} or {"zone": "Z..."}',
        );
    });
});
