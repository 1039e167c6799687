import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "./aws-context";

/** Arguments of {@link ThreatDetection}. */
export interface ThreatDetectionArgs extends AwsContext {
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The AWS Foundational Security Best Practices standard of Security Hub in `region`. */
export function fsbpStandardArn(region: string): string {
    return `arn:${partitionOf(region)}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/**
 * Amazon GuardDuty and AWS Security Hub in the account that the organization's management account
 * designated as their delegated administrator (a one-time step only the management account can take:
 * `aws guardduty enable-organization-admin-account` and
 * `aws securityhub enable-organization-admin-account`, docs/security.md). Here, in one region: the
 * GuardDuty detector, enabled for every member account of the organization, new ones included
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html); Security Hub with the
 * AWS Foundational Security Best Practices standard, auto-enabled for members; GuardDuty's findings
 * reach Security Hub through their built-in integration
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
        new aws.guardduty.OrganizationConfiguration(
            `${name}-members`,
            { detectorId: this.detector.id, autoEnableOrganizationMembers: "ALL" },
            { parent: this },
        );
        const hub = new aws.securityhub.Account(
            `${name}-security-hub`,
            { enableDefaultStandards: false, autoEnableControls: true },
            { parent: this },
        );
        new aws.securityhub.StandardsSubscription(
            `${name}-fsbp`,
            { standardsArn: fsbpStandardArn(args.region) },
            { parent: this, dependsOn: [hub] },
        );
        new aws.securityhub.OrganizationConfiguration(
            `${name}-security-hub-members`,
            { autoEnable: true, autoEnableStandards: "DEFAULT" },
            { parent: this, dependsOn: [hub] },
        );
        this.registerOutputs({ detectorId: this.detectorId });
    }
}
