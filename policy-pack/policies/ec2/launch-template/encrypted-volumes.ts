import { resourcePolicy } from "../../../lib/policy";
import { list, record } from "../../../lib/props";

/** Launch templates must encrypt every EBS volume they declare. */
export const launchTemplateEncryptedVolumes = resourcePolicy({
    name: "ec2-launch-template-encrypted-volumes",
    description: "Launch templates must encrypt every EBS volume they declare.",
    enforcementLevel: "mandatory",
    metadata: { severity: "medium", fsbp: ["EC2.7"], cdkNag: ["AwsSolutions-EC26"], checkov: ["CKV_AWS_8"] },
    resourceTypes: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check: (props) =>
        list(props.blockDeviceMappings).flatMap((m, i) => {
            const ebs = record(record(m).ebs);
            const encrypted = ebs.encrypted;
            return Object.keys(ebs).length === 0 || encrypted === true || encrypted === "true"
                ? []
                : [
                      `blockDeviceMappings[${i}].ebs.encrypted is ${String(encrypted ?? "unset")}; set it to true.`,
                  ];
        }),
});
