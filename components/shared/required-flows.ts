/**
 * The flows a workload or a hub role needs to work, as data: who sends, to what, on which port and
 * protocol, and why (with the AWS document that says so). Components and stacks declare them (stack
 * export `requiredFlows`); the offline plan gives each one a verdict through security groups, NACLs,
 * route tables, endpoints, Transit Gateway tables and the firewall, and fails when one is dropped.
 *
 * Senders and destinations inside the stack are named by Pulumi logical resource names (the `name`
 * of the resource in the stack that declares the flow), which are stable API: the plan finds them in
 * its inventory without parsing IDs.
 *
 * Pure data and pure functions: no resource is declared here.
 */

/** Transport protocol of a flow. */
export type FlowProtocol = "tcp" | "udp";

/** Where a flow starts: network interfaces of the stack that declares it. */
export interface FlowSource {
    /** How a reader names the sender, e.g. `petstore tasks`. */
    readonly label: string;
    /** Logical name of the VPC the sender runs in (e.g. `petstore-vpc`). */
    readonly vpc: string;
    /** The subnet tier of the sender's network interfaces (`workload`, `vpclink`, `appliance`, ...). */
    readonly tier: string;
    /**
     * Logical name of the security group on the sender's interfaces. Absent where none applies: a
     * query to the VPC's own Resolver (`VPC+2`) is not filtered by security groups.
     */
    readonly securityGroup?: string;
}

/** An AWS service reached through a VPC endpoint of the sender's VPC (or, failing that, the hub). */
export interface AwsServiceDestination {
    readonly kind: "aws-service";
    /** The endpoint service's suffix, as in `com.amazonaws.<region>.<service>` (`ecr.dkr`, `logs`, `s3`). */
    readonly service: string;
    /**
     * What the flow reads or writes within the service, for endpoint policies: resource ARNs
     * (`arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*`). @default undefined - not restricted
     */
    readonly resources?: readonly string[];
    /** The S3/DynamoDB action the endpoint policy must allow, when `resources` is set. @default undefined */
    readonly actions?: readonly string[];
}

/** A DNS name outside the VPC endpoints (a partner API, a JWKS host): through the hub's egress firewall. */
export interface DomainDestination {
    readonly kind: "domain";
    /** The exact host name, e.g. `login.example.com`. */
    readonly name: string;
}

/** An address range (another spoke, on premises, a partner network). */
export interface CidrDestination {
    readonly kind: "cidr";
    /** The range, e.g. `172.16.0.0/16`. */
    readonly cidr: string;
    /** How a reader names it. @default the CIDR */
    readonly label?: string;
}

/** A load balancer of the same stack, by logical name. */
export interface LoadBalancerDestination {
    readonly kind: "load-balancer";
    /** Logical name of the load balancer (e.g. `petstore-alb`). */
    readonly loadBalancer: string;
    /** Logical name of the load balancer's security group. */
    readonly securityGroup: string;
}

/**
 * Name resolution, not a packet flow from the sender: names under `domain` must resolve from the
 * sender's VPC (zone associations, the shared forwarding rules, the hub's Resolver endpoints).
 */
export interface DnsDestination {
    readonly kind: "dns";
    /** The domain whose names must resolve, e.g. `aws.example.internal` or `corp.example.internal`. */
    readonly domain: string;
}

/** Where a flow goes. */
export type FlowDestination =
    AwsServiceDestination | DomainDestination | CidrDestination | LoadBalancerDestination | DnsDestination;

/** One flow that must be allowed end to end for the workload or role to work. */
export interface RequiredFlow {
    /** Stable key, unique in its stack, e.g. `petstore-tasks/ecr.dkr`. */
    readonly id: string;
    readonly source: FlowSource;
    readonly destination: FlowDestination;
    readonly protocol: FlowProtocol;
    readonly port: number;
    /** Why the flow is needed, in a sentence a reviewer reads. */
    readonly reason: string;
    /** The document that says so (URL). @default undefined - declared by the spoke's owner */
    readonly reference?: string;
    /** Who declared it: the shipped component, or the spoke's own request. */
    readonly declaredBy: "component" | "request";
}

/** AWS documents the shipped flows rely on. */
export const FLOW_REFERENCES = {
    ecrEndpoints: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
    fargateNetworking:
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
    xrayEndpoints: "https://docs.aws.amazon.com/xray/latest/devguide/xray-security-vpc-endpoint.html",
    lambdaTracing: "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html",
    dynamodbGateway:
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/vpc-endpoints-dynamodb.html",
    ssmEndpoints: "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html",
    al2023Repos: "https://docs.aws.amazon.com/linux/al2023/ug/managing-repos-os-updates.html",
    vpcLink: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html",
    resolverRules:
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html",
    privateZones:
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs-different-accounts.html",
} as const;

/** Services spokes reach through gateway endpoints (route-table prefix lists): no interface endpoint. */
export const GATEWAY_ENDPOINT_SERVICES: readonly string[] = ["s3", "dynamodb"];

/**
 * The interface endpoints `flows` need: every AWS service they reach that has no gateway endpoint, in
 * order of first use, once each.
 */
export function interfaceEndpointServices(flows: readonly RequiredFlow[]): string[] {
    const services = flows.flatMap((f) =>
        f.destination.kind === "aws-service" && !GATEWAY_ENDPOINT_SERVICES.includes(f.destination.service)
            ? [f.destination.service]
            : [],
    );
    return [...new Set(services)];
}

/** The object ARNs of the S3 bucket ECR serves image layers from (Amazon ECR "Minimum Amazon S3 bucket permissions"). */
export function ecrLayerBucketArn(region: string, partition = "aws"): string {
    return `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`;
}

/** The sender of a component's flows: its label, VPC, tier and security group. */
function flow(
    source: FlowSource,
    key: string,
    destination: FlowDestination,
    reason: string,
    reference: string,
    port = 443,
    protocol: FlowProtocol = "tcp",
): RequiredFlow {
    const slug = source.label.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
    return {
        id: `${slug}/${key}`,
        source,
        destination,
        protocol,
        port,
        reason,
        reference,
        declaredBy: "component",
    };
}

/** What the ECS API's flows need to know. */
export interface EcsApiFlowArgs {
    /** The component's name (`EcsApi` name): its children are `<name>-tasks-sg`, `<name>-alb`, ... */
    readonly name: string;
    /** Logical name of the spoke VPC. */
    readonly vpc: string;
    readonly region: string;
    /** The ALB listener's port (80, or 443 with HTTPS). */
    readonly listenerPort: number;
    /** @default "aws" */
    readonly partition?: string;
}

/**
 * The flows of an `ecs-api` workload: Fargate (platform 1.4+) pulls images and ships `awslogs` through
 * the task's own ENI, so the tasks need ECR's API and registry, the S3 bucket of the image layers and
 * CloudWatch Logs; the services need DynamoDB; the VPC link needs the ALB.
 */
export function ecsApiRequiredFlows(args: EcsApiFlowArgs): RequiredFlow[] {
    const tasks: FlowSource = {
        label: `${args.name} tasks`,
        vpc: args.vpc,
        tier: "workload",
        securityGroup: `${args.name}-tasks-sg`,
    };
    const vpcLink: FlowSource = {
        label: `${args.name} VPC link`,
        vpc: args.vpc,
        tier: "vpclink",
        securityGroup: `${args.name}-vpclink-sg`,
    };
    const ref = FLOW_REFERENCES;
    return [
        flow(
            tasks,
            "ecr.api",
            { kind: "aws-service", service: "ecr.api" },
            "Fargate authenticates to ECR (GetAuthorizationToken) before pulling the image",
            ref.ecrEndpoints,
        ),
        flow(
            tasks,
            "ecr.dkr",
            { kind: "aws-service", service: "ecr.dkr" },
            "Fargate pulls the image manifest from the ECR registry",
            ref.ecrEndpoints,
        ),
        flow(
            tasks,
            "s3-ecr-layers",
            {
                kind: "aws-service",
                service: "s3",
                resources: [ecrLayerBucketArn(args.region, args.partition)],
                actions: ["s3:GetObject"],
            },
            "ECR serves image layers from its S3 bucket, through the S3 gateway endpoint",
            ref.ecrEndpoints,
        ),
        flow(
            tasks,
            "logs",
            { kind: "aws-service", service: "logs" },
            "the awslogs driver sends container logs to CloudWatch Logs from the task's ENI (platform 1.4+)",
            ref.fargateNetworking,
        ),
        flow(
            tasks,
            "dynamodb",
            { kind: "aws-service", service: "dynamodb" },
            "the services store items in their DynamoDB tables, through the gateway endpoint",
            ref.dynamodbGateway,
        ),
        flow(
            vpcLink,
            "alb",
            {
                kind: "load-balancer",
                loadBalancer: `${args.name}-alb`,
                securityGroup: `${args.name}-alb-sg`,
            },
            "API Gateway forwards every request through the VPC link to the internal ALB",
            ref.vpcLink,
            args.listenerPort,
        ),
    ];
}

/** What the Lambda API's flows need to know. */
export interface LambdaApiFlowArgs {
    /** The component's name (`LambdaApi` name): the functions' security group is `<name>-fn-sg`. */
    readonly name: string;
    /** Logical name of the spoke VPC. */
    readonly vpc: string;
    /** Active tracing is on: the functions send segments to X-Ray. */
    readonly tracing: boolean;
    /** The authorizer fetches its keys from this URL (`JWKS_URL`). @default undefined - keys in the environment */
    readonly jwksUrl?: string;
}

/** The flows of a `lambda-api` workload: DynamoDB; X-Ray when tracing; the JWKS host when configured. */
export function lambdaApiRequiredFlows(args: LambdaApiFlowArgs): RequiredFlow[] {
    const functions: FlowSource = {
        label: `${args.name} functions`,
        vpc: args.vpc,
        tier: "workload",
        securityGroup: `${args.name}-fn-sg`,
    };
    const ref = FLOW_REFERENCES;
    const flows = [
        flow(
            functions,
            "dynamodb",
            { kind: "aws-service", service: "dynamodb" },
            "the items function reads and writes its DynamoDB table, through the gateway endpoint",
            ref.dynamodbGateway,
        ),
    ];
    if (args.tracing) {
        flows.push(
            flow(
                functions,
                "xray",
                { kind: "aws-service", service: "xray" },
                "active tracing sends trace segments to X-Ray from the function's VPC network interface",
                ref.xrayEndpoints,
            ),
        );
    }
    if (args.jwksUrl) {
        const url = new URL(args.jwksUrl);
        flows.push(
            flow(
                functions,
                "jwks",
                { kind: "domain", name: url.hostname },
                `the authorizer fetches the token issuer's keys from ${args.jwksUrl}`,
                "https://datatracker.ietf.org/doc/html/rfc7517",
                url.port ? Number(url.port) : 443,
            ),
        );
    }
    return flows;
}

/** What the appliance fleet's flows need to know. */
export interface ApplianceFleetFlowArgs {
    /** The fleet's name (`GwlbApplianceFleet` name): VPC `<name>-vpc`, group `<name>-appliance`. */
    readonly name: string;
    /** The S3 objects the appliances read (package repositories, SSM buckets: `managementBuckets`). */
    readonly buckets: readonly string[];
}

/** The flows of the GWLB appliance fleet: Session Manager's three endpoints and the package repositories in S3. */
export function applianceFleetRequiredFlows(args: ApplianceFleetFlowArgs): RequiredFlow[] {
    const appliances: FlowSource = {
        label: `${args.name} appliances`,
        vpc: `${args.name}-vpc`,
        tier: "appliance",
        securityGroup: `${args.name}-appliance`,
    };
    const ref = FLOW_REFERENCES;
    return [
        ...(["ssm", "ssmmessages", "ec2messages"] as const).map((service) =>
            flow(
                appliances,
                service,
                { kind: "aws-service", service },
                "Session Manager manages the appliances, which have no internet access",
                ref.ssmEndpoints,
            ),
        ),
        flow(
            appliances,
            "s3-packages",
            { kind: "aws-service", service: "s3", resources: args.buckets, actions: ["s3:GetObject"] },
            "dnf reads the Amazon Linux 2023 repositories, and SSM Agent its updates and documents, from S3",
            ref.al2023Repos,
        ),
    ];
}

/**
 * Name resolution every VPC needs: each domain (the corporate AWS domain, the on-premises domains)
 * resolves from `vpc` through the Resolver rules and zone associations.
 */
export function dnsRequiredFlows(
    label: string,
    vpc: string,
    tier: string,
    domains: readonly string[],
): RequiredFlow[] {
    const source: FlowSource = { label, vpc, tier };
    return domains.map((domain) =>
        flow(
            source,
            `dns-${domain}`,
            { kind: "dns", domain },
            `names under ${domain} resolve from the VPC's Resolver through the hub's forwarding rules`,
            FLOW_REFERENCES.resolverRules,
            53,
            "udp",
        ),
    );
}

/** A flow a spoke declares in its request (`hub-network:spoke.flows`). */
export interface DeclaredFlow {
    /** Exact host name, or CIDR. */
    readonly destination: string;
    readonly port: number;
    readonly protocol: FlowProtocol;
    /** Why the workload needs it. @default undefined */
    readonly description?: string;
}

/** The flows of a spoke's request, sent from `source` (the workload's senders). */
export function declaredRequiredFlows(source: FlowSource, declared: readonly DeclaredFlow[]): RequiredFlow[] {
    return declared.map((d) => {
        const isCidr = /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/.test(d.destination);
        const destination: FlowDestination = isCidr
            ? { kind: "cidr", cidr: d.destination }
            : { kind: "domain", name: d.destination };
        const slug = source.label.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
        return {
            id: `${slug}/declared-${d.destination}-${d.protocol}-${d.port}`,
            source,
            destination,
            protocol: d.protocol,
            port: d.port,
            reason: d.description ?? `declared by the spoke: ${d.destination} ${d.protocol}/${d.port}`,
            declaredBy: "request" as const,
        };
    });
}
