import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, list } from "../../../lib/props";

/**
 * Lambda functions must run in a VPC, with subnets and security groups. A function outside any VPC
 * reaches the internet directly, past the hub's inspection and the spoke's security groups.
 */
export const lambdaFunctionInVpc = resourcePolicy({
    name: "lambda-function-in-vpc",
    description: "Lambda functions must run in a VPC, with subnets and security groups.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["Lambda.3"], checkov: ["CKV_AWS_117"] },
    resourceTypes: ["aws:lambda/function:Function"],
    check: (props) => {
        const subnets = at(props, "vpcConfig.subnetIds");
        const groups = at(props, "vpcConfig.securityGroupIds");
        if (isUnknown(subnets) || isUnknown(groups)) return [];
        if (list(subnets).length === 0) {
            return [
                "vpcConfig.subnetIds is empty: the function runs outside any VPC, past the hub's inspection; give it the spoke's workload subnets.",
            ];
        }
        return list(groups).length === 0
            ? ["vpcConfig.securityGroupIds is empty; give the function a security group."]
            : [];
    },
});
