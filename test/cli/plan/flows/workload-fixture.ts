/**
 * A workload in spoke a of the hand-built hub-and-spokes topology (test/cli/plan/topologies.ts): an
 * ECS service or a VPC Lambda function with its security group, the spoke's gateway endpoints, and on
 * request the interface endpoints a Fargate task needs; the hub's firewall gets a policy over rule
 * data. Every switch is one way a real team gets it wrong.
 */
import type { FirewallRuleGroupData } from "../../../../components/network/firewall-rules";
import type { InventoryStack, RecordedLike } from "../../../../cli/plan/inventory";
import { hubAndSpokes, rec, type HubOptions } from "../topologies";
import { firewallRecords } from "./firewall-fixture";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

export const ENVIRONMENT_GROUPS: FirewallRuleGroupData[] = [
    {
        name: "allow-dns-to-on-prem",
        kind: "stateful",
        capacity: 100,
        rules: [
            {
                action: "pass",
                protocol: "DNS",
                source: "$HOME_NET",
                sourcePort: "ANY",
                destination: "172.16.0.0/16",
                destinationPort: "53",
                direction: "FORWARD",
            },
        ],
    },
    {
        name: "allow-east-west-https",
        kind: "stateful",
        capacity: 100,
        rules: [
            {
                action: "pass",
                protocol: "TLS",
                source: "$HOME_NET",
                sourcePort: "ANY",
                destination: "$HOME_NET",
                destinationPort: "443",
                direction: "FORWARD",
            },
        ],
    },
];

export interface WorkloadOptions extends HubOptions {
    readonly workload?: "ecs" | "lambda";
    /** Interface endpoints in spoke a's workload subnets (`ecr.api`, `ecr.dkr`, `logs`, `xray`). */
    readonly interfaceEndpoints?: readonly string[];
    /** Private DNS on the interface endpoints (default on). */
    readonly privateDns?: boolean;
    /** The task/function group's egress: the VPC and the gateway prefix lists (default), plus HTTPS anywhere. */
    readonly egress?: "vpc" | "anywhere";
    /** The S3 gateway endpoint's policy (default none: full access). */
    readonly s3Policy?: Record<string, unknown>;
    /** The firewall's rule groups (default: the environment's DNS and east-west groups). */
    readonly ruleGroups?: readonly FirewallRuleGroupData[];
    /** A network ACL on the workload subnets that denies outbound HTTPS. */
    readonly denyHttpsAcl?: boolean;
    /** The function is given no table (no `TABLE_NAME`): it stores nothing in DynamoDB. @default false */
    readonly noTable?: boolean;
    /** Active tracing on the function. */
    readonly tracing?: boolean;
}

/** The hub and two spokes, with a workload in spoke a. */
export function withWorkload(options: WorkloadOptions = {}): InventoryStack[] {
    const stacks = hubAndSpokes(options);
    const hub = stacks[0];
    const fw = firewallRecords(options.ruleGroups ?? ENVIRONMENT_GROUPS);
    const firewall = hub.resources.find(
        (r) => r.type === "aws:networkfirewall/firewall:Firewall",
    ) as RecordedLike;
    const policyArn = fw.records.find((r) => r.type.endsWith("FirewallPolicy"))?.outputs.arn;
    const patched = {
        ...firewall,
        inputs: { ...firewall.inputs, firewallPolicyArn: policyArn },
        outputs: { ...firewall.outputs, firewallPolicyArn: policyArn },
    };
    const hubResources = [
        ...hub.resources.map((r) => (r === firewall ? patched : r)),
        ...fw.records.filter((r) => r.type !== "aws:networkfirewall/firewall:Firewall"),
    ];

    const spoke = stacks[1];
    const stack = spoke.name;
    const find = (name: string) => spoke.resources.find((r) => r.name === name) as RecordedLike;
    const vpc = find("a-vpc");
    const workload = ["a-workload-eu-west-1a", "a-workload-eu-west-1b"].map(find);
    const tables = ["a-workload-eu-west-1a-rt", "a-workload-eu-west-1b-rt"].map(find);
    const added: RecordedLike[] = [];
    const add = (r: RecordedLike) => (added.push(r), r);
    const tags = { "hub-network:spoke": "spoke-a" };

    const gateway = (service: string, policy?: Record<string, unknown>) =>
        add(
            rec(
                stack,
                ENDPOINT,
                `a-${service}`,
                {
                    serviceName: `com.amazonaws.eu-west-1.${service}`,
                    vpcEndpointType: "Gateway",
                    ...(policy ? { policy: JSON.stringify(policy) } : {}),
                },
                { refs: { vpcId: [vpc], routeTableIds: tables } },
            ),
        );
    const s3 = gateway("s3", options.s3Policy);
    const dynamodb = gateway("dynamodb");

    const group = add(
        rec(
            stack,
            SG,
            "a-workload-sg",
            { description: "workload", egress: [], ingress: [], tags: { Name: "a-workload-sg" } },
            { refs: { vpcId: [vpc] } },
        ),
    );
    const egress = (key: string, props: Record<string, unknown>, refs: Record<string, RecordedLike[]>) =>
        add(
            rec(
                stack,
                EGRESS,
                `a-workload-${key}`,
                { ipProtocol: "tcp", fromPort: 443, toPort: 443, ...props },
                { refs: { securityGroupId: [group], ...refs } },
            ),
        );
    egress("vpc", {}, { cidrIpv4: [vpc] });
    egress("s3", {}, { prefixListId: [s3] });
    egress("dynamodb", {}, { prefixListId: [dynamodb] });
    if (options.egress === "anywhere") egress("anywhere", { cidrIpv4: "0.0.0.0/0" }, {});

    if (options.interfaceEndpoints?.length) {
        const endpointGroup = add(
            rec(
                stack,
                SG,
                "a-endpoints-sg",
                { tags: { Name: "a-endpoints-sg" }, egress: [] },
                { refs: { vpcId: [vpc] } },
            ),
        );
        add(
            rec(
                stack,
                INGRESS,
                "a-endpoints-https",
                { ipProtocol: "tcp", fromPort: 443, toPort: 443 },
                { refs: { securityGroupId: [endpointGroup], cidrIpv4: [vpc] } },
            ),
        );
        for (const service of options.interfaceEndpoints) {
            add(
                rec(
                    stack,
                    ENDPOINT,
                    `a-${service.replace(/\./g, "-")}`,
                    {
                        serviceName: `com.amazonaws.eu-west-1.${service}`,
                        vpcEndpointType: "Interface",
                        privateDnsEnabled: options.privateDns ?? true,
                    },
                    { refs: { vpcId: [vpc], subnetIds: workload, securityGroupIds: [endpointGroup] } },
                ),
            );
        }
    }
    if (options.denyHttpsAcl) {
        add(
            rec(
                stack,
                "aws:ec2/networkAcl:NetworkAcl",
                "a-workload-acl",
                {
                    egress: [
                        {
                            ruleNo: 100,
                            action: "deny",
                            protocol: "tcp",
                            cidrBlock: "0.0.0.0/0",
                            fromPort: 443,
                            toPort: 443,
                        },
                        {
                            ruleNo: 200,
                            action: "allow",
                            protocol: "-1",
                            cidrBlock: "0.0.0.0/0",
                            fromPort: 0,
                            toPort: 0,
                        },
                    ],
                    ingress: [
                        {
                            ruleNo: 100,
                            action: "allow",
                            protocol: "-1",
                            cidrBlock: "0.0.0.0/0",
                            fromPort: 0,
                            toPort: 0,
                        },
                    ],
                },
                { refs: { vpcId: [vpc], subnetIds: workload } },
            ),
        );
    }
    if ((options.workload ?? "ecs") === "ecs") {
        add(
            rec(
                stack,
                "aws:ecs/service:Service",
                "a-api-service",
                {
                    launchType: "FARGATE",
                    loadBalancers: [{ containerName: "api", containerPort: 8080 }],
                    networkConfiguration: { assignPublicIp: false },
                    tags,
                },
                { refs: { networkConfiguration: [...workload, group] } },
            ),
        );
    } else {
        add(
            rec(
                stack,
                "aws:lambda/function:Function",
                "a-items",
                {
                    name: "a-items",
                    // The items function is given its table (services/contract.ts TABLE_NAME_ENV).
                    ...(options.noTable ? {} : { environment: { variables: { TABLE_NAME: "a-items" } } }),
                    ...(options.tracing ? { tracingConfig: { mode: "Active" } } : {}),
                    vpcConfig: {},
                    tags,
                },
                { refs: { vpcConfig: [...workload, group] } },
            ),
        );
    }
    return [
        { ...hub, resources: hubResources },
        { ...spoke, resources: [...spoke.resources, ...added] },
        ...stacks.slice(2),
    ];
}
