import { resourcePolicy } from "../../../lib/policy";
import { at, isUnknown } from "../../../lib/props";

/** API Gateway REST API stages must write access logs (accessLogSettings with a destination). */
export const apigatewayStageAccessLogging = resourcePolicy({
    name: "apigateway-stage-access-logging",
    description: "API Gateway REST API stages must write access logs (accessLogSettings with a destination).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", cdkNag: ["AwsSolutions-APIG1"], checkov: ["CKV_AWS_76"] },
    resourceTypes: ["aws:apigateway/stage:Stage"],
    check: (props) => {
        const destination = at(props, "accessLogSettings.destinationArn");
        if (isUnknown(destination) || (typeof destination === "string" && destination !== "")) return [];
        return ["accessLogSettings.destinationArn is unset; send access logs to a CloudWatch log group."];
    },
});
