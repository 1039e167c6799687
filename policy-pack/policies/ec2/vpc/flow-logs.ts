import { stackPolicy } from "../../../lib/policy";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";

/** Every VPC must have a flow log. */
export const vpcFlowLogs = stackPolicy({
    name: "ec2-vpc-flow-logs",
    description: "Every VPC must have a flow log.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        fsbp: ["EC2.6"],
        cdkNag: ["AwsSolutions-VPC7"],
        checkov: ["CKV2_AWS_11"],
    },
    subjectType: T.vpc,
    check: (resources) => {
        const graph = new StackGraph(resources);
        return graph
            .ofType(T.vpc)
            .filter((vpc) => graph.referrers(vpc, "vpcId", T.flowLog).length === 0)
            .map((vpc) => ({
                urn: vpc.urn,
                message: `VPC '${vpc.name}' has no flow log; add a FlowLog for it.`,
            }));
    },
});
