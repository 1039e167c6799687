/** An internet-facing ALB as a workload declares one: the compliant baseline of the load balancer specs. */
export const TYPE = "aws:lb/loadBalancer:LoadBalancer";

export const compliantAlb = {
    name: "items",
    loadBalancerType: "application",
    internal: false,
    subnets: ["subnet-0a", "subnet-0b"],
    securityGroups: ["sg-0alb"],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: "alb-logs-111111111111", prefix: "items", enabled: true },
};

/** A Gateway Load Balancer: none of the ALB settings apply. */
export const gatewayLb = { name: "appliances", loadBalancerType: "gateway", subnets: ["subnet-0g"] };
