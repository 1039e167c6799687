import { resourcePolicy } from "../../../lib/policy";
import { record } from "../../../lib/props";

/**
 * Auto Scaling groups must launch from a launch template (directly, or in a mixed instances policy),
 * not a launch configuration, which cannot require IMDSv2 and is no longer offered for new accounts.
 */
export const autoscalingGroupLaunchTemplate = resourcePolicy({
    name: "autoscaling-group-launch-template",
    description: "Auto Scaling groups must launch from a launch template, not a launch configuration.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["AutoScaling.9"], checkov: ["CKV_AWS_315"] },
    resourceTypes: ["aws:autoscaling/group:Group"],
    check: (props) => {
        const mixed = record(record(props.mixedInstancesPolicy).launchTemplate);
        if (props.launchTemplate !== undefined || mixed.launchTemplateSpecification !== undefined) return [];
        return [
            "the group has no launch template; set launchTemplate (with a version) instead of launchConfiguration.",
        ];
    },
});
