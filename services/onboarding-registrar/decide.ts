/**
 * What the hub's onboarding registrar decides, from facts only AWS can give it (never from what the
 * caller says): whose a Transit Gateway attachment is (the account that owns its VPC), and what a
 * private hosted zone is called and who owns it. IAM cannot express either check (the Service
 * Authorization Reference has no condition key for an attachment's requester, nor for a zone's name
 * or owner), so the registrar makes them, and the onboarding role's policies build on its result:
 * a spoke's session may act only on attachments the registrar tagged with the spoke's own account.
 * Pure functions: the Lambda handler and the offline plan's mock cloud both call them.
 */

import { OWNER_TAG, type RegistrarConfig } from "../../components/network/attachment-ownership";

export {
    HUB_OWNER,
    OWNER_TAG,
    SPOKE_ACCOUNT_TAG,
    type RegistrarConfig,
} from "../../components/network/attachment-ownership";

/** An attachment as DescribeTransitGatewayVpcAttachments shows it to the hub account. */
export interface AttachmentFacts {
    readonly id: string;
    readonly transitGatewayId: string;
    /** The account that owns the attached VPC: the account that requested the attachment. */
    readonly vpcOwnerId: string;
    readonly state: string;
    /** Its tags in the hub account (tags are per account: the spoke's own never show here). */
    readonly tags: Readonly<Record<string, string>>;
}

/** A zone as ListHostedZonesByVPC shows it (HostedZoneSummary). */
export interface ZoneFacts {
    readonly id: string;
    readonly name: string;
    /** `Owner.OwningAccount`; absent for zones a service owns. */
    readonly owningAccount?: string;
}

/** The registrar's answer: go ahead (for `owner`), or refuse with a reason the caller reads. */
export type Decision =
    | { readonly ok: true; readonly owner: string; readonly alreadyDone: boolean }
    | { readonly ok: false; readonly reason: string };

/** Attachment states in which one may still be registered and accepted. */
const LIVE_STATES = new Set(["initiatingRequest", "pendingAcceptance", "pending", "available", "modifying"]);

/**
 * Whether attachment `id` may be registered to its owner: it is a VPC attachment of this hub's
 * Transit Gateway, requested by an account the environment lists (never the hub's own account),
 * still alive, and not registered to anyone else (the hub's own attachments carry `hub`).
 */
export function attachmentDecision(
    id: string,
    facts: AttachmentFacts | undefined,
    config: RegistrarConfig,
): Decision {
    if (!facts) {
        return {
            ok: false,
            reason: `${id} is not a VPC attachment this hub account can see in ${config.region}`,
        };
    }
    if (facts.transitGatewayId !== config.transitGatewayId) {
        return {
            ok: false,
            reason: `${id} attaches to ${facts.transitGatewayId}, not to this hub's Transit Gateway ${config.transitGatewayId}`,
        };
    }
    if (facts.vpcOwnerId === config.networkAccount) {
        return {
            ok: false,
            reason: `${id} is an attachment of the hub account itself; it is the hub's, not a spoke's`,
        };
    }
    if (config.spokes[facts.vpcOwnerId] === undefined) {
        return {
            ok: false,
            reason: `${id} was requested by account ${facts.vpcOwnerId}, which is not a spoke account of this environment`,
        };
    }
    if (!LIVE_STATES.has(facts.state)) {
        return { ok: false, reason: `${id} is ${facts.state}` };
    }
    const owner = facts.tags[OWNER_TAG];
    if (owner !== undefined && owner !== facts.vpcOwnerId) {
        return { ok: false, reason: `${id} is registered to ${owner}, not to ${facts.vpcOwnerId}` };
    }
    return { ok: true, owner: facts.vpcOwnerId, alreadyDone: owner === facts.vpcOwnerId };
}

/** A DNS name without its final dot, in lower case (Route 53 returns `name.` and may escape nothing else). */
export function normalizeName(name: string): string {
    return name.replace(/\.$/, "").toLowerCase();
}

/**
 * Whether zone `facts` may be associated with the hub: owned by a listed spoke account and named
 * exactly `<that account's spoke>.<corporate domain>` (nothing more specific, nothing of another
 * spoke's, no other name).
 */
export function zoneDecision(id: string, facts: ZoneFacts | undefined, config: RegistrarConfig): Decision {
    if (!facts) {
        return {
            ok: false,
            reason: `${id} could not be read: authorize the association of the zone with the vetting VPC ${config.vettingVpcId} (${config.region}) first`,
        };
    }
    const owner = facts.owningAccount;
    const spoke = owner === undefined ? undefined : config.spokes[owner];
    if (owner === undefined || spoke === undefined) {
        return {
            ok: false,
            reason: `${id} (${normalizeName(facts.name)}) is owned by ${owner ?? "a service"}, which is not a spoke account of this environment`,
        };
    }
    const expected = `${spoke}.${normalizeName(config.corporateDomain)}`;
    if (normalizeName(facts.name) !== expected) {
        return {
            ok: false,
            reason: `${id} is named ${normalizeName(facts.name)}; account ${owner} (spoke '${spoke}') may register only ${expected}`,
        };
    }
    return { ok: true, owner, alreadyDone: false };
}
