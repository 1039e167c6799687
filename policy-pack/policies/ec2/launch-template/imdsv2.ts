import { resourcePolicy } from "../../../lib/policy";
import { record } from "../../../lib/props";

/** Launch templates must require IMDSv2 (session tokens) for the instance metadata service. */
export const launchTemplateImdsv2 = resourcePolicy({
    name: "ec2-launch-template-imdsv2",
    description: "Launch templates must require IMDSv2 (session tokens) for the instance metadata service.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", fsbp: ["EC2.170"], cdkNag: ["AwsSolutions-EC29"], checkov: ["CKV_AWS_79"] },
    resourceTypes: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check: (props) => {
        const tokens = record(props.metadataOptions).httpTokens;
        return tokens === "required"
            ? []
            : [`metadataOptions.httpTokens is '${String(tokens ?? "optional")}'; set it to 'required'.`];
    },
});
