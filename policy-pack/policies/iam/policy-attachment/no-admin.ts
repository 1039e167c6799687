import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, str } from "../../../lib/props";

const ROLE = "aws:iam/role:Role";

/** An AWS managed policy's name (`AdministratorAccess`) from its ARN in any partition, or undefined. */
const awsManagedName = (arn: string): string | undefined =>
    /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];

/**
 * IAM roles, users and groups must not be given the AWS managed policies that grant every action
 * (`AdministratorAccess`, which allows `*` on `*`), whether through a policy attachment or a role's
 * `managedPolicyArns`. Customer managed policies that allow `*` are refused where they are declared,
 * by iam-policy-no-wildcard-actions.
 */
export const iamPolicyAttachmentNoAdmin = resourcePolicy<{ adminPolicies: string[] }>({
    name: "iam-policy-attachment-no-admin",
    description:
        "IAM roles, users and groups must not be given the AWS managed policies that grant every action (AdministratorAccess).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        fsbp: ["IAM.1"],
        cdkNag: ["AwsSolutions-IAM4"],
        checkov: ["CKV_AWS_274"],
    },
    configSchema: {
        properties: {
            adminPolicies: {
                type: "array",
                items: { type: "string" },
                default: ["AdministratorAccess"],
                description: "Names of the AWS managed policies that count as administrator access.",
            },
        },
    },
    resourceTypes: [
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
        "aws:iam/policyAttachment:PolicyAttachment",
        ROLE,
    ],
    check: (props, { type, config }) => {
        const arns =
            type === ROLE
                ? list(props.managedPolicyArns).map(str)
                : isUnknown(props.policyArn)
                  ? []
                  : [str(props.policyArn)];
        return arns
            .filter((arn): arn is string => arn !== undefined)
            .filter((arn) => config.adminPolicies.includes(awsManagedName(arn) ?? ""))
            .map(
                (arn) =>
                    `${type === ROLE ? "managedPolicyArns holds" : "policyArn is"} ${arn}, which allows every action on every resource; attach a policy that lists the actions needed.`,
            );
    },
});
