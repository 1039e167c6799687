/** EC2 and VPC: security groups and their rules. */
import type { ConstraintRow } from "../rules";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** EC2's character set for security-group names and descriptions and rule descriptions. */
const EC2_SG_TEXT = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;
const CREATE_SG = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html";
const RULE_DESCRIPTION =
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html (Description)";
/** The text EC2 answers (seen in provider error reports, e.g. cfn-lint issue #173). */
const SG_DESCRIPTION_TEXT =
    "Invalid security group description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*";
const RULE_DESCRIPTION_TEXT =
    "Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*";

const ruleRows = (type: string, api: string): ConstraintRow[] => [
    {
        type,
        property: "description",
        member: "Description",
        rule: { kind: "pattern", pattern: EC2_SG_TEXT },
        style: "ec2",
        code: "InvalidParameterValue",
        message: RULE_DESCRIPTION_TEXT,
        source: `${RULE_DESCRIPTION}; ${api}`,
    },
    {
        type,
        property: "description",
        member: "Description",
        rule: { kind: "length", max: 255 },
        style: "ec2",
        code: "InvalidParameterValue",
        message: RULE_DESCRIPTION_TEXT,
        source: RULE_DESCRIPTION,
    },
];

export const EC2_ROWS: readonly ConstraintRow[] = [
    {
        type: SG,
        property: "description",
        member: "GroupDescription",
        rule: { kind: "pattern", pattern: EC2_SG_TEXT },
        style: "ec2",
        code: "InvalidParameterValue",
        message: SG_DESCRIPTION_TEXT,
        source: CREATE_SG,
    },
    {
        type: SG,
        property: "description",
        member: "GroupDescription",
        rule: { kind: "length", max: 255 },
        style: "ec2",
        code: "InvalidParameterValue",
        message: SG_DESCRIPTION_TEXT,
        source: CREATE_SG,
    },
    {
        type: SG,
        property: "name",
        member: "GroupName",
        rule: { kind: "pattern", pattern: EC2_SG_TEXT },
        style: "ec2",
        source: CREATE_SG,
    },
    {
        type: SG,
        property: "name",
        member: "GroupName",
        rule: { kind: "length", max: 255 },
        style: "ec2",
        source: CREATE_SG,
    },
    ...ruleRows(
        INGRESS,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html",
    ),
    ...ruleRows(
        EGRESS,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupEgress.html",
    ),
];
