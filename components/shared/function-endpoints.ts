import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "./aws-context";

/** One AWS service a function reaches through an interface endpoint. */
export interface FunctionEndpointService {
    /** The service's endpoint name, `com.amazonaws.<region>.<service>` (e.g. `ec2`, `xray`). */
    readonly service: string;
    /**
     * Private DNS on the endpoint: the service's regional name resolves to it in the whole VPC (one
     * endpoint per service and VPC may have it). Off, callers use the endpoint's own DNS name.
     */
    readonly privateDns: boolean;
}

/** Settings for {@link functionEndpoints}. */
export interface FunctionEndpointsArgs {
    /** Region of the endpoints' service names. */
    readonly region: string;
    /** VPC of the function and the endpoints. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets of the endpoints. */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /** The services, one interface endpoint each. */
    readonly services: readonly FunctionEndpointService[];
    /** Descriptions: EC2 replaces a security group whose description changes, so they are fixed per caller. */
    readonly descriptions: {
        readonly functionSg: string;
        readonly endpointSg: string;
        readonly egress: string;
        readonly ingress: string;
    };
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The function's security group, the endpoints' and the endpoints by service. */
export interface FunctionEndpoints {
    readonly functionSg: aws.ec2.SecurityGroup;
    readonly endpointSg: aws.ec2.SecurityGroup;
    readonly endpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
}

/**
 * A VPC function's way to the AWS APIs it calls, and nowhere else: a security group for the function
 * whose only egress is HTTPS to the endpoints' security group, which admits HTTPS from the function
 * only, and an interface endpoint per service. Children are `<name>-function-sg`, `<name>-endpoint-sg`,
 * `<name>-function-to-endpoint`, `<name>-endpoint-from-function` and `<name>-<service>-endpoint`.
 */
export function functionEndpoints(
    name: string,
    args: FunctionEndpointsArgs,
    parent: pulumi.Resource,
): FunctionEndpoints {
    const functionSg = new aws.ec2.SecurityGroup(
        `${name}-function-sg`,
        {
            vpcId: args.vpcId,
            description: args.descriptions.functionSg,
            tags: withName(args.tags, `${name}-function-sg`),
        },
        { parent },
    );
    const endpointSg = new aws.ec2.SecurityGroup(
        `${name}-endpoint-sg`,
        {
            vpcId: args.vpcId,
            description: args.descriptions.endpointSg,
            tags: withName(args.tags, `${name}-endpoint-sg`),
        },
        { parent },
    );
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-function-to-endpoint`,
        {
            securityGroupId: functionSg.id,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            referencedSecurityGroupId: endpointSg.id,
            description: args.descriptions.egress,
        },
        { parent },
    );
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-endpoint-from-function`,
        {
            securityGroupId: endpointSg.id,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            referencedSecurityGroupId: functionSg.id,
            description: args.descriptions.ingress,
        },
        { parent },
    );
    const endpoints: Record<string, aws.ec2.VpcEndpoint> = {};
    for (const { service, privateDns } of args.services) {
        endpoints[service] = new aws.ec2.VpcEndpoint(
            `${name}-${service}-endpoint`,
            {
                vpcId: args.vpcId,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: privateDns,
                subnetIds: [...args.subnetIds],
                securityGroupIds: [endpointSg.id],
                tags: withName(args.tags, `${name}-${service}-endpoint`),
            },
            { parent },
        );
    }
    return { functionSg, endpointSg, endpoints };
}

/** The URL of an interface endpoint's regional DNS name, for a function's SDK client: TLS holds, since the endpoint's certificate names it. */
export function endpointUrl(endpoint: aws.ec2.VpcEndpoint): pulumi.Output<string> {
    return endpoint.dnsEntries.apply((entries) => `https://${entries[0]?.dnsName ?? ""}`);
}
