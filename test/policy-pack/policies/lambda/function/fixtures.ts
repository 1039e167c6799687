/** A Lambda function as the spoke workloads should declare it: the compliant baseline of the function specs. */
export const TYPE = "aws:lambda/function:Function";

export const compliantFunction = {
    role: "arn:aws:iam::111111111111:role/items",
    runtime: "nodejs22.x",
    handler: "index.handler",
    packageType: "Zip",
    vpcConfig: { subnetIds: ["subnet-0a", "subnet-0b"], securityGroupIds: ["sg-0items"] },
    tracingConfig: { mode: "Active" },
    environment: { variables: { TABLE_NAME: "items" } },
    kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    reservedConcurrentExecutions: 10,
};

/** The baseline with `field` left out. */
export function without(field: keyof typeof compliantFunction): Record<string, unknown> {
    const copy: Record<string, unknown> = { ...compliantFunction };
    delete copy[field];
    return copy;
}
