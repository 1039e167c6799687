import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";

/** Methods that change data, and `ANY` (which includes them). */
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "ANY"];

/**
 * API Gateway HTTP API routes that write (POST, PUT, PATCH, DELETE, ANY) must have an authorizer. The
 * `$default` route catches every method, so it counts as `ANY`; a WebSocket API's `$default` (which
 * cannot take an authorizer) is allow-listed by its route key.
 */
export const apigatewayv2RouteWriteAuthorizer = resourcePolicy<{ allowedRouteKeys: string[] }>({
    name: "apigatewayv2-route-write-authorizer",
    description:
        "API Gateway HTTP API routes that write (POST, PUT, PATCH, DELETE, ANY) must have an authorizer.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["APIGateway.8"], checkov: ["CKV_AWS_309"] },
    configSchema: {
        properties: {
            allowedRouteKeys: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Route keys (`POST /webhook`, `$default`) that may write without an authorizer.",
            },
        },
    },
    resourceTypes: ["aws:apigatewayv2/route:Route"],
    check: (props, { config }) => {
        const routeKey = str(props.routeKey);
        if (routeKey === undefined || config.allowedRouteKeys.includes(routeKey)) return [];
        const method = routeKey === "$default" ? "ANY" : routeKey.split(" ")[0].toUpperCase();
        if (!WRITE_METHODS.includes(method) || isUnknown(props.authorizationType)) return [];
        const type = str(props.authorizationType)?.toUpperCase() ?? "NONE";
        if (type !== "NONE") return [];
        return [
            `route '${routeKey}' has authorizationType NONE: anyone who reaches the API can write; set JWT, AWS_IAM or CUSTOM with an authorizer, or list the route key in allowedRouteKeys.`,
        ];
    },
});
