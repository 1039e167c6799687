/** What the response to GuardDuty findings and its forwarding share: the bus name and the event pattern. */

/** The findings bus of an environment's network account, in each region. */
export function findingsBusName(environment: string): string {
    return `hub-network-${environment}-findings`;
}

/**
 * The EventBridge pattern of the findings the response acts on: GuardDuty findings
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-guardduty.html) at or above the
 * minimum severity, of the listed types (numeric and prefix matching:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
export function findingPattern(
    minimumSeverity: number,
    findingTypes: readonly string[],
): Record<string, unknown> {
    return {
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: {
            severity: [{ numeric: [">=", minimumSeverity] }],
            type: findingTypes.map((prefix) => ({ prefix })),
        },
    };
}
