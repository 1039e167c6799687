import { stackPolicy } from "../../../lib/policy";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

/**
 * Every API Gateway REST API stage must have a WAF web ACL association. The association names the
 * stage by ARN, unknown in a preview: it is found through its `resourceArn` property dependency then,
 * and by ARN after an update.
 */
export const apigatewayStageWafAssociation = stackPolicy({
    name: "apigateway-stage-waf-association",
    description: "Every API Gateway REST API stage must have a WAF web ACL association.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        fsbp: ["APIGateway.4"],
        cdkNag: ["AwsSolutions-APIG3"],
        checkov: ["CKV2_AWS_29"],
    },
    subjectType: T.restApiStage,
    check: (resources) => {
        const graph = new StackGraph(resources);
        return graph
            .ofType(T.restApiStage)
            .filter((stage) => graph.referrers(stage, "resourceArn", T.webAclAssociation).length === 0)
            .map((stage) => ({
                urn: stage.urn,
                message: `REST API stage '${stage.name}' has no web ACL association; associate a WAF web ACL with it.`,
            }));
    },
});
