import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { SECURITY_GROUP_RULE_TYPES } from "../../../lib/network";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

/**
 * Every VPC must adopt its default security group (`aws.ec2.DefaultSecurityGroup`), which removes the
 * rules AWS creates in it (all traffic between its members, all egress), and no rule resource may be
 * attached to the adopted group. Unadopted, the default group keeps those rules, and anything launched
 * without a security group joins it. Its inline rules are judged by
 * ec2-default-security-group-no-rules.
 */
export const vpcDefaultSecurityGroupAdopted = stackPolicy({
    name: "ec2-vpc-default-security-group-adopted",
    description:
        "Every VPC must adopt its default security group, so its default rules are removed, and attach no rules to it.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", fsbp: ["EC2.2"], checkov: ["CKV2_AWS_12"] },
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const vpc of graph.ofType(T.vpc)) {
            if (graph.referrers(vpc, "vpcId", DEFAULT_SG).length > 0) continue;
            found.push({
                urn: vpc.urn,
                message: `VPC '${vpc.name}' does not adopt its default security group; add an aws.ec2.DefaultSecurityGroup with no rules for it.`,
            });
        }
        const defaults = graph.ofType(DEFAULT_SG);
        if (defaults.length === 0) return found;
        for (const rule of graph.ofType(...SECURITY_GROUP_RULE_TYPES)) {
            const group = defaults.find((sg) => graph.refersTo(rule, "securityGroupId", sg));
            if (group === undefined) continue;
            found.push({
                urn: rule.urn,
                message: `rule '${rule.name}' is attached to default security group '${group.name}'; attach it to a security group of its own.`,
            });
        }
        return found;
    },
});
