/**
 * The flows the declared workloads and hub services need, read from the resources of the plan (so a
 * workload an application team declares itself is covered the same way as the shipped examples):
 * one table row per dependency, each citing where AWS documents it.
 */
import { list, obj, str, TYPES, type Inventory, type Item } from "../inventory";
import type { NetworkModel } from "../network-model";
import type { ServiceAccess } from "./endpoints";
import type { FlowSpec, Origin, Target } from "./engine";
import { SECURITY_GROUP } from "./security-groups";
import { BLOCK_LIST_ENV } from "../../../services/block-list/config";
import { TABLE_NAME_ENV } from "../../../services/contract";

/** A dependency on an AWS service over HTTPS. */
export interface ServiceDependency {
    /** The endpoint service (`com.amazonaws.<region>.<service>`). */
    readonly service: string;
    /** The name the client calls. */
    readonly host: (region: string, account: string) => string;
    /** What the client does there (for endpoint policies). */
    readonly access?: (region: string, account: string) => ServiceAccess;
    /** Why, with the AWS document that says so. */
    readonly reason: string;
}

/**
 * Fargate tasks (platform 1.4+): the image pull, ECR authentication and the awslogs driver use the
 * task's network interface. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html (ecr.api, ecr.dkr, and the
 * S3 bucket `prod-<region>-starport-layer-bucket` that holds the image layers).
 */
export const FARGATE_TASK: readonly ServiceDependency[] = [
    {
        service: "ecr.api",
        host: (r) => `api.ecr.${r}.amazonaws.com`,
        reason: "image pull: ECR API (GetAuthorizationToken) [AmazonECR/latest/userguide/vpc-endpoints.html]",
    },
    {
        service: "ecr.dkr",
        host: (r, a) => `${a}.dkr.ecr.${r}.amazonaws.com`,
        reason: "image pull: ECR registry [AmazonECR/latest/userguide/vpc-endpoints.html]",
    },
    {
        service: "s3",
        host: (r) => `prod-${r}-starport-layer-bucket.s3.${r}.amazonaws.com`,
        access: (r) => ({
            action: "s3:GetObject",
            resource: `arn:aws:s3:::prod-${r}-starport-layer-bucket/layer`,
            awsOwned: true,
        }),
        reason: "image pull: layers from ECR's S3 bucket [AmazonECR/latest/userguide/vpc-endpoints.html#ecr-setting-up-s3-gateway]",
    },
    {
        service: "logs",
        host: (r) => `logs.${r}.amazonaws.com`,
        reason: "awslogs log driver [AmazonECS/latest/developerguide/fargate-task-networking.html]",
    },
];

/** DynamoDB from a workload that stores items (the shipped APIs' tables). */
export const DYNAMODB: ServiceDependency = {
    service: "dynamodb",
    host: (r) => `dynamodb.${r}.amazonaws.com`,
    access: (r, a) => ({ action: "dynamodb:PutItem", resource: `arn:aws:dynamodb:${r}:${a}:table/items` }),
    reason: "items table [amazondynamodb/latest/developerguide/vpc-endpoints-dynamodb.html]",
};

/** Active tracing: the X-Ray daemon in the function's environment sends segments from its interface. */
export const XRAY: ServiceDependency = {
    service: "xray",
    host: (r) => `xray.${r}.amazonaws.com`,
    reason: "active tracing (tracingConfig.mode Active) [xray/latest/devguide/xray-security-vpc-endpoint.html]",
};

/** Instances managed by Systems Manager. https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html */
export const SSM_MANAGED: readonly ServiceDependency[] = [
    {
        service: "ssm",
        host: (r) => `ssm.${r}.amazonaws.com`,
        reason: "Systems Manager [systems-manager/latest/userguide/setup-create-vpc.html]",
    },
    {
        service: "ssmmessages",
        host: (r) => `ssmmessages.${r}.amazonaws.com`,
        reason: "Session Manager channels [systems-manager/latest/userguide/setup-create-vpc.html]",
    },
    {
        service: "ec2messages",
        host: (r) => `ec2messages.${r}.amazonaws.com`,
        reason: "Run Command [systems-manager/latest/userguide/setup-create-vpc.html]",
    },
    {
        service: "s3",
        host: (r) => `al2023-repos-${r}-de612dc2.s3.${r}.amazonaws.com`,
        access: (r) => ({
            action: "s3:GetObject",
            resource: `arn:aws:s3:::al2023-repos-${r}-de612dc2/core/mirrors`,
            awsOwned: true,
        }),
        reason: "Amazon Linux 2023 package repositories (an S3 bucket AWS owns) [linux/al2023/ug/managing-repos-os-updates.html]",
    },
];

/** The subnets and security groups an item names in `field` (or `field.<path>`). */
function placement(inventory: Inventory, item: Item, field: string, subnetPath?: string, groupPath?: string) {
    const nested = (path?: string) => (path ? list(obj(item.props[field])[path]) : list(item.props[field]));
    return {
        subnets: inventory.refs(item, field, [TYPES.subnet], nested(subnetPath)),
        groups:
            groupPath === undefined ? [] : inventory.refs(item, field, [SECURITY_GROUP], nested(groupPath)),
    };
}

/** A workload's label: `<spoke> <what>`. */
function label(item: Item, what: string): string {
    const spoke = str(obj(item.props.tags)["hub-network:spoke"]);
    return spoke && !what.startsWith(spoke) ? `${spoke}/${what}` : what;
}

function services(origin: Origin, deps: readonly ServiceDependency[], item: Item): FlowSpec[] {
    return deps.map((d) => {
        const target: Target = {
            kind: "service",
            service: d.service,
            host: d.host(item.region, item.accountId),
            ...(d.access ? { access: [d.access(item.region, item.accountId)] } : {}),
        };
        return {
            category: "workload",
            reason: d.reason,
            required: true,
            origin,
            target,
            transport: "tcp",
            port: 443,
            app: "tls",
        };
    });
}

/** The flows every workload of the inventory needs. */
export function workloadFlows(inventory: Inventory, net: NetworkModel): FlowSpec[] {
    const specs: FlowSpec[] = [];
    const origin = (item: Item, what: string, p: { subnets: Item[]; groups: Item[] }): Origin | undefined => {
        const vpc = p.subnets.map((s) => net.vpcOf(s)).find((v) => v !== undefined);
        return vpc
            ? { label: label(item, what), stack: item.stack, vpc, subnets: p.subnets, groups: p.groups }
            : undefined;
    };
    const albs = inventory
        .ofType(TYPES.lb)
        .filter(
            (lb) =>
                str(lb.props.loadBalancerType) !== "gateway" && str(lb.props.loadBalancerType) !== "network",
        );
    const albOf = (vpc: Item) =>
        albs.find((lb) => placement(inventory, lb, "subnets").subnets.some((s) => net.vpcOf(s) === vpc));

    for (const service of inventory.ofType("aws:ecs/service:Service")) {
        const name = str(list(service.props.loadBalancers).map(obj)[0]?.containerName) ?? service.name;
        const tasks = origin(
            service,
            `${name} tasks`,
            placement(inventory, service, "networkConfiguration", "subnets", "securityGroups"),
        );
        if (!tasks) continue;
        specs.push(...services(tasks, [...FARGATE_TASK, DYNAMODB], service));
        const alb = albOf(tasks.vpc);
        const port = Number(list(service.props.loadBalancers).map(obj)[0]?.containerPort ?? 0);
        if (alb && port) {
            const from = origin(alb, "ALB", placement(inventory, alb, "subnets", undefined, undefined));
            if (from) {
                const withGroups = {
                    ...from,
                    groups: inventory.refs(alb, "securityGroups", [SECURITY_GROUP]),
                };
                specs.push({
                    category: "workload",
                    reason: "the ALB forwards requests to the tasks (target group port)",
                    required: true,
                    origin: withGroups,
                    target: {
                        kind: "interfaces",
                        label: tasks.label,
                        subnets: tasks.subnets,
                        groups: tasks.groups,
                    },
                    transport: "tcp",
                    port,
                    app: "http",
                });
            }
        }
    }
    for (const fn of inventory.ofType("aws:lambda/function:Function")) {
        const fns = origin(
            fn,
            `${str(fn.props.name) ?? fn.name} function`,
            placement(inventory, fn, "vpcConfig", "subnetIds", "securityGroupIds"),
        );
        if (!fns) continue;
        const variables = obj(obj(fn.props.environment).variables);
        // A function given a table stores items in it; one that is not (the block-list function) does not.
        const deps: ServiceDependency[] = TABLE_NAME_ENV in variables ? [DYNAMODB] : [];
        if (str(obj(fn.props.tracingConfig).mode) === "Active") deps.push(XRAY);
        specs.push(...services(fns, deps, fn));
        // A function that calls EC2 at an interface endpoint's own DNS name (private DNS off) connects
        // to that endpoint's network interfaces: the endpoint its environment names.
        if (BLOCK_LIST_ENV.ec2Endpoint in variables) {
            for (const endpoint of inventory.refs(fn, "environment", [TYPES.vpcEndpoint])) {
                specs.push({
                    category: "workload",
                    reason: "the block-list function reads and changes its prefix list through the EC2 API [AWSEC2/latest/APIReference/API_ModifyManagedPrefixList.html]",
                    required: true,
                    origin: fns,
                    target: {
                        kind: "interfaces",
                        label: `${str(endpoint.props.serviceName) ?? "ec2"} endpoint`,
                        subnets: inventory.refs(endpoint, "subnetIds", [TYPES.subnet]),
                        groups: inventory.refs(endpoint, "securityGroupIds", [SECURITY_GROUP]),
                    },
                    transport: "tcp",
                    port: 443,
                    app: "tls",
                });
            }
        }
        const jwks = str(obj(obj(fn.props.environment).variables).JWKS_URL);
        if (jwks) {
            let host: string | undefined;
            try {
                host = new URL(jwks).hostname;
            } catch {
                host = undefined;
            }
            if (host) {
                const cognito = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host);
                specs.push({
                    category: "workload",
                    reason: `the authorizer fetches its JWKS (${jwks})`,
                    required: true,
                    origin: fns,
                    target: cognito
                        ? { kind: "service", service: "cognito-idp", host }
                        : { kind: "address", label: host, address: "203.0.113.10", serverName: host },
                    transport: "tcp",
                    port: 443,
                    app: "tls",
                });
            }
        }
    }
    for (const link of inventory.ofType("aws:apigatewayv2/vpcLink:VpcLink")) {
        const from = origin(link, "VPC link", {
            subnets: inventory.refs(link, "subnetIds", [TYPES.subnet]),
            groups: inventory.refs(link, "securityGroupIds", [SECURITY_GROUP]),
        });
        const alb = from ? albOf(from.vpc) : undefined;
        if (!from || !alb) continue;
        const listener = inventory.referrers(alb, "loadBalancerArn", ["aws:lb/listener:Listener"])[0];
        const port = Number(listener?.props.port ?? 80);
        specs.push({
            category: "workload",
            reason: "API Gateway reaches the internal ALB through the VPC link",
            required: true,
            origin: from,
            target: {
                kind: "interfaces",
                label: label(alb, "ALB"),
                subnets: inventory.refs(alb, "subnets", [TYPES.subnet]),
                groups: inventory.refs(alb, "securityGroups", [SECURITY_GROUP]),
            },
            transport: "tcp",
            port,
            app: "http",
        });
    }
    for (const asg of inventory.ofType("aws:autoscaling/group:Group")) {
        const template = inventory.ref(
            asg,
            "launchTemplate",
            ["aws:ec2/launchTemplate:LaunchTemplate"],
            [obj(asg.props.launchTemplate).id],
        );
        const groups = template
            ? [
                  ...inventory.refs(template, "vpcSecurityGroupIds", [SECURITY_GROUP]),
                  ...inventory.refs(
                      template,
                      "networkInterfaces",
                      [SECURITY_GROUP],
                      list(obj(list(template.props.networkInterfaces)[0]).securityGroups),
                  ),
              ]
            : [];
        const from = origin(asg, "appliances", {
            subnets: inventory.refs(asg, "vpcZoneIdentifiers", [TYPES.subnet]),
            groups,
        });
        if (from) specs.push(...services(from, SSM_MANAGED, asg));
    }
    return specs;
}

/**
 * DNS forwarded by each outbound Resolver endpoint: to every target of every forwarding rule that uses
 * it (on-premises servers, and the inbound endpoint for the corporate domain), UDP and TCP 53.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html
 */
export function resolverFlows(inventory: Inventory, net: NetworkModel): FlowSpec[] {
    const specs: FlowSpec[] = [];
    const endpoints = inventory.ofType(TYPES.resolverEndpoint);
    const inbound = endpoints.filter((e) => str(e.props.direction) === "INBOUND");
    const subnetsOf = (e: Item) =>
        inventory.refs(
            e,
            "ipAddresses",
            [TYPES.subnet],
            list(e.props.ipAddresses).map((a) => obj(a).subnetId),
        );
    for (const rule of inventory.ofType(TYPES.resolverRule)) {
        const outbound = inventory.ref(rule, "resolverEndpointId", [TYPES.resolverEndpoint]);
        if (!outbound) continue;
        const subnets = subnetsOf(outbound);
        const vpc = subnets.map((s) => net.vpcOf(s)).find((v) => v !== undefined);
        if (!vpc) continue;
        const origin: Origin = {
            label: `outbound resolver ${outbound.name}${outbound.region ? `@${outbound.region}` : ""}`,
            stack: outbound.stack,
            vpc,
            subnets,
            groups: inventory.refs(outbound, "securityGroupIds", [SECURITY_GROUP]),
        };
        for (const ip of list(rule.props.targetIps)
            .map((t) => str(obj(t).ip))
            .filter((i): i is string => i !== undefined)) {
            const into = inbound.find((e) => list(e.props.ipAddresses).some((a) => str(obj(a).ip) === ip));
            const target: Target = into
                ? {
                      kind: "interfaces",
                      label: `inbound resolver ${ip}`,
                      subnets: subnetsOf(into),
                      groups: inventory.refs(into, "securityGroupIds", [SECURITY_GROUP]),
                      addresses: [ip],
                  }
                : { kind: "address", label: `DNS server ${ip}`, address: ip };
            for (const transport of ["udp", "tcp"] as const) {
                specs.push({
                    category: "dns",
                    reason: `forwarding rule ${str(rule.props.domainName) ?? rule.name}`,
                    required: true,
                    origin,
                    target,
                    transport,
                    port: 53,
                    app: "dns",
                });
            }
        }
    }
    return specs;
}
