/**
 * What an appliance of the GWLB fleet may send and receive, and who it is: its security group (GENEVE
 * and health checks from the GWLB subnets only, HTTPS to the management endpoints only) and its
 * instance role (Systems Manager management, nothing else).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import { GENEVE_PORT } from "./gwlb-plan";
import type { PlannedSubnet } from "./subnet-plan";

/** What {@link applianceSecurityGroup} admits. */
export interface ApplianceAccessArgs {
    readonly vpcId: pulumi.Input<string>;
    /** The security VPC's CIDR: the Systems Manager interface endpoints live in it. */
    readonly vpcCidr: string;
    /** The `gwlb` subnets: GENEVE and health checks come from them, inspected packets go back. */
    readonly gwlbSubnets: readonly PlannedSubnet[];
    /** The target group's health check: its protocol and port. */
    readonly healthCheck: { readonly protocol: string; readonly port: number };
    /** The S3 gateway endpoint's prefix list (package repositories, SSM). */
    readonly s3PrefixListId: pulumi.Input<string>;
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The appliances' security group `name`: every rule its own resource with a description (the provider
 * drops AWS's default egress rule).
 */
export function applianceSecurityGroup(
    name: string,
    args: ApplianceAccessArgs,
    parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
    const tags = args.tags;
    const group = new aws.ec2.SecurityGroup(
        name,
        {
            vpcId: args.vpcId,
            description: "GWLB appliances: GENEVE and health checks from the GWLB subnets only",
            tags: withName(tags, name),
        },
        { parent },
    );
    const health = args.healthCheck;
    for (const subnet of args.gwlbSubnets) {
        const az = subnet.availabilityZone;
        const rule = { securityGroupId: group.id, cidrIpv4: subnet.cidr, tags };
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-geneve-from-${az}`,
            {
                ...rule,
                ipProtocol: "udp",
                fromPort: GENEVE_PORT,
                toPort: GENEVE_PORT,
                description: `GENEVE from the GWLB in ${az}`,
            },
            { parent },
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-health-from-${az}`,
            {
                ...rule,
                ipProtocol: "tcp",
                fromPort: health.port,
                toPort: health.port,
                description: `${health.protocol} health checks from the GWLB in ${az}`,
            },
            { parent },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-geneve-to-${az}`,
            {
                ...rule,
                ipProtocol: "udp",
                fromPort: GENEVE_PORT,
                toPort: GENEVE_PORT,
                description: `GENEVE back to the GWLB in ${az} (inspected packets returned)`,
            },
            { parent },
        );
    }
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-https-to-endpoints`,
        {
            securityGroupId: group.id,
            cidrIpv4: args.vpcCidr,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "HTTPS to the Systems Manager interface endpoints in this VPC",
            tags,
        },
        { parent },
    );
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-https-to-s3`,
        {
            securityGroupId: group.id,
            prefixListId: args.s3PrefixListId,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "HTTPS to Amazon S3 through the gateway endpoint (package repositories, SSM)",
            tags,
        },
        { parent },
    );
    return group;
}

/**
 * The appliances' role and instance profile, both `name`: EC2 may assume the role, which may only be
 * managed by Systems Manager (`AmazonSSMManagedInstanceCore`). `fleet` names the fleet in the
 * description.
 */
export function applianceIdentity(
    name: string,
    fleet: string,
    partition: string,
    tags: Readonly<Record<string, string>> | undefined,
    parent: pulumi.Resource,
): { role: aws.iam.Role; instanceProfile: aws.iam.InstanceProfile } {
    const role = new aws.iam.Role(
        name,
        {
            description: `GWLB appliances of ${fleet}: Systems Manager management only`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
            tags: withName(tags, name),
        },
        { parent },
    );
    new aws.iam.RolePolicyAttachment(
        `${name}-ssm`,
        { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore` },
        { parent },
    );
    const instanceProfile = new aws.iam.InstanceProfile(
        name,
        { role: role.name, tags: withName(tags, name) },
        { parent },
    );
    return { role, instanceProfile };
}
