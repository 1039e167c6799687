import { resourcePolicy } from "../../../lib/policy";
import { list, str } from "../../../lib/props";

/** VPC endpoint services must not allow every AWS principal (`*`) to connect. */
export const vpcEndpointServiceNoWildcardPrincipals = resourcePolicy({
    name: "ec2-vpc-endpoint-service-no-wildcard-principals",
    description: "VPC endpoint services must not allow every AWS principal (`*`) to connect.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    resourceTypes: [
        "aws:ec2/vpcEndpointService:VpcEndpointService",
        "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
    ],
    check: (props) => {
        const principals = [...list(props.allowedPrincipals), props.principalArn].map(str);
        return principals.includes("*")
            ? ["allows principal '*'; list the accounts or roles that may connect."]
            : [];
    },
});
