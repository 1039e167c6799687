/**
 * The management path of the appliance fleet: no internet, only AWS endpoints. Session Manager
 * through interface endpoints (`ssm`, `ssmmessages`, `ec2messages`) behind a security group that
 * admits HTTPS from the VPC only, and Amazon S3 through a gateway endpoint whose policy allows reading
 * only the buckets that serve Amazon Linux 2023 packages and Systems Manager's agent, documents and
 * patch baselines.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName } from "../shared/aws-context";

/** The interface endpoints Session Manager needs on an instance without internet access. */
export const MANAGEMENT_SERVICES = ["ssm", "ssmmessages", "ec2messages"] as const;

/** Settings of {@link managementPath}. */
export interface ManagementPathArgs {
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    /** The VPC CIDR: the only source the interface endpoints admit. */
    readonly vpcCidr: string;
    /** One subnet per AZ for the interface endpoints. */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /** Route tables that reach S3 through the gateway endpoint. */
    readonly routeTableIds: readonly pulumi.Input<string>[];
    readonly tags?: Readonly<Record<string, string>>;
}

/** What {@link managementPath} declares. */
export interface ManagementPath {
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** Interface endpoints by service (`ssm`, `ssmmessages`, `ec2messages`). */
    readonly interfaceEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    readonly s3Endpoint: aws.ec2.VpcEndpoint;
}

/** `com.amazonaws.<region>.<service>` (`cn.com.amazonaws...` in the China partition). */
export function endpointServiceName(region: string, service: string): string {
    return `${partitionOf(region) === "aws-cn" ? "cn." : ""}com.amazonaws.${region}.${service}`;
}

/**
 * The S3 buckets (object ARNs) the appliances read through the gateway endpoint: the Amazon Linux
 * 2023 repositories, and the buckets SSM Agent reads for its updates, documents and patching.
 */
export function managementBuckets(region: string): string[] {
    const partition = partitionOf(region);
    return [
        `al2023-repos-${region}-de612dc2`,
        `amazon-ssm-${region}`,
        `amazon-ssm-packages-${region}`,
        `aws-ssm-${region}`,
        `aws-ssm-document-attachments-${region}`,
        `${region}-birdwatcher-prod`,
        `patch-baseline-snapshot-${region}`,
    ].map((bucket) => `arn:${partition}:s3:::${bucket}/*`);
}

/** Declares the management path as children of `parent`, with names derived from `name`. */
export function managementPath(
    name: string,
    args: ManagementPathArgs,
    parent: pulumi.Resource,
): ManagementPath {
    const tags = args.tags;
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-endpoints`,
        {
            vpcId: args.vpcId,
            description: "Systems Manager interface endpoints: HTTPS from this VPC only",
            tags: withName(tags, `${name}-endpoints`),
        },
        { parent },
    );
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-endpoints-https`,
        {
            securityGroupId: securityGroup.id,
            cidrIpv4: args.vpcCidr,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "HTTPS from the appliances of this VPC",
            tags,
        },
        { parent },
    );
    const interfaceEndpoints: Record<string, aws.ec2.VpcEndpoint> = {};
    for (const service of MANAGEMENT_SERVICES) {
        interfaceEndpoints[service] = new aws.ec2.VpcEndpoint(
            `${name}-${service}`,
            {
                vpcId: args.vpcId,
                serviceName: endpointServiceName(args.region, service),
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: [...args.subnetIds],
                securityGroupIds: [securityGroup.id],
                tags: withName(tags, `${name}-${service}`),
            },
            { parent },
        );
    }
    const s3Endpoint = new aws.ec2.VpcEndpoint(
        `${name}-s3`,
        {
            vpcId: args.vpcId,
            serviceName: endpointServiceName(args.region, "s3"),
            vpcEndpointType: "Gateway",
            routeTableIds: [...args.routeTableIds],
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadPackagesAndSystemsManagerBuckets",
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: managementBuckets(args.region),
                    },
                ],
            }),
            tags: withName(tags, `${name}-s3`),
        },
        { parent },
    );
    return { securityGroup, interfaceEndpoints, s3Endpoint };
}
