/**
 * An application team's own program on a network-only spoke (`workload: none`): a Lambda function in
 * the spoke's `workload` subnets behind an internal HTTPS load balancer, published as
 * `api.<spoke zone>`, with its log group encrypted by the spoke's log key. Everything network-shaped
 * comes from the spoke stack's exports; the program never names a VPC, subnet or key by hand.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const spoke = new pulumi.StackReference(config.require("spokeStack"));
const vpcId = spoke.requireOutput("vpcId") as pulumi.Output<string>;
const vpcCidr = spoke.requireOutput("vpcCidr") as pulumi.Output<string>;
const subnetIds = spoke.requireOutput("subnetIds") as pulumi.Output<Record<string, string[]>>;
const workloadSubnets = subnetIds.apply((tiers) => tiers.workload);
const prefixLists = spoke.requireOutput("gatewayPrefixListIds") as pulumi.Output<Record<string, string>>;
// Present when the spoke has interface endpoints (ssm, logs, ...): HTTPS to them stays in the VPC.
const endpointsGroup = spoke.getOutput("endpointSecurityGroupId") as pulumi.Output<string | undefined>;
const logKeyArn = spoke.requireOutput("logKeyArn") as pulumi.Output<string>;
const zoneId = spoke.requireOutput("zoneId") as pulumi.Output<string>;
const zoneName = spoke.requireOutput("zoneName") as pulumi.Output<string>;
const callers = config.getObject<string[]>("callerCidrs") ?? [vpcCidr];

const name = "billing-api";
const tags = { app: name };

// The function reaches AWS through the spoke's endpoints only: DynamoDB and S3 by their gateway
// endpoints' prefix lists, every other service through the interface endpoints' security group.
const functionGroup = new aws.ec2.SecurityGroup(`${name}-fn`, {
  vpcId,
  description: "billing-api function: HTTPS to the spoke endpoints only",
  egress: pulumi.all([prefixLists, endpointsGroup]).apply(([lists, group]) => [
    {
      description: "HTTPS to S3 and DynamoDB through the gateway endpoints",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      prefixListIds: [lists.s3, lists.dynamodb],
    },
    ...(group
      ? [
          {
            description: "HTTPS to the interface endpoints",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            securityGroups: [group],
          },
        ]
      : []),
  ]),
  tags,
});

const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
  name: `/aws/lambda/${name}`,
  kmsKeyId: logKeyArn,
  retentionInDays: 90,
  tags,
});
const role = new aws.iam.Role(`${name}-role`, {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
  tags,
});
new aws.iam.RolePolicyAttachment(`${name}-vpc-access`, {
  role: role.name,
  policyArn: aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole,
});
const fn = new aws.lambda.Function(
  name,
  {
    name,
    role: role.arn,
    runtime: aws.lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset(
        'exports.handler = async () => ({ statusCode: 200, body: "ok" });',
      ),
    }),
    vpcConfig: { subnetIds: workloadSubnets, securityGroupIds: [functionGroup.id] },
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    tags,
  },
  { dependsOn: [logGroup] },
);

// An internal load balancer in the same subnets: other spokes call it by name, across the hub's
// firewall, on 443 (the environment's firewall rules decide which spokes get through).
const lbGroup = new aws.ec2.SecurityGroup(`${name}-lb`, {
  vpcId,
  description: "billing-api load balancer: HTTPS from the callers",
  ingress: [
    {
      description: "HTTPS from the callers",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: callers,
    },
  ],
  // The load balancer invokes a Lambda target through the Lambda API, not over the network: it
  // needs no outbound rule (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html).
  egress: [],
  tags,
});
const lb = new aws.lb.LoadBalancer(name, {
  internal: true,
  loadBalancerType: "application",
  subnets: workloadSubnets,
  securityGroups: [lbGroup.id],
  dropInvalidHeaderFields: true,
  tags,
});
const target = new aws.lb.TargetGroup(name, { targetType: "lambda", tags });
const invoke = new aws.lambda.Permission(`${name}-from-lb`, {
  function: fn.name,
  action: "lambda:InvokeFunction",
  principal: "elasticloadbalancing.amazonaws.com",
  sourceArn: target.arn,
});
new aws.lb.TargetGroupAttachment(
  name,
  { targetGroupArn: target.arn, targetId: fn.arn },
  { dependsOn: [invoke] },
);
new aws.lb.Listener(name, {
  loadBalancerArn: lb.arn,
  port: 443,
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  certificateArn: config.require("certificateArn"),
  defaultActions: [{ type: "forward", targetGroupArn: target.arn }],
  tags,
});

// api.<spoke>.aws.<corp>: the spoke's zone resolves from every VPC of the environment and on premises.
const record = new aws.route53.Record(name, {
  zoneId,
  name: pulumi.interpolate`api.${zoneName}`,
  type: "A",
  aliases: [{ name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true }],
});

export const url = pulumi.interpolate`https://${record.fqdn}`;
export const functionName = fn.name;
