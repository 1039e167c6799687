import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "./aws-context";

/** Arguments of {@link ThreatDetection}. */
export interface ThreatDetectionArgs extends AwsContext {
    /**
     * Provider of the organization's management account, in this region: through it the component
     * designates this account (`accountId`) as the delegated administrator of GuardDuty and Security
     * Hub, the calls only the management account may make. Without it, the management account must have
     * designated this account before (docs/security.md). @default designated outside the stack
     */
    readonly managementProvider?: pulumi.ProviderResource;
    /**
     * Accounts of the organization to enable as Security Hub members now (the environment's network
     * and spoke accounts): the organization configuration's auto-enable only adds accounts that join
     * the organization later. @default none
     */
    readonly memberAccountIds?: readonly string[];
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The AWS Foundational Security Best Practices standard of Security Hub in `region`. */
export function fsbpStandardArn(region: string): string {
    return `arn:${partitionOf(region)}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/**
 * Amazon GuardDuty and AWS Security Hub run by this account as the organization's delegated
 * administrator, in one region.
 *
 * Who does what, and in which order, as AWS requires:
 * - The delegated administrator is designated per region by the organization's management account only
 *   (GuardDuty EnableOrganizationAdminAccount: "Only the organization's management account can run this
 *   API operation", https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EnableOrganizationAdminAccount.html;
 *   https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html): with
 *   `managementProvider`, `aws.guardduty.OrganizationAdminAccount` and
 *   `aws.securityhub.OrganizationAdminAccount` through it.
 * - The detector is created here: designation does not enable GuardDuty in the administrator ("make
 *   sure to enable GuardDuty for your newly designated delegated GuardDuty administrator account",
 *   https://docs.aws.amazon.com/guardduty/latest/ug/delegated-admin-designate.html). The organization
 *   configuration (auto-enable every member account, existing and new, `ALL`:
 *   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html)
 *   is the administrator's call and fails before the designation, so it depends on it.
 * - Designation *does* enable Security Hub in the chosen account ("Security Hub is enabled
 *   automatically for the chosen account", https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html),
 *   and the provider's create of `aws.securityhub.Account` calls EnableSecurityHub without tolerating
 *   an account already subscribed (terraform-provider-aws internal/service/securityhub/account.go): so
 *   the account's Security Hub comes first, then the designation, then the organization configuration.
 *
 * - Security Hub's organization configuration (`autoEnable`) adds only accounts that join the
 *   organization later: "It does not enable existing organization accounts that are not yet enabled"
 *   (https://docs.aws.amazon.com/securityhub/latest/userguide/accounts-orgs-auto-enable.html). The
 *   accounts that exist now (`memberAccountIds`) become members through CreateMembers
 *   (`aws.securityhub.Member`), which enables Security Hub in them
 *   (https://docs.aws.amazon.com/securityhub/latest/userguide/orgs-accounts-enable.html); without
 *   membership, their findings never reach this account's Security Hub.
 *
 * Security Hub takes the AWS Foundational Security Best Practices standard, auto-enabled for members;
 * GuardDuty's findings reach it through their built-in integration
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-internal-providers.html).
 */
export class ThreatDetection extends pulumi.ComponentResource {
    readonly detector: aws.guardduty.Detector;
    readonly detectorId: pulumi.Output<string>;

    constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:shared:ThreatDetection", name, {}, opts);
        this.detector = new aws.guardduty.Detector(
            `${name}-detector`,
            {
                enable: true,
                findingPublishingFrequency: "FIFTEEN_MINUTES",
                tags: withName(args.tags, `${name}-detector`),
            },
            { parent: this },
        );
        this.detectorId = this.detector.id;
        const management = args.managementProvider
            ? { parent: this, provider: args.managementProvider }
            : undefined;
        const guardDutyAdmin = management
            ? new aws.guardduty.OrganizationAdminAccount(
                  `${name}-guardduty-admin`,
                  { adminAccountId: args.accountId },
                  { ...management, dependsOn: [this.detector] },
              )
            : undefined;
        new aws.guardduty.OrganizationConfiguration(
            `${name}-members`,
            { detectorId: this.detector.id, autoEnableOrganizationMembers: "ALL" },
            { parent: this, dependsOn: guardDutyAdmin ? [guardDutyAdmin] : [] },
        );
        const hub = new aws.securityhub.Account(
            `${name}-security-hub`,
            { enableDefaultStandards: false, autoEnableControls: true },
            { parent: this },
        );
        const securityHubAdmin = management
            ? new aws.securityhub.OrganizationAdminAccount(
                  `${name}-security-hub-admin`,
                  { adminAccountId: args.accountId },
                  { ...management, dependsOn: [hub] },
              )
            : undefined;
        new aws.securityhub.StandardsSubscription(
            `${name}-fsbp`,
            { standardsArn: fsbpStandardArn(args.region) },
            { parent: this, dependsOn: [hub] },
        );
        const organization = new aws.securityhub.OrganizationConfiguration(
            `${name}-security-hub-members`,
            { autoEnable: true, autoEnableStandards: "DEFAULT" },
            { parent: this, dependsOn: securityHubAdmin ? [hub, securityHubAdmin] : [hub] },
        );
        // After the organization configuration, which only the administrator may update: a member
        // created while this account is not yet the administrator would be an invitation, not an
        // organization member; if the configuration fails (designated by hand, not yet), so do they not.
        const members = [...new Set(args.memberAccountIds ?? [])].filter((id) => id !== args.accountId);
        for (const accountId of members) {
            new aws.securityhub.Member(
                `${name}-member-${accountId}`,
                { accountId },
                { parent: this, dependsOn: [hub, organization] },
            );
        }
        this.registerOutputs({ detectorId: this.detectorId });
    }
}
