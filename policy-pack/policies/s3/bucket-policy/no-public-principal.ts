import { isAnonymousGrant, statementName, statementsOf } from "../../../lib/iam";
import { resourcePolicy } from "../../../lib/policy";

/**
 * S3 bucket policies must not allow any principal (`*`) unless a condition narrows the caller to an
 * organization, account, source, VPC, endpoint or address range. `aws:SecureTransport` and other
 * conditions that do not say who is calling leave the statement public.
 */
export const s3BucketPolicyNoPublicPrincipal = resourcePolicy({
    name: "s3-bucket-policy-no-public-principal",
    description:
        "S3 bucket policies must not allow any principal (`*`) without a condition that narrows who may call.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", fsbp: ["S3.2", "S3.3"], checkov: ["CKV_AWS_70"] },
    resourceTypes: ["aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    check: (props) =>
        (statementsOf(props.policy) ?? [])
            .filter(isAnonymousGrant)
            .map(
                (s) =>
                    `${statementName(s)} allows ${s.actions.join(", ") || "actions"} to any principal ('*'); name the principals, or narrow it with a condition such as aws:PrincipalOrgID, aws:SourceVpce or aws:SourceArn.`,
            ),
});
