import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

const REST_API = "aws:apigateway/restApi:RestApi";
const INTEGRATION = "aws:apigateway/integration:Integration";

/**
 * API Gateway REST API stages whose API calls an HTTP backend (`HTTP` or `HTTP_PROXY` integrations)
 * must present a client certificate (`clientCertificateId`), so the backend can tell API Gateway's
 * requests from anyone else's
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-client-side-ssl-authentication.html).
 * Lambda and AWS service integrations are called with IAM and need none.
 */
export const apigatewayStageClientCertificate = stackPolicy({
    name: "apigateway-stage-client-certificate",
    description:
        "API Gateway REST API stages whose API calls an HTTP backend must present a client certificate to it.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["APIGateway.2"], checkov: ["CKV2_AWS_51"] },
    subjectType: T.restApiStage,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const stage of graph.ofType(T.restApiStage)) {
            const certificate = stage.propertyDependencies.clientCertificateId ?? [];
            if (str(stage.props.clientCertificateId) || certificate.length > 0) continue;
            const http = graph
                .targets(stage, "restApi", REST_API)
                .flatMap((api) => graph.referrers(api, "restApi", INTEGRATION))
                .filter((i) => ["HTTP", "HTTP_PROXY"].includes(str(i.props.type) ?? ""));
            if (http.length === 0) continue;
            found.push({
                urn: stage.urn,
                message: `stage '${stage.name}' calls an HTTP backend (integration '${http[0].name}') without a client certificate; set clientCertificateId and have the backend verify it.`,
            });
        }
        return found;
    },
});
