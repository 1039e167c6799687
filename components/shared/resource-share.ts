import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { withName } from "./aws-context";

/** Who a RAM share is for: the whole organization, or a list of accounts. */
export type ShareTarget =
    | { readonly organizationArn: string; readonly accountIds?: undefined }
    | { readonly accountIds: readonly string[]; readonly organizationArn?: undefined };

/**
 * An AWS RAM share of `resources` (ARN by a short key) with `shareWith`, never outside the
 * organization (`allowExternalPrincipals: false`). Children: `<name>-share`, `<name>-share-<key>` per
 * resource and `<name>-share-<account>` (or `-organization`) per principal.
 */
export function shareResources(
    name: string,
    resources: Readonly<Record<string, pulumi.Input<string>>>,
    shareWith: ShareTarget,
    tags: Readonly<Record<string, string>> | undefined,
    parent: pulumi.Resource,
): aws.ram.ResourceShare {
    const share = new aws.ram.ResourceShare(
        `${name}-share`,
        { allowExternalPrincipals: false, tags: withName(tags, `${name}-share`) },
        { parent },
    );
    for (const [key, resourceArn] of Object.entries(resources)) {
        new aws.ram.ResourceAssociation(
            `${name}-share-${key}`,
            { resourceArn, resourceShareArn: share.arn },
            { parent },
        );
    }
    const principals = shareWith.organizationArn
        ? [shareWith.organizationArn]
        : [...(shareWith.accountIds ?? [])];
    for (const principal of principals) {
        new aws.ram.PrincipalAssociation(
            `${name}-share-${principal.startsWith("arn:") ? "organization" : principal}`,
            { principal, resourceShareArn: share.arn },
            { parent },
        );
    }
    return share;
}
