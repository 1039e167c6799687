import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown, list, str } from "../../../lib/props";

/**
 * API Gateway REST APIs must use an allowed endpoint type. Unset means `EDGE`, which puts the API
 * behind a CloudFront distribution AWS manages, outside the regional WAF and the hub's view.
 */
export const apigatewayRestApiEndpointTypes = resourcePolicy<{ allowedEndpointTypes: string[] }>({
    name: "apigateway-rest-api-endpoint-types",
    description: "API Gateway REST APIs must use an allowed endpoint type.",
    enforcementLevel: "mandatory",
    metadata: { severity: "medium" },
    configSchema: {
        properties: {
            allowedEndpointTypes: {
                type: "array",
                items: { type: "string", enum: ["EDGE", "REGIONAL", "PRIVATE"] },
                default: ["REGIONAL", "PRIVATE"],
                description: "Endpoint types a REST API may use.",
            },
        },
    },
    resourceTypes: ["aws:apigateway/restApi:RestApi"],
    check: (props, { config }) => {
        const types = at(props, "endpointConfiguration.types");
        if (isUnknown(types)) return [];
        // aws v7 takes one type as a string; older shapes took a list.
        const given = (Array.isArray(types) ? list(types) : [types]).map(str).filter((t) => t !== undefined);
        const effective = given.length > 0 ? given : ["EDGE"];
        return effective
            .filter((t) => !config.allowedEndpointTypes.includes(t.toUpperCase()))
            .map(
                (t) =>
                    `endpointConfiguration.types is '${t}'${given.length === 0 ? " (unset)" : ""}; allowed endpoint types are ${config.allowedEndpointTypes.join(", ")}.`,
            );
    },
});
