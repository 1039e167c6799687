import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown } from "../../../lib/props";

/** API Gateway HTTP and WebSocket API stages must write access logs (accessLogSettings with a destination). */
export const apigatewayv2StageAccessLogging = resourcePolicy({
    name: "apigatewayv2-stage-access-logging",
    description:
        "API Gateway HTTP and WebSocket API stages must write access logs (accessLogSettings with a destination).",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        fsbp: ["APIGateway.9"],
        cdkNag: ["AwsSolutions-APIG1"],
        checkov: ["CKV_AWS_95"],
    },
    resourceTypes: ["aws:apigatewayv2/stage:Stage"],
    check: (props) => {
        const destination = at(props, "accessLogSettings.destinationArn");
        if (isUnknown(destination) || (typeof destination === "string" && destination !== "")) return [];
        return ["accessLogSettings.destinationArn is unset; send access logs to a CloudWatch log group."];
    },
});
