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
    .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
        error: "is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>",
    });

/** Tags a user may add; the `hub-network:` and `aws:` prefixes are reserved. */
export const tags = z.record(
    z
        .string()
        .min(1, { error: "has an empty tag key; expected a key of 1-128 characters" })
        .max(128, { error: "has a tag key longer than 128 characters; expected a key of 1-128 characters" })
        .refine((k) => !k.startsWith("aws:") && !k.startsWith("hub-network:"), {
            error: "has a reserved tag key; expected a key without the 'aws:' or 'hub-network:' prefix (the stacks set those)",
        }),
    z.string({ error: "is not a string; expected a tag value of at most 256 characters" }).max(256),
);

/** Account ID of an ARN (the fifth field). */
export function arnAccount(arn: string): string {
    return arn.split(":")[4];
}
