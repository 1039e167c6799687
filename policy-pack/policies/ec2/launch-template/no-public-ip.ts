import { resourcePolicy } from "../../../lib/policy";
import { list, record } from "../../../lib/props";

/** Launch templates must not assign public IP addresses to network interfaces. */
export const launchTemplateNoPublicIp = resourcePolicy({
    name: "ec2-launch-template-no-public-ip",
    description: "Launch templates must not assign public IP addresses to network interfaces.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", fsbp: ["EC2.25"], checkov: ["CKV_AWS_88"] },
    resourceTypes: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check: (props) =>
        list(props.networkInterfaces).flatMap((n, i) => {
            const value = record(n).associatePublicIpAddress;
            return value === true || value === "true"
                ? [`networkInterfaces[${i}].associatePublicIpAddress is true; set it to false.`]
                : [];
        }),
});
