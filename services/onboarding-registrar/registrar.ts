/**
 * The registrar's two requests, over an interface to EC2 and Route 53 (the handler gives it the AWS
 * SDK; the tests a fake cloud):
 * - `{"attachment": "tgw-attach-..."}`: tags the attachment with the account that owns its VPC, when
 *   that account is a listed spoke account (see decide.ts); the owner's session may then accept,
 *   associate, propagate and delete it, and nobody else's.
 * - `{"zone": "Z..."}`: associates the zone with an inert vetting VPC to read its name and owner,
 *   takes that association away again, and associates the zone with the shared-services VPC only
 *   when it is `<owner's spoke>.<corporate domain>`. A zone is never associated with a VPC that
 *   resolves anything before it is checked.
 * Whoever calls, the result is the one the facts allow: a request about another spoke's attachment or
 * zone can only bring about what that spoke's own request would.
 */
import {
    attachmentDecision,
    normalizeName,
    OWNER_TAG,
    zoneDecision,
    type AttachmentFacts,
    type RegistrarConfig,
    type ZoneFacts,
} from "./decide";

/** What the registrar needs of EC2 and Route 53. */
export interface RegistrarApi {
    describeVpcAttachment(id: string): Promise<AttachmentFacts | undefined>;
    tagAttachment(id: string, tags: Readonly<Record<string, string>>): Promise<void>;
    /** Associates and waits until the change is in sync. */
    associateZone(zoneId: string, vpcId: string, region: string): Promise<void>;
    disassociateZone(zoneId: string, vpcId: string, region: string): Promise<void>;
    zonesOfVpc(vpcId: string, region: string): Promise<ZoneFacts[]>;
}

/** A request to the registrar (the `input` of the spoke's Lambda invocation). */
export type RegistrarRequest = { readonly attachment: string } | { readonly zone: string };

/** What the registrar did. */
export interface RegistrarResult {
    readonly attachment?: string;
    readonly zone?: string;
    readonly owner: string;
    readonly name?: string;
    readonly changed: boolean;
}

/** A refusal: the message is what the spoke's `pulumi up` prints. */
export class RegistrarRefusal extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RegistrarRefusal";
    }
}

const zoneIdOf = (id: string) => id.replace(/^\/?hostedzone\//, "");

/** Serves one request. Throws {@link RegistrarRefusal} when the facts do not allow it. */
export async function serve(
    request: RegistrarRequest,
    config: RegistrarConfig,
    api: RegistrarApi,
): Promise<RegistrarResult> {
    if ("attachment" in request && typeof request.attachment === "string") {
        const id = request.attachment;
        const decision = attachmentDecision(id, await api.describeVpcAttachment(id), config);
        if (!decision.ok) throw new RegistrarRefusal(decision.reason);
        if (!decision.alreadyDone) await api.tagAttachment(id, { [OWNER_TAG]: decision.owner });
        return { attachment: id, owner: decision.owner, changed: !decision.alreadyDone };
    }
    if ("zone" in request && typeof request.zone === "string") {
        const id = zoneIdOf(request.zone);
        const associated = async (vpcId: string) =>
            (await api.zonesOfVpc(vpcId, config.region)).find((z) => zoneIdOf(z.id) === id);
        const current = await associated(config.sharedServicesVpcId);
        let facts: ZoneFacts | undefined = current;
        if (!facts) {
            // Read the zone's name and owner where no one resolves, then take that association away.
            try {
                await api.associateZone(id, config.vettingVpcId, config.region);
                facts = await associated(config.vettingVpcId);
            } catch (error) {
                throw new RegistrarRefusal(
                    `zone ${id} could not be associated with the vetting VPC ${config.vettingVpcId} (${config.region}): ${(error as Error).message}; the zone's account must authorize that association first`,
                );
            } finally {
                await api.disassociateZone(id, config.vettingVpcId, config.region).catch(() => undefined);
            }
        }
        const decision = zoneDecision(id, facts, config);
        if (!decision.ok) throw new RegistrarRefusal(decision.reason);
        if (!current) await api.associateZone(id, config.sharedServicesVpcId, config.region);
        return { zone: id, owner: decision.owner, name: normalizeName(facts?.name ?? ""), changed: !current };
    }
    throw new RegistrarRefusal('expected {"attachment": "tgw-attach-..."} or {"zone": "Z..."}');
}
