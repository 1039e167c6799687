/**
 * Schema of an environment file's `detection` section: threat detection (GuardDuty and Security Hub),
 * the automated response at the hub (a block list the firewall evaluates first, fed by GuardDuty
 * findings) and the audit trail of data changes. On by default in production, off elsewhere.
 * docs/security.md explains what each setting does in AWS.
 */
import { z } from "zod";
import { accountId, cidr, roleArn } from "./fields";

/**
 * GuardDuty finding types whose remote address is the attacker's (or the malicious host's): what the
 * response blocks by default, matched as prefixes of the finding type. The types and their
 * `service.action` come from the GuardDuty finding types reference
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-ec2.html).
 */
export const DEFAULT_BLOCKED_FINDING_TYPES = [
    "UnauthorizedAccess:EC2/MaliciousIPCaller",
    "UnauthorizedAccess:EC2/SSHBruteForce",
    "UnauthorizedAccess:EC2/RDPBruteForce",
    "Recon:EC2/PortProbeUnprotectedPort",
    "Recon:EC2/PortProbeEMRUnprotectedPort",
    "Backdoor:EC2/C&CActivity",
    "CryptoCurrency:EC2/BitcoinTool",
    "Trojan:EC2/",
] as const;

/** The most entries the block list may hold (the Lambda function never asks for more). */
export const MAX_BLOCK_LIST_ENTRIES = 1000;

const whole = (what: string, min: number, max: number) =>
    z
        .number({ error: `is not a number; expected ${what} from ${min} to ${max}` })
        .int({ error: `is not a whole number; expected ${what} from ${min} to ${max}` })
        .min(min, { error: `is out of range; expected ${what} from ${min} to ${max}` })
        .max(max, { error: `is out of range; expected ${what} from ${min} to ${max}` });

const response = z.strictObject({
    /** Build the response (block list, rule group, function). @default true */
    enabled: z.boolean({ error: "is not true or false; expected true or false" }).default(true),
    /**
     * The lowest GuardDuty severity blocked: 1.0-10.0, where 7.0 and above is High and 9.0 and above
     * Critical (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html).
     */
    minimumSeverity: z
        .number({ error: "is not a number; expected a GuardDuty severity from 1 to 10, e.g. 7" })
        .min(1, { error: "is out of range; expected a GuardDuty severity from 1 to 10, e.g. 7" })
        .max(10, { error: "is out of range; expected a GuardDuty severity from 1 to 10, e.g. 7" })
        .default(7),
    /** Finding types blocked, as prefixes of the type (`Recon:EC2/PortProbe` covers both probes). */
    findingTypes: z
        .array(
            z
                .string({ error: "is not a finding type; expected e.g. Recon:EC2/PortProbeUnprotectedPort" })
                .regex(/^[A-Za-z]+:[A-Za-z0-9]+\/[A-Za-z0-9&.!/-]*$/, {
                    error: "is not a GuardDuty finding type (ThreatPurpose:ResourceType/ThreatFamily...); expected e.g. Recon:EC2/PortProbeUnprotectedPort",
                }),
        )
        .min(1, {
            error: "is empty; expected at least one finding type, e.g. UnauthorizedAccess:EC2/MaliciousIPCaller",
        })
        .default([...DEFAULT_BLOCKED_FINDING_TYPES]),
    /** Hours an address stays blocked; a scheduled sweep lifts expired blocks. */
    blockHours: whole("a number of hours", 1, 8760).default(24),
    /** The block list's size (its prefix list's MaxEntries): past it, new addresses are not blocked and logged. */
    maxEntries: whole("a number of entries", 1, MAX_BLOCK_LIST_ENTRIES).default(250),
    /** CIDRs never blocked, besides the environment's own ranges and non-routable ones (partners, scanners you hired). */
    neverBlock: z.array(cidr).default([]),
});

const audit = z.strictObject({
    /** CloudTrail data events of every DynamoDB table and Lambda function of the organization. */
    dataEvents: z.boolean({ error: "is not true or false; expected true or false" }).default(true),
    /** Also record management events: set it when no organization trail does already. */
    managementEvents: z.boolean({ error: "is not true or false; expected true or false" }).default(false),
});

/** The `detection` section as written. */
export const detectionSchema = z.strictObject({
    /** Build detection, response and audit. @default true in production, false otherwise */
    enabled: z.boolean({ error: "is not true or false; expected true or false" }).optional(),
    /**
     * Who runs GuardDuty and Security Hub: `security-account` (the security stack enables them, with
     * the security account as the organization's delegated administrator), or `organization` (they
     * already run centrally; only the response and the audit are built, and `findingsAccount` forwards
     * findings to the network account).
     */
    findings: z
        .enum(["security-account", "organization"], {
            error: "is not a choice; expected security-account or organization",
        })
        .default("security-account"),
    /**
     * With `findings: organization`: the account that receives the organization's GuardDuty findings
     * (the delegated administrator) and forwards them to the network account's findings bus.
     */
    findingsAccount: accountId.optional(),
    /**
     * A role in the organization's management account that the security stacks assume to designate
     * the security account as the delegated administrator of GuardDuty and Security Hub (in each
     * region, with `findings: security-account`) and of CloudTrail (for the audit trail): calls only
     * the management account may make. Leave it out when the management account designates by hand
     * (docs/security.md).
     */
    managementRoleArn: roleArn.optional(),
    response: response.default(response.parse({})),
    /**
     * Import the firewall's alerts into Security Hub as findings (a subscription filter on the alert
     * log group and a function in the network account). It reads the alert log in CloudWatch Logs:
     * with `firewall.logging.alert: s3` there is none, since Network Firewall sends each log type to
     * one destination only (LogDestinationConfigs, one per log type:
     * https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_LoggingConfiguration.html).
     * @default true when `firewall.logging.alert` is cloudwatch, false when s3
     */
    firewallAlerts: z.boolean({ error: "is not true or false; expected true or false" }).optional(),
    /** The organization trail of data changes, built by the security stack (primary region). */
    audit: audit.default(audit.parse({})),
});

/** The section as written, parsed. */
export type DetectionInput = z.output<typeof detectionSchema>;

/** What the stacks build for detection, resolved against the environment's profile. */
export interface Detection {
    readonly enabled: boolean;
    readonly findings: DetectionInput["findings"];
    /** The account whose EventBridge bus receives the GuardDuty findings of every account. */
    readonly findingsAccount: string;
    /** The management account's role that designates the security account as delegated administrator. */
    readonly managementRoleArn?: string;
    readonly response: DetectionInput["response"];
    /** Whether the firewall's alerts become Security Hub findings. */
    readonly firewallAlerts: boolean;
    readonly audit: DetectionInput["audit"];
}

/** Where a problem is reported, as the environment schema's issue callback takes it. */
type Issue = (path: (string | number)[], input: unknown, message: string) => void;

/** Cross-field rules of the section. */
export function checkDetection(
    detection: DetectionInput | undefined,
    accounts: { readonly security: string; readonly network: string },
    organizationArn: string,
    issue: Issue,
    alertLog: "cloudwatch" | "s3" = "cloudwatch",
): void {
    if (!detection) return;
    if (detection.firewallAlerts === true && alertLog === "s3") {
        issue(
            ["detection", "firewallAlerts"],
            true,
            "is true but firewall.logging.alert is s3: the alerts are read from their CloudWatch Logs group, and Network Firewall sends each log type to one destination only; set firewall.logging.alert: cloudwatch, or leave firewallAlerts out",
        );
    }
    if (detection.managementRoleArn !== undefined) {
        const management = /^arn:[\w-]+:organizations::(\d{12}):/.exec(organizationArn)?.[1];
        const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(detection.managementRoleArn)?.[1];
        if (management !== undefined && account !== management) {
            issue(
                ["detection", "managementRoleArn"],
                detection.managementRoleArn,
                `is not a role of the organization's management account ${management} (organization.arn); only the management account can designate a delegated administrator: expected arn:aws:iam::${management}:role/<name>`,
            );
        }
    }
    if (detection.findings === "organization" && detection.findingsAccount === undefined) {
        issue(
            ["detection", "findingsAccount"],
            undefined,
            "is missing; with findings: organization, expected the 12-digit account that receives the organization's GuardDuty findings (its delegated administrator)",
        );
    }
    if (detection.findings === "security-account" && detection.findingsAccount !== undefined) {
        if (detection.findingsAccount !== accounts.security) {
            issue(
                ["detection", "findingsAccount"],
                detection.findingsAccount,
                `is not the security account ${accounts.security}; with findings: security-account the security account receives the findings: leave findingsAccount out, or set findings: organization`,
            );
        }
    }
}

/** The detection an environment gets: the section's settings, or its profile's default. */
export function resolveDetection(
    input: DetectionInput | undefined,
    profile: "development" | "production",
    securityAccount: string,
    alertLog: "cloudwatch" | "s3" = "cloudwatch",
): Detection {
    const parsed = input ?? detectionSchema.parse({});
    return {
        enabled: parsed.enabled ?? profile === "production",
        findings: parsed.findings,
        findingsAccount: parsed.findingsAccount ?? securityAccount,
        ...(parsed.managementRoleArn !== undefined ? { managementRoleArn: parsed.managementRoleArn } : {}),
        response: parsed.response,
        firewallAlerts: parsed.firewallAlerts ?? alertLog === "cloudwatch",
        audit: parsed.audit,
    };
}
