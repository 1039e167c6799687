/**
 * Who owns a Transit Gateway attachment, as the hub records it, and what the onboarding registrar
 * knows (pure data: the component package, the registrar's Lambda code and the offline plan share it).
 */

/** The tag the registrar puts on an attachment in the hub account: `hub` or the owning spoke account. */
export const OWNER_TAG = "hub-network:attachment-owner";
/** The owner tag's value on every attachment the hub itself owns. */
export const HUB_OWNER = "hub";
/** The session tag every spoke session carries (its trust policy makes it the caller's own account). */
export const SPOKE_ACCOUNT_TAG = "hub-network:spoke-account";

/** What the registrar knows of its hub: its deployment package's `config.json`, written by the network stack. */
export interface RegistrarConfig {
    readonly region: string;
    /** The hub (network) account. */
    readonly networkAccount: string;
    /** The region's Transit Gateway: the only one whose attachments it registers. */
    readonly transitGatewayId: string;
    /** The corporate domain (`aws.example.internal`): spoke zones are `<spoke>.<domain>`. */
    readonly corporateDomain: string;
    /** The shared-services VPC the spoke zones are associated with. */
    readonly sharedServicesVpcId: string;
    /** A VPC nothing resolves through, where a zone is associated only to read its name and owner. */
    readonly vettingVpcId: string;
    /** The environment's spoke accounts, each with the name of its spoke (one spoke per account). */
    readonly spokes: Readonly<Record<string, string>>;
}
