import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";

/**
 * API Gateway REST API methods must require authorization unless allow-listed. `OPTIONS` (CORS
 * preflight, which browsers send without credentials) is always allowed; other methods that are public
 * on purpose (a health check) are listed by their Pulumi resource name.
 */
export const apigatewayMethodAuthorization = resourcePolicy<{ allowedUnauthenticatedMethods: string[] }>({
    name: "apigateway-method-authorization",
    description: "API Gateway REST API methods must require authorization unless allow-listed.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", cdkNag: ["AwsSolutions-APIG4"], checkov: ["CKV_AWS_59"] },
    configSchema: {
        properties: {
            allowedUnauthenticatedMethods: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Pulumi names of aws.apigateway.Method resources that may use authorization NONE.",
            },
        },
    },
    resourceTypes: ["aws:apigateway/method:Method"],
    check: (props, { name, config }) => {
        const method = str(props.httpMethod)?.toUpperCase();
        if (str(props.authorization)?.toUpperCase() !== "NONE" || method === "OPTIONS") return [];
        if (config.allowedUnauthenticatedMethods.includes(name)) return [];
        return [
            `authorization is NONE on ${method ?? "the method"}: anyone who reaches the API can call it; use AWS_IAM, CUSTOM or COGNITO_USER_POOLS, or list '${name}' in allowedUnauthenticatedMethods.`,
        ];
    },
});
