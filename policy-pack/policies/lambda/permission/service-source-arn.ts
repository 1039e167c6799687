import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";

/** Service principals: `apigateway.amazonaws.com`, `logs.eu-west-1.amazonaws.com`, `s3.amazonaws.com.cn`. */
const SERVICE_PRINCIPAL = /\.amazonaws\.com(\.cn)?$/;

/**
 * Lambda permissions for an AWS service principal must name the invoking resource in sourceArn.
 * Without it, the same service acting for any other customer's resource could invoke the function (a
 * confused deputy). `acceptSourceAccount` lets `sourceAccount` alone do for services that invoke on
 * behalf of a whole account.
 */
export const lambdaPermissionServiceSourceArn = resourcePolicy<{ acceptSourceAccount: boolean }>({
    name: "lambda-permission-service-source-arn",
    description:
        "Lambda permissions for an AWS service principal must name the invoking resource in sourceArn.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", checkov: ["CKV_AWS_364"] },
    configSchema: {
        properties: {
            acceptSourceAccount: {
                type: "boolean",
                default: false,
                description: "Accept sourceAccount without sourceArn (Checkov CKV_AWS_364 accepts either).",
            },
        },
    },
    resourceTypes: ["aws:lambda/permission:Permission"],
    check: (props, { config }) => {
        const principal = str(props.principal);
        if (principal === undefined || !SERVICE_PRINCIPAL.test(principal)) return [];
        const has = (field: string) => props[field] !== undefined && props[field] !== "";
        if (has("sourceArn") || (config.acceptSourceAccount && has("sourceAccount"))) return [];
        return [
            `principal ${principal} has no sourceArn: the service could invoke the function for any resource, of any account; set sourceArn to the invoking resource.`,
        ];
    },
});
