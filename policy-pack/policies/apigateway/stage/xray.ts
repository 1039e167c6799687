import { resourcePolicy } from "../../../lib/policy";
import { requireTrue } from "../../../lib/props";

/** API Gateway REST API stages must trace requests with AWS X-Ray. */
export const apigatewayStageXray = resourcePolicy({
    name: "apigateway-stage-xray",
    description: "API Gateway REST API stages must trace requests with AWS X-Ray.",
    enforcementLevel: "advisory",
    metadata: { severity: "low", fsbp: ["APIGateway.3"], checkov: ["CKV_AWS_73"] },
    resourceTypes: ["aws:apigateway/stage:Stage"],
    check: (props) => requireTrue(props, "xrayTracingEnabled"),
});
