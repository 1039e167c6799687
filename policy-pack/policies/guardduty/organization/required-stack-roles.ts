import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { str, tagsOf } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";

const DETECTOR = "aws:guardduty/detector:Detector";
const ORGANIZATION = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const ROLE_TAG = "hub-network:stack-role";

/**
 * Where the policy config says GuardDuty runs (`stackRoles`, e.g. `["security"]` in production, where
 * the security account is GuardDuty's delegated administrator), the stack must declare an enabled
 * detector and the organization configuration that enables GuardDuty for the organization's member
 * accounts through it (`autoEnableOrganizationMembers` `ALL` or `NEW`:
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html).
 * The stack's role is its resources' `hub-network:stack-role` tag. An environment whose organization
 * runs GuardDuty elsewhere (`detection.findings: organization`) leaves `security` out of the list.
 */
export const guarddutyRequiredStackRoles = stackPolicy<{ stackRoles: string[] }>({
    name: "guardduty-organization-required-stack-roles",
    description:
        "Stacks of the configured roles must run GuardDuty: an enabled detector that enables the organization's member accounts.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["GuardDuty.1"], checkov: ["CKV2_AWS_3"] },
    configSchema: {
        properties: {
            stackRoles: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Stack roles (`hub-network:stack-role`) that must run GuardDuty for the organization, e.g. security.",
            },
        },
    },
    check: (resources, config) => {
        const role = resources.map((r) => tagsOf(r.props)[ROLE_TAG]).find((v) => v !== undefined);
        if (role === undefined || !config.stackRoles.includes(role)) return [];
        const graph = new StackGraph(resources);
        const detectors = graph.ofType(DETECTOR).filter((d) => d.props.enable !== false);
        const found: StackViolation[] = [];
        if (detectors.length === 0) {
            return [
                {
                    message: `this ${role} stack declares no enabled GuardDuty detector; the policy config requires GuardDuty in ${role} stacks: turn detection on (detection.enabled) or remove '${role}' from stackRoles.`,
                },
            ];
        }
        const members = graph
            .ofType(ORGANIZATION)
            .filter((o) => detectors.some((d) => graph.refersTo(o, "detectorId", d)));
        const enabling = members.filter((o) =>
            ["ALL", "NEW"].includes(str(o.props.autoEnableOrganizationMembers) ?? ""),
        );
        if (enabling.length === 0) {
            found.push({
                urn: (members[0] ?? detectors[0]).urn,
                message:
                    members.length === 0
                        ? `this ${role} stack's GuardDuty detector has no organization configuration: the organization's member accounts are not monitored; add an aws.guardduty.OrganizationConfiguration with autoEnableOrganizationMembers ALL.`
                        : `this ${role} stack's GuardDuty organization configuration sets autoEnableOrganizationMembers to ${str(members[0].props.autoEnableOrganizationMembers) ?? "nothing"}: member accounts are not enabled; set it to ALL (or NEW).`,
            });
        }
        return found;
    },
});
