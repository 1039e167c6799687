/**
 * The tenancy access matrix: what spoke A's session can do to each attachment and zone of a hub,
 * evaluated over the exact policies a network stack produces (its onboarding role's trust and
 * permissions, its registrar's configuration) with the IAM evaluator of cli/iam and the registrar's
 * own decision functions. Each cell says whether A can bring the action about, by either channel
 * open to it: its session's IAM permissions in the hub account, or a request to the registrar
 * (which answers from the facts, whoever asks).
 */
import { OWNER_TAG, SPOKE_ACCOUNT_TAG } from "../../components/network/attachment-ownership";
import { RequestContext } from "../../cli/iam/conditions";
import { authorize, type Decision, type RequestPrincipal } from "../../cli/iam/evaluate";
import { registrarConfigs } from "../../cli/iam/registrar-effects";
import { rolesOf, type StackRole } from "../../cli/iam/roles";
import { OWN_ATTACHMENT_ACTIONS } from "../../components/network/spoke-onboarding-role";
import type { StackRun } from "../../cli/mock-cloud/run";
import {
    attachmentDecision,
    zoneDecision,
    type RegistrarConfig,
} from "../../services/onboarding-registrar/decide";

/** Attachment operations a spoke stack needs (and nothing more). */
export const ATTACHMENT_OPERATIONS = [
    "accept",
    "associate",
    "disassociate",
    "enable propagation",
    "disable propagation",
    "create tags",
    "delete tags",
    "delete",
] as const;
export type AttachmentOperation = (typeof ATTACHMENT_OPERATIONS)[number];

/** The attachments of the matrix, as seen from spoke A. */
export const ATTACHMENT_TARGETS = [
    "own",
    "B's",
    "inspection",
    "shared services",
    "VPN",
    "hub's, created later, untagged",
    "unlisted account's",
] as const;
export type AttachmentTarget = (typeof ATTACHMENT_TARGETS)[number];

export const ZONE_TARGETS = ["own", "B's name", "more specific name under B's"] as const;
export type ZoneTarget = (typeof ZONE_TARGETS)[number];
export const ZONE_OPERATIONS = ["associate", "disassociate"] as const;
export type ZoneOperation = (typeof ZONE_OPERATIONS)[number];

/** One hub (a network stack's run) and the two spokes the matrix takes from its environment. */
export interface MatrixInput {
    readonly network: StackRun;
    /** Spoke A and spoke B: listed accounts the registrar knows by name. */
    readonly a: string;
    readonly b: string;
    /** An account the environment does not list. */
    readonly unlisted: string;
    /** The deployer role name pattern of A's account, as the environment lists it. */
    readonly deployerArn: (account: string) => string;
    readonly organizationId: string;
}

/** The matrix of one hub. */
export interface Matrix {
    readonly attachments: Readonly<Record<AttachmentTarget, Readonly<Record<AttachmentOperation, boolean>>>>;
    /** Zones A's account owns, named as A's, as B's, or more specifically under B's. */
    readonly zones: Readonly<Record<ZoneTarget, Readonly<Record<ZoneOperation, boolean>>>>;
    /** Whether A may assume the role as itself, and whether it may claim another account in its session. */
    readonly assumeAsItself: boolean;
    readonly assumeAsB: boolean;
    /** Whether A can change or remove the owner tag of its own attachment. */
    readonly retagOwnOwner: boolean;
    /** Whether A's session can disassociate B's genuine zone from the hub VPC. */
    readonly disassociateBsZone: boolean;
    /** The registrar's reason for each refused zone. */
    readonly zoneRefusals: Readonly<Partial<Record<ZoneTarget, string>>>;
    /** A pull request's preview: which role A's preview role may assume, and what it may change. */
    readonly preview: {
        /** A's preview role may assume the hub's preview role. */
        readonly assumePreviewRole: boolean;
        /** A's preview role may assume the onboarding role (it must not). */
        readonly assumeOnboardingRole: boolean;
        /** Writes the preview role may make on A's own attachment, the registrar or a zone (none). */
        readonly writes: readonly string[];
    };
}

const ROLE_NAME = /spoke-onboarding-role$/;

const roles = (run: StackRun) => rolesOf(run.resources);

function onboardingRole(run: StackRun): StackRole {
    const arn = String(run.outputs.onboardingRoleArn);
    const role = roles(run).get(arn);
    if (!role || !ROLE_NAME.test(role.urn)) throw new Error(`no onboarding role ${arn} in ${run.stack}`);
    return role;
}

function registrarConfig(run: StackRun): RegistrarConfig {
    const config = registrarConfigs([run]).get(String(run.outputs.registrarFunctionArn));
    if (!config) throw new Error(`no registrar in ${run.stack}`);
    return config;
}

/** Computes the matrix for `input`. */
export function tenancyMatrix(input: MatrixInput): Matrix {
    const { network, a, b, unlisted } = input;
    const role = onboardingRole(network);
    const config = registrarConfig(network);
    const region = config.region;
    const hub = config.networkAccount;
    const arn = (kind: string, id: string) => `arn:aws:ec2:${region}:${hub}:${kind}/${id}`;
    const spokesTable = String(network.outputs.spokeRouteTableId);
    const inspectionTable = String(network.outputs.inspectionRouteTableId);

    // Assuming the role: A as itself, and A claiming B's account in its session tag.
    const assume = (tag: string, callerArn = input.deployerArn(a)): boolean =>
        ["sts:AssumeRole", "sts:TagSession"].every(
            (action) =>
                authorize(
                    {
                        action,
                        resource: role.arn,
                        principal: { type: "AWS", account: a, arn: callerArn },
                        context: new RequestContext({
                            "aws:PrincipalOrgID": input.organizationId,
                            [`aws:RequestTag/${SPOKE_ACCOUNT_TAG}`]: tag,
                            "aws:TagKeys": [SPOKE_ACCOUNT_TAG],
                        }),
                    },
                    { resource: role.trust, resourceAccount: role.account, resourcePolicyRequired: true },
                ).decision === "allow",
        );

    // A's session: the role's tags and the session tag the trust let it set.
    const session: RequestPrincipal = { type: "AWS", account: role.account, arn: role.arn };
    const principalTags = Object.fromEntries(
        Object.entries({ ...role.tags, [SPOKE_ACCOUNT_TAG]: a }).map(([k, v]) => [
            `aws:PrincipalTag/${k}`,
            v,
        ]),
    );
    const allowed = (
        action: string,
        resource: string,
        context: Record<string, string | string[]> = {},
    ): Decision =>
        authorize(
            {
                action,
                resource,
                principal: session,
                context: new RequestContext({ ...principalTags, ...context }),
            },
            { identity: role.policies, resourceAccount: role.account },
        );

    // Each attachment with the tags it carries in the hub account after anyone (A included) asked
    // the registrar to register it: the registrar writes only the true owner, when the facts allow.
    const hubTags = (name: string) =>
        (network.resources.find((r) => r.name === name)?.inputs.tags as Record<string, string> | undefined) ??
        {};
    const vpnOwner = network.resources.find(
        (r) => r.type === "aws:ec2/tag:Tag" && r.inputs.key === OWNER_TAG,
    );
    const targets: Record<
        AttachmentTarget,
        { id: string; vpcOwnerId?: string; tags: Record<string, string> }
    > = {
        own: { id: "tgw-attach-own", vpcOwnerId: a, tags: {} },
        "B's": { id: "tgw-attach-b", vpcOwnerId: b, tags: {} },
        inspection: {
            id: String(network.outputs.inspectionAttachmentId),
            vpcOwnerId: hub,
            tags: hubTags("inspection-attachment"),
        },
        "shared services": {
            id: String(network.outputs.sharedServicesAttachmentId),
            vpcOwnerId: hub,
            tags: hubTags("shared-services-attachment"),
        },
        // A VPN attachment is no VPC attachment: DescribeTransitGatewayVpcAttachments does not show it.
        VPN: {
            id: String(network.outputs.vpnAttachmentId ?? "tgw-attach-vpn"),
            tags: vpnOwner ? { [OWNER_TAG]: String(vpnOwner.inputs.value) } : {},
        },
        "hub's, created later, untagged": { id: "tgw-attach-later", vpcOwnerId: hub, tags: {} },
        "unlisted account's": { id: "tgw-attach-unlisted", vpcOwnerId: unlisted, tags: {} },
    };
    const attachments = {} as Record<AttachmentTarget, Record<AttachmentOperation, boolean>>;
    for (const name of ATTACHMENT_TARGETS) {
        const t = targets[name];
        const facts = t.vpcOwnerId
            ? {
                  id: t.id,
                  transitGatewayId: config.transitGatewayId,
                  vpcOwnerId: t.vpcOwnerId,
                  state: "pendingAcceptance",
                  tags: t.tags,
              }
            : undefined;
        const registered = attachmentDecision(t.id, facts, config);
        const tags = registered.ok ? { ...t.tags, [OWNER_TAG]: registered.owner } : t.tags;
        const resourceTags = Object.fromEntries(
            Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]),
        );
        const on = (action: string, table?: string, context: Record<string, string | string[]> = {}) =>
            allowed(action, arn("transit-gateway-attachment", t.id), { ...resourceTags, ...context })
                .decision === "allow" &&
            (table === undefined ||
                allowed(action, arn("transit-gateway-route-table", table)).decision === "allow");
        attachments[name] = {
            accept: on("ec2:AcceptTransitGatewayVpcAttachment"),
            associate: on("ec2:AssociateTransitGatewayRouteTable", spokesTable),
            disassociate: on("ec2:DisassociateTransitGatewayRouteTable", spokesTable),
            "enable propagation": on("ec2:EnableTransitGatewayRouteTablePropagation", inspectionTable),
            "disable propagation": on("ec2:DisableTransitGatewayRouteTablePropagation", inspectionTable),
            "create tags": on("ec2:CreateTags", undefined, {
                "aws:RequestTag/Name": "x",
                "aws:TagKeys": ["Name"],
            }),
            "delete tags": on("ec2:DeleteTags", undefined, { "aws:TagKeys": ["Name"] }),
            delete: on("ec2:DeleteTransitGatewayVpcAttachment"),
        };
    }
    const ownArn = arn("transit-gateway-attachment", "tgw-attach-own");
    const ownTags = { [`aws:ResourceTag/${OWNER_TAG}`]: a };
    const retagOwnOwner =
        allowed("ec2:CreateTags", ownArn, {
            ...ownTags,
            [`aws:RequestTag/${OWNER_TAG}`]: b,
            "aws:TagKeys": [OWNER_TAG],
        }).decision === "allow" ||
        allowed("ec2:DeleteTags", ownArn, { ...ownTags, "aws:TagKeys": [OWNER_TAG] }).decision === "allow";

    // Zones A's account owns: associate through the session (never) or the registrar (only its own
    // name); disassociate from the hub VPC through the session (never; the registrar never does).
    const domain = config.corporateDomain;
    const aName = config.spokes[a];
    const bName = config.spokes[b];
    const zoneNames: Record<ZoneTarget, string> = {
        own: `${aName}.${domain}`,
        "B's name": `${bName}.${domain}`,
        "more specific name under B's": `api.${bName}.${domain}`,
    };
    const vpcs = `VPCId=${config.sharedServicesVpcId},VPCRegion=${region}`;
    const direct = (action: string, zone: string) =>
        allowed(action, `arn:aws:route53:::hostedzone/${zone}`, { "route53:VPCs": vpcs }).decision ===
        "allow";
    const zones = {} as Record<ZoneTarget, Record<ZoneOperation, boolean>>;
    const zoneRefusals: Partial<Record<ZoneTarget, string>> = {};
    for (const target of ZONE_TARGETS) {
        const id = `Z${target.replace(/\W/g, "").toUpperCase()}`;
        const decision = zoneDecision(id, { id, name: `${zoneNames[target]}.`, owningAccount: a }, config);
        if (!decision.ok) zoneRefusals[target] = decision.reason;
        zones[target] = {
            associate: direct("route53:AssociateVPCWithHostedZone", id) || decision.ok,
            disassociate: direct("route53:DisassociateVPCFromHostedZone", id),
        };
    }
    // A pull request's preview: A's read-only preview role, and the hub's preview role it assumes.
    const previewRole = roles(network).get(String(network.outputs.onboardingPreviewRoleArn));
    if (!previewRole) throw new Error(`no preview role in ${network.stack}`);
    const previewCaller = `arn:aws:iam::${a}:role/hub-network-preview`;
    const assumePreviewRole =
        authorize(
            {
                action: "sts:AssumeRole",
                resource: previewRole.arn,
                principal: { type: "AWS", account: a, arn: previewCaller },
                context: new RequestContext({ "aws:PrincipalOrgID": input.organizationId }),
            },
            {
                resource: previewRole.trust,
                resourceAccount: previewRole.account,
                resourcePolicyRequired: true,
            },
        ).decision === "allow";
    const previewSession: RequestPrincipal = {
        type: "AWS",
        account: previewRole.account,
        arn: previewRole.arn,
    };
    const previewAllowed = (
        action: string,
        resource: string,
        context: Record<string, string | string[]> = {},
    ) =>
        authorize(
            { action, resource, principal: previewSession, context: new RequestContext(context) },
            { identity: previewRole.policies, resourceAccount: previewRole.account },
        ).decision === "allow";
    const ownAttachment = arn("transit-gateway-attachment", "tgw-attach-own");
    const writes = [
        ...OWN_ATTACHMENT_ACTIONS.filter((action) =>
            previewAllowed(action, ownAttachment, { [`aws:ResourceTag/${OWNER_TAG}`]: a }),
        ),
        ...(previewAllowed("lambda:InvokeFunction", String(network.outputs.registrarFunctionArn))
            ? ["lambda:InvokeFunction"]
            : []),
        ...["route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone"].filter((action) =>
            previewAllowed(action, "arn:aws:route53:::hostedzone/ZOWN", {
                "route53:VPCs": `VPCId=${config.sharedServicesVpcId},VPCRegion=${region}`,
            }),
        ),
    ];
    return {
        preview: {
            assumePreviewRole,
            assumeOnboardingRole: assume(a, previewCaller),
            writes,
        },
        attachments,
        zones,
        assumeAsItself: assume(a),
        assumeAsB: assume(b),
        retagOwnOwner,
        disassociateBsZone: direct("route53:DisassociateVPCFromHostedZone", "ZBSZONE"),
        zoneRefusals,
    };
}

/** The expected matrix: A can do everything to its own, nothing to anything else. */
export function onlyOwn(matrix: Matrix): string[] {
    const wrong: string[] = [];
    for (const target of ATTACHMENT_TARGETS) {
        for (const op of ATTACHMENT_OPERATIONS) {
            if (matrix.attachments[target][op] !== (target === "own")) {
                wrong.push(
                    `attachment ${target} x ${op}: ${matrix.attachments[target][op] ? "allowed" : "denied"}`,
                );
            }
        }
    }
    for (const target of ZONE_TARGETS) {
        if (matrix.zones[target].associate !== (target === "own")) {
            wrong.push(
                `zone ${target} x associate: ${matrix.zones[target].associate ? "allowed" : "denied"}`,
            );
        }
        // Disassociating its own zone is the zone owner's right in its own account, never the hub session's.
        if (matrix.zones[target].disassociate)
            wrong.push(`zone ${target} x disassociate through the hub: allowed`);
    }
    if (!matrix.assumeAsItself) wrong.push("A may not assume the role as itself");
    if (matrix.assumeAsB) wrong.push("A may claim B's account in its session");
    if (matrix.retagOwnOwner) wrong.push("A may change the owner tag of its own attachment");
    if (matrix.disassociateBsZone) wrong.push("A may disassociate B's zone from the hub VPC");
    if (!matrix.preview.assumePreviewRole) wrong.push("A's preview may not assume the hub's preview role");
    if (matrix.preview.assumeOnboardingRole) wrong.push("A's preview may assume the onboarding role");
    for (const action of matrix.preview.writes) wrong.push(`A's preview may ${action}`);
    return wrong;
}
