/**
 * Field schemas shared by every config file kind. Each message reads after "<path> '<value>' " and
 * says what is expected, so the error names the file, the field, the value and the fix.
 */
import { Address4 } from "ip-address";
import { z } from "zod";
import { parseCidr } from "../../components/network/subnet-plan";

/** A 12-digit AWS account ID, quoted in YAML so that leading zeros survive. */
export const accountId = z
    .string({
        error: 'is not a quoted string; expected a 12-digit account ID in quotes, e.g. "111111111111"',
    })
    .regex(/^\d{12}$/, {
        error: 'is not an AWS account ID; expected exactly 12 digits, e.g. "111111111111"',
    });

/** An IPv4 CIDR whose host bits are zero. */
export const cidr = z.string({ error: "is not a CIDR; expected e.g. 10.20.0.0/20" }).check((ctx) => {
    try {
        parseCidr(ctx.value);
    } catch (err) {
        ctx.issues.push({
            code: "custom",
            input: ctx.value,
            message: /host bits/.test(String(err))
                ? `has host bits set; expected the network address, e.g. ${networkOf(ctx.value)}`
                : "is not a CIDR; expected e.g. 10.20.0.0/20",
        });
    }
});

function networkOf(value: string): string {
    const address = new Address4(value);
    return `${address.startAddress().address}/${address.subnetMask}`;
}

/** An IPv4 address. */
export const ipv4 = z.ipv4({ error: "is not an IPv4 address; expected e.g. 172.16.0.10" });

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** True for a lowercase DNS name: dot-separated labels of a-z, 0-9 and dashes, at most 253 characters. */
export function isDomainName(value: string): boolean {
    return (
        value.length <= 253 && value.split(".").length >= 2 && value.split(".").every((l) => LABEL.test(l))
    );
}

/** A fully qualified, lowercase domain name without a trailing dot. */
export const domainName = z
    .string({ error: "is not a domain name; expected e.g. corp.example.internal" })
    .refine(isDomainName, {
        error: "is not a valid domain name; expected lowercase labels of a-z, 0-9 and '-' separated by dots, e.g. corp.example.internal",
    });

/** An AWS region name. */
export const regionName = z
    .string({ error: "is not a region name; expected e.g. eu-west-1" })
    .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, {
        error: "is not an AWS region name; expected e.g. eu-west-1",
    });

/** An IAM role ARN. */
export const roleArn = z
    .string({ error: "is not a role ARN; expected arn:aws:iam::<12-digit account>:role/<name>" })
    .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/){0,32}[\w+=,.@-]{1,64}$/, {
        // IAM API reference, CreateRole: RoleName 1-64 of [\w+=,.@-]; Path up to 512, '/'-separated.
        error: "is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name> (a name of 1-64 letters, digits and + = , . @ _ -)",
    });

/**
 * AWS's tag rules, common to every service that tags (ECS API reference, Tag; AWS Batch "Tag
 * restrictions"; https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html): at most 50
 * user-created tags per resource, keys of 1-128 and values of 0-256 Unicode characters of letters,
 * numbers, spaces and `+ - = . _ : / @`; `aws:` (any case) is AWS's own prefix.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARS = "letters, digits, spaces and + - = . _ : / @";

/**
 * The tags the stacks add to a resource themselves, at most: `Name`, `hub-network:environment`,
 * `hub-network:stack-role`, `hub-network:vpc-role`, `hub-network:subnet-tier`,
 * `hub-network:spoke`, `hub-network:owner` and one more per resource kind (`hub-network:rule-kind`,
 * `hub-network:tgw-route-table`). User tags get what is left of the 50.
 */
export const PROJECT_TAGS_PER_RESOURCE = 8;

/** Tags a user may add; the `hub-network:` and `aws:` prefixes are reserved. */
export const tags = z
    .record(
        z
            .string()
            .min(1, { error: "has an empty tag key; expected a key of 1-128 characters" })
            .max(128, {
                error: "has a tag key longer than 128 characters; expected a key of 1-128 characters",
            })
            .refine((k) => !k.toLowerCase().startsWith("aws:") && !k.startsWith("hub-network:"), {
                error: "has a reserved tag key; expected a key without the 'aws:' or 'hub-network:' prefix (the stacks set those)",
            })
            .refine((k) => TAG_TEXT.test(k), {
                error: `has a tag key AWS refuses; expected a key of ${TAG_CHARS}`,
            }),
        z
            .string({
                error: "is not a string; expected a tag value of at most 256 characters (quote numbers)",
            })
            .max(256, {
                error: "is longer than 256 characters; expected a tag value of at most 256 characters",
            })
            .refine((v) => TAG_TEXT.test(v), {
                error: `has characters AWS refuses in a tag value (a line break, or a symbol); expected ${TAG_CHARS}`,
            }),
        { error: "is not a mapping; expected tag keys and values, e.g. { cost-center: platform }" },
    )
    .refine((t) => Object.keys(t).length <= MAX_TAGS_PER_RESOURCE - PROJECT_TAGS_PER_RESOURCE, {
        error: `has more tags than a resource can carry; expected at most ${MAX_TAGS_PER_RESOURCE - PROJECT_TAGS_PER_RESOURCE} (AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and the stacks add up to ${PROJECT_TAGS_PER_RESOURCE})`,
    });

/** The AWS partition of a region: `aws-cn` in China, `aws-us-gov` in GovCloud, else `aws`. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** The partition of an ARN (its second field). */
export function arnPartition(arn: string): string {
    return arn.split(":")[1] ?? "";
}

/**
 * Domains no private hosted zone or forwarding rule may take: AWS's own service endpoints
 * (`amazonaws.com`, and `amazonaws.com.cn` in China). A zone or rule for them would answer, or
 * forward, every AWS API call of the VPCs it reaches.
 */
export const AWS_SERVICE_DOMAINS = ["amazonaws.com", "amazonaws.com.cn"];

/** The AWS service domain `domain` is, or is under, if any. */
export function awsServiceDomainOf(domain: string): string | undefined {
    return AWS_SERVICE_DOMAINS.find((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Account ID of an ARN (the fifth field). */
export function arnAccount(arn: string): string {
    return arn.split(":")[4];
}
