import { resourcePolicy } from "../../../lib/policy";

/** Subnets must not give instances a public IP address on launch. */
export const subnetNoPublicIpOnLaunch = resourcePolicy({
    name: "ec2-subnet-no-public-ip-on-launch",
    description: "Subnets must not give instances a public IP address on launch.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["EC2.15"], checkov: ["CKV_AWS_130"] },
    resourceTypes: ["aws:ec2/subnet:Subnet"],
    check: (props) =>
        props.mapPublicIpOnLaunch === true ? ["mapPublicIpOnLaunch is true; set it to false."] : [],
});
