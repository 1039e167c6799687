import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OWNER_TAG, SPOKE_ACCOUNT_TAG } from "./attachment-ownership";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";

/** Arguments of {@link SpokeOnboardingRole}. */
export interface SpokeOnboardingRoleArgs extends AwsContext {
    /** The role's name (IAM is global: include the environment and region). */
    readonly roleName: string;
    /** The organization ID (`o-...`): only principals of the organization may assume the role. */
    readonly organizationId: string;
    /**
     * The deployer roles that may assume it, as ARN patterns with the account as `*`
     * (`arn:aws:iam::*:role/hub-network-deployer`): a condition on `aws:PrincipalArn`, so the roles need
     * not exist when the policy is written, and a role deleted and re-created keeps its trust.
     */
    readonly deployerRolePatterns: readonly string[];
    /** The `spokes` TGW route table: the only table spoke attachments may be associated with. */
    readonly spokeRouteTableId: pulumi.Input<string>;
    /** The `inspection` TGW route table: the only table spoke attachments may propagate into. */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /** The onboarding registrar a spoke invokes (ARN of its function). */
    readonly registrarFunctionArn: pulumi.Input<string>;
    /** Tags for the role, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Read-only actions the role needs whose resource can only be `*`: the Service Authorization
 * Reference lists no resource types for them.
 */
export const UNSCOPED_READ_ACTIONS = [
    // The provider's VpcAttachmentAccepter reads the Transit Gateway after accepting and on every
    // refresh (findTransitGatewayByID in transitgateway_vpc_attachment_accepter.go).
    "ec2:DescribeTransitGateways",
    "ec2:DescribeTransitGatewayAttachments",
    "ec2:DescribeTransitGatewayVpcAttachments",
    "ec2:DescribeTransitGatewayRouteTables",
    "ec2:DescribeTags",
    "ec2:GetTransitGatewayRouteTableAssociations",
    "ec2:GetTransitGatewayRouteTablePropagations",
] as const;

/** The onboarding model, in the words the plan reports it (docs/tenancy.md). */
export const ONBOARDING_MODEL =
    "attachment owners tagged by the hub's registrar, one session tag per spoke account, trust by role ARN pattern in the organization (names no principal), zones associated by the registrar after a name check";

/** What a spoke's session may do to an attachment its own account owns (the registrar's owner tag). */
export const OWN_ATTACHMENT_ACTIONS = [
    "ec2:AcceptTransitGatewayVpcAttachment",
    "ec2:AssociateTransitGatewayRouteTable",
    "ec2:DisassociateTransitGatewayRouteTable",
    "ec2:EnableTransitGatewayRouteTablePropagation",
    "ec2:DisableTransitGatewayRouteTablePropagation",
    "ec2:CreateTags",
    "ec2:DeleteTags",
    "ec2:DeleteTransitGatewayVpcAttachment",
] as const;

/** The trust policy: who may assume the role, and the session tag every session must carry. */
export function onboardingTrustPolicy(
    organizationId: string,
    deployerRolePatterns: readonly string[],
): object {
    const callers = {
        StringEquals: {
            "aws:PrincipalOrgID": organizationId,
            // The session's spoke account is the caller's own account, never one it names.
            [`aws:RequestTag/${SPOKE_ACCOUNT_TAG}`]: "${aws:PrincipalAccount}",
        },
        ArnLike: { "aws:PrincipalArn": [...deployerRolePatterns] },
    };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "SpokeDeployers",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:AssumeRole",
                Condition: callers,
            },
            {
                Sid: "SpokeAccountSessionTagOnly",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:TagSession",
                Condition: {
                    ...callers,
                    "ForAllValues:StringEquals": { "aws:TagKeys": [SPOKE_ACCOUNT_TAG] },
                },
            },
        ],
    };
}

/** The permission policy, which does not grow with the number of spokes. */
export function onboardingPermissionPolicy(args: {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly spokesTable: string;
    readonly inspectionTable: string;
    readonly registrarFunctionArn: string;
}): object {
    const attachments = `arn:${args.partition}:ec2:${args.region}:${args.accountId}:transit-gateway-attachment/*`;
    const table = (id: string) =>
        `arn:${args.partition}:ec2:${args.region}:${args.accountId}:transit-gateway-route-table/${id}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "InvokeRegistrar",
                Effect: "Allow",
                Action: "lambda:InvokeFunction",
                Resource: [args.registrarFunctionArn, `${args.registrarFunctionArn}:*`],
            },
            {
                Sid: "OwnAttachmentsOnly",
                Effect: "Allow",
                Action: [...OWN_ATTACHMENT_ACTIONS],
                Resource: attachments,
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/${OWNER_TAG}`]: `\${aws:PrincipalTag/${SPOKE_ACCOUNT_TAG}}`,
                    },
                },
            },
            {
                Sid: "AssociateWithSpokesTableOnly",
                Effect: "Allow",
                Action: ["ec2:AssociateTransitGatewayRouteTable", "ec2:DisassociateTransitGatewayRouteTable"],
                Resource: table(args.spokesTable),
            },
            {
                Sid: "PropagateIntoInspectionTableOnly",
                Effect: "Allow",
                Action: [
                    "ec2:EnableTransitGatewayRouteTablePropagation",
                    "ec2:DisableTransitGatewayRouteTablePropagation",
                ],
                Resource: table(args.inspectionTable),
            },
            {
                Sid: "NeverTheOwnerTag",
                Effect: "Deny",
                Action: ["ec2:CreateTags", "ec2:DeleteTags"],
                Resource: attachments,
                Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": [OWNER_TAG] } },
            },
            {
                Sid: "ReadOnlyWithoutResourceTypes",
                Effect: "Allow",
                Action: [...UNSCOPED_READ_ACTIONS],
                Resource: "*",
            },
        ],
    };
}

/**
 * The role a spoke stack's `hub` provider assumes in the network account, one per region. Trusted by
 * the deployer roles of the organization (by ARN pattern, never by name: no principal must exist, and
 * the policy does not grow with the spokes), each session tagged with the caller's own account.
 * A session may invoke the onboarding registrar, and act only on attachments the registrar tagged as
 * its own account's: accept them, associate them with `spokes` (that table only), propagate them into
 * `inspection` (that table only), tag them (never the owner tag) and delete them. It has no Route 53
 * write at all: IAM cannot tell one zone from another, so the registrar associates zones.
 */
export class SpokeOnboardingRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly roleArn: pulumi.Output<string>;
    /** The trust policy document (JSON). */
    readonly trustPolicy: string;
    /** The permissions policy document (JSON). */
    readonly policyDocument: pulumi.Output<string>;

    constructor(name: string, args: SpokeOnboardingRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:SpokeOnboardingRole", name, {}, opts);
        const invalid = args.deployerRolePatterns.find(
            (p) => !/^arn:aws[a-z-]*:iam::(\*|\d{12}):role\/[\w+=,.@/*-]+$/.test(p),
        );
        if (args.deployerRolePatterns.length === 0 || invalid !== undefined) {
            throw new Error(
                `SpokeOnboardingRole ${name}: deployerRolePatterns must list role ARN patterns (arn:aws:iam::*:role/<name>); got ${JSON.stringify(args.deployerRolePatterns)}`,
            );
        }
        if (!/^o-[a-z0-9]{10,32}$/.test(args.organizationId)) {
            throw new Error(
                `SpokeOnboardingRole ${name}: organizationId '${args.organizationId}' is not o-<10-32 characters>`,
            );
        }
        this.trustPolicy = JSON.stringify(
            onboardingTrustPolicy(args.organizationId, args.deployerRolePatterns),
        );
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                description:
                    "Assumed by spoke stacks for their hub-side steps: register, accept, associate and propagate their own attachment",
                assumeRolePolicy: this.trustPolicy,
                maxSessionDuration: 3600,
                tags: withName(args.tags, args.roleName),
            },
            { parent: this },
        );
        this.policyDocument = pulumi
            .all([
                pulumi.output(args.spokeRouteTableId),
                pulumi.output(args.inspectionRouteTableId),
                pulumi.output(args.registrarFunctionArn),
            ])
            .apply(([spokesTable, inspectionTable, registrarFunctionArn]) =>
                JSON.stringify(
                    onboardingPermissionPolicy({
                        partition: partitionOf(args.region),
                        region: args.region,
                        accountId: args.accountId,
                        spokesTable,
                        inspectionTable,
                        registrarFunctionArn,
                    }),
                ),
            );
        new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.id, name: "spoke-onboarding", policy: this.policyDocument },
            { parent: this },
        );
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
