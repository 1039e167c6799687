import { resourcePolicy } from "../../../lib/policy";
import { list, record, str } from "../../../lib/props";

/** Canned ACLs that grant to everyone or to every AWS account. */
const PUBLIC_CANNED = ["public-read", "public-read-write", "authenticated-read"];

/** The S3 groups a grant makes public through (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups). */
const PUBLIC_GROUPS: Readonly<Record<string, string>> = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "everyone (AllUsers)",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "every AWS account (AuthenticatedUsers)",
};

/** `acl` and grants as each type spells them: `aws.s3.Bucket(V2)` inline, `aws.s3.BucketAcl(V2)` nested. */
function grantsOf(props: Readonly<Record<string, unknown>>): { uri?: string; permissions: string[] }[] {
    const inline = list(props.grants).map((g) => {
        const grant = record(g);
        return { uri: str(grant.uri), permissions: list(grant.permissions).map(String) };
    });
    const nested = list(record(props.accessControlPolicy).grants).map((g) => {
        const grant = record(g);
        return { uri: str(record(grant.grantee).uri), permissions: [String(grant.permission ?? "")] };
    });
    return [...inline, ...nested];
}

/**
 * S3 bucket ACLs must not grant access to everyone or to every AWS account: neither a public canned
 * ACL (`public-read`, `public-read-write`, `authenticated-read`) nor a grant to the AllUsers or
 * AuthenticatedUsers group, on the bucket or in a `BucketAcl`.
 */
export const s3BucketNoPublicAcl = resourcePolicy({
    name: "s3-bucket-no-public-acl",
    description: "S3 bucket ACLs must not grant access to everyone or to every AWS account.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical", fsbp: ["S3.2", "S3.3"], checkov: ["CKV_AWS_20", "CKV_AWS_57"] },
    resourceTypes: [
        "aws:s3/bucketAclV2:BucketAclV2",
        "aws:s3/bucketAcl:BucketAcl",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketV2:BucketV2",
    ],
    check: (props) => {
        const acl = str(props.acl);
        const canned =
            acl && PUBLIC_CANNED.includes(acl)
                ? [`acl is '${acl}'; use 'private' and share through a bucket policy.`]
                : [];
        const grants = grantsOf(props)
            .filter((g) => g.uri !== undefined && PUBLIC_GROUPS[g.uri] !== undefined)
            .map((g) => `a grant gives ${PUBLIC_GROUPS[g.uri!]} ${g.permissions.join(", ")}; remove it.`);
        return [...canned, ...grants];
    },
});
