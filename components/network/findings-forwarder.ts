import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName, type AwsContext } from "../shared/aws-context";
import { findingPattern } from "./findings";

/** Arguments of {@link FindingsForwarder}. */
export interface FindingsForwarderArgs extends AwsContext {
    /** The network account's findings bus (the block list's `findingsBusArn`). */
    readonly busArn: pulumi.Input<string>;
    /** The lowest GuardDuty severity forwarded (1.0-10.0). */
    readonly minimumSeverity: number;
    /** GuardDuty finding types forwarded, as prefixes of the finding type. */
    readonly findingTypes: readonly string[];
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * In the GuardDuty administrator account, where GuardDuty publishes the findings of every member
 * account to EventBridge (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html):
 * a rule on the default bus that sends the findings the response acts on to the network account's
 * findings bus, with a role that may put events on exactly that bus (cross-account event bus targets:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html).
 */
export class FindingsForwarder extends pulumi.ComponentResource {
    readonly rule: aws.cloudwatch.EventRule;
    readonly role: aws.iam.Role;

    constructor(name: string, args: FindingsForwarderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:FindingsForwarder", name, {}, opts);
        this.rule = new aws.cloudwatch.EventRule(
            `${name}-findings`,
            {
                description: "GuardDuty findings the network account's block list acts on",
                eventPattern: JSON.stringify(findingPattern(args.minimumSeverity, args.findingTypes)),
                tags: withName(args.tags, `${name}-findings`),
            },
            { parent: this },
        );
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: "EventBridge forwards GuardDuty findings to the network account's findings bus",
                // Only this rule, in this account, may use the role (confused deputy:
                // https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html: "for event bus rule targets, the value of aws:SourceArn must be the rule ARN").
                assumeRolePolicy: this.rule.arn.apply((ruleArn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "events.amazonaws.com" },
                                Action: "sts:AssumeRole",
                                Condition: {
                                    StringEquals: {
                                        "aws:SourceAccount": args.accountId,
                                        "aws:SourceArn": ruleArn,
                                    },
                                },
                            },
                        ],
                    }),
                ),
                tags: withName(args.tags, `${name}-role`),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                role: this.role.id,
                policy: pulumi.output(args.busArn).apply((busArn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "FindingsBus",
                                Effect: "Allow",
                                Action: "events:PutEvents",
                                Resource: busArn,
                            },
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(
            `${name}-target`,
            {
                rule: this.rule.name,
                arn: args.busArn,
                roleArn: this.role.arn,
            },
            { parent: this, dependsOn: [policy] },
        );
        this.registerOutputs({});
    }
}
