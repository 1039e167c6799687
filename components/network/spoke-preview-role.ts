import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { UNSCOPED_READ_ACTIONS } from "./spoke-onboarding-role";
import { withName } from "../shared/aws-context";

/** Arguments of {@link SpokePreviewRole}. */
export interface SpokePreviewRoleArgs {
    /** The role's name (IAM is global: include the environment and region). */
    readonly roleName: string;
    /** The organization ID (`o-...`): only principals of the organization may assume the role. */
    readonly organizationId: string;
    /**
     * The read-only preview roles of the spoke accounts, as ARN patterns with the account as `*`
     * (`arn:aws:iam::*:role/hub-network-preview`): a condition on `aws:PrincipalArn`, so the roles need
     * not exist when the policy is written, and a role deleted and re-created keeps its trust.
     */
    readonly previewRolePatterns: readonly string[];
    /** Tags for the role, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The preview role's trust: the organization's preview roles, by ARN pattern. */
export function previewTrustPolicy(organizationId: string, previewRolePatterns: readonly string[]): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "SpokePreviews",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:PrincipalOrgID": organizationId },
                    ArnLike: { "aws:PrincipalArn": [...previewRolePatterns] },
                },
            },
        ],
    };
}

/** The preview role's only permissions: the reads a spoke's `hub` provider makes, on `*`. */
export function previewPermissionPolicy(): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadOnly",
                Effect: "Allow",
                Action: [...UNSCOPED_READ_ACTIONS],
                Resource: "*",
            },
        ],
    };
}

/**
 * The read-only counterpart of the spoke onboarding role, one per region: what a spoke's `hub`
 * provider assumes in a pull request's preview, which runs the pull request's own code. Trusted by the
 * organization's preview roles (by ARN pattern), it may only describe: it cannot accept, tag,
 * associate, propagate or delete an attachment, nor invoke the onboarding registrar. The onboarding
 * role does not trust the preview roles, so a preview can never change the hub.
 */
export class SpokePreviewRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly roleArn: pulumi.Output<string>;
    /** The trust policy document (JSON). */
    readonly trustPolicy: string;
    /** The permissions policy document (JSON). */
    readonly policyDocument: string;

    constructor(name: string, args: SpokePreviewRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:SpokePreviewRole", name, {}, opts);
        const invalid = args.previewRolePatterns.find(
            (p) => !/^arn:aws[a-z-]*:iam::(\*|\d{12}):role\/[\w+=,.@/*-]+$/.test(p),
        );
        if (args.previewRolePatterns.length === 0 || invalid !== undefined) {
            throw new Error(
                `SpokePreviewRole ${name}: previewRolePatterns must list role ARN patterns (arn:aws:iam::*:role/<name>); got ${JSON.stringify(args.previewRolePatterns)}`,
            );
        }
        if (!/^o-[a-z0-9]{10,32}$/.test(args.organizationId)) {
            throw new Error(
                `SpokePreviewRole ${name}: organizationId '${args.organizationId}' is not o-<10-32 characters>`,
            );
        }
        this.trustPolicy = JSON.stringify(previewTrustPolicy(args.organizationId, args.previewRolePatterns));
        this.policyDocument = JSON.stringify(previewPermissionPolicy());
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                description:
                    "Assumed by spoke previews (pull requests) through their hub provider: read only",
                assumeRolePolicy: this.trustPolicy,
                maxSessionDuration: 3600,
                tags: withName(args.tags, args.roleName),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.id, name: "spoke-preview", policy: this.policyDocument },
            { parent: this },
        );
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
