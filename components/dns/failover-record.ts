import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";

/** One side of a failover record: its values and the CloudWatch alarm that says whether it is healthy. */
export interface FailoverTarget {
    /** Record values, e.g. an internal load balancer's private addresses or a DNS name for CNAME. */
    readonly records: readonly pulumi.Input<string>[];
    /**
     * The CloudWatch alarm (in the zone owner's account) whose state is this target's health: Route 53
     * health checkers cannot reach private endpoints, so health comes from a metric alarm.
     */
    readonly alarm: { readonly name: pulumi.Input<string>; readonly region: string };
}

/** Arguments of {@link FailoverRecord}. */
export interface FailoverRecordArgs {
    /** The private hosted zone. */
    readonly zoneId: pulumi.Input<string>;
    /** Fully qualified record name, e.g. `api.pets.aws.example.internal`. */
    readonly recordName: string;
    /** Record type. @default "A" */
    readonly type?: "A" | "AAAA" | "CNAME";
    /** TTL in seconds; short, so that a failover takes effect quickly. @default 60 */
    readonly ttl?: number;
    /** Answers while its alarm is OK. */
    readonly primary: FailoverTarget;
    /** Answers while the primary's alarm is in ALARM. */
    readonly secondary: FailoverTarget;
    /** Tags for the health checks, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A PRIMARY / SECONDARY failover record pair in a private hosted zone, each side with a metric-based
 * health check (type `CLOUDWATCH_METRIC`) on its CloudWatch alarm. While the alarm has too little data
 * the last known status holds, so a metric gap never flips traffic.
 */
export class FailoverRecord extends pulumi.ComponentResource {
    readonly healthChecks: Readonly<Record<"primary" | "secondary", aws.route53.HealthCheck>>;
    readonly records: Readonly<Record<"primary" | "secondary", aws.route53.Record>>;

    constructor(name: string, args: FailoverRecordArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:dns:FailoverRecord", name, {}, opts);
        const side = (role: "primary" | "secondary") => {
            const target = args[role];
            const healthCheck = new aws.route53.HealthCheck(
                `${name}-${role}`,
                {
                    type: "CLOUDWATCH_METRIC",
                    cloudwatchAlarmName: target.alarm.name,
                    cloudwatchAlarmRegion: target.alarm.region,
                    insufficientDataHealthStatus: "LastKnownStatus",
                    referenceName: `${name}-${role}`.slice(0, 64),
                    tags: withName(args.tags, `${name}-${role}`),
                },
                { parent: this },
            );
            const record = new aws.route53.Record(
                `${name}-${role}`,
                {
                    zoneId: args.zoneId,
                    name: args.recordName,
                    type: args.type ?? "A",
                    ttl: args.ttl ?? 60,
                    records: [...target.records],
                    setIdentifier: role,
                    failoverRoutingPolicies: [{ type: role.toUpperCase() }],
                    healthCheckId: healthCheck.id,
                },
                { parent: this },
            );
            return { healthCheck, record };
        };
        const primary = side("primary");
        const secondary = side("secondary");
        this.healthChecks = { primary: primary.healthCheck, secondary: secondary.healthCheck };
        this.records = { primary: primary.record, secondary: secondary.record };
        this.registerOutputs({});
    }
}
