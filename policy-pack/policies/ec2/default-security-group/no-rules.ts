import { rulesOf } from "../../../lib/network";
import { resourcePolicy } from "../../../lib/policy";

/** The default security group of every VPC must have no rules, so nothing can rely on it. */
export const defaultSecurityGroupNoRules = resourcePolicy({
    name: "ec2-default-security-group-no-rules",
    description: "The default security group of every VPC must have no rules, so nothing can rely on it.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", fsbp: ["EC2.2"], checkov: ["CKV2_AWS_12"] },
    resourceTypes: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    check: (props, { type }) => {
        const { ingress, egress } = rulesOf(type, props);
        const count = ingress.length + egress.length;
        return count === 0 ? [] : [`the default security group has ${count} rule(s); remove them all.`];
    },
});
