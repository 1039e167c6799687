/**
 * The shape of the bootstrap's action table: for each resource type a stack can declare, the IAM
 * actions the provider's calls need in each phase of the resource's life (terraform-provider-aws,
 * which `@pulumi/aws` bridges, is the source each row cites).
 */

/** The actions of one resource type, by phase, and what else creating it needs. */
export interface ActionRow {
    /** The provider source the row was read from. */
    readonly source: string;
    /** Create (and tag on create). */
    readonly create: readonly string[];
    /** Read: what `pulumi refresh`, the waiters and a preview's reads call. The preview role gets only these. */
    readonly read: readonly string[];
    /** Update (and tag changes). */
    readonly update: readonly string[];
    /** Delete. */
    readonly delete: readonly string[];
    /** Services the resource passes a role to (`iam:PassRole` with `iam:PassedToService`). */
    readonly passRoleTo?: readonly string[];
    /** Service-linked roles the service creates on first use (`iam:CreateServiceLinkedRole`). */
    readonly serviceLinkedRoles?: readonly string[];
}

/** terraform-provider-aws sources, by path under internal/service/. */
export const PROVIDER_SOURCE =
    "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/";

/** A row from space-separated action lists: `row("ec2/vpc_.go", "ec2:CreateVpc ...", ...)`. */
export function row(
    source: string,
    create: string,
    read: string,
    update: string,
    del: string,
    extra: Pick<ActionRow, "passRoleTo" | "serviceLinkedRoles"> = {},
): ActionRow {
    const list = (s: string) => s.split(/\s+/).filter((a) => a.length > 0);
    return {
        source: source.startsWith("https://") ? source : `${PROVIDER_SOURCE}${source}`,
        create: list(create),
        read: list(read),
        update: list(update),
        delete: list(del),
        ...extra,
    };
}
