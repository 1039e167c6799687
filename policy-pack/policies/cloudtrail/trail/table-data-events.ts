import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record, str } from "../../../lib/props";

/** The event selectors of a trail that record DynamoDB table data events. */
function recordsTableDataEvents(props: Record<string, unknown>): boolean {
    const advanced = list(props.advancedEventSelectors).map(record);
    const byAdvanced = advanced.some((selector) => {
        const fields = list(selector.fieldSelectors).map(record);
        const equals = (field: string, value: string) =>
            fields.some((f) => str(f.field) === field && list(f.equals).map(String).includes(value));
        return equals("eventCategory", "Data") && equals("resources.type", "AWS::DynamoDB::Table");
    });
    const byBasic = list(props.eventSelectors)
        .map(record)
        .some((s) =>
            list(s.dataResources)
                .map(record)
                .some((d) => str(d.type) === "AWS::DynamoDB::Table"),
        );
    return byAdvanced || byBasic;
}

/**
 * A trail that records data events (the audit trail of data changes) must record DynamoDB table data
 * events: who read, wrote or deleted which item. A trail of management events only is not judged.
 */
export const cloudtrailTrailTableDataEvents = resourcePolicy({
    name: "cloudtrail-trail-table-data-events",
    description: "A CloudTrail trail that records data events must record DynamoDB table data events.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium" },
    resourceTypes: ["aws:cloudtrail/trail:Trail"],
    check: (props) => {
        if (isUnknown(props.advancedEventSelectors) || isUnknown(props.eventSelectors)) return [];
        const advanced = list(props.advancedEventSelectors).map(record);
        const dataTrail =
            advanced.some((s) =>
                list(s.fieldSelectors)
                    .map(record)
                    .some(
                        (f) =>
                            str(f.field) === "eventCategory" && list(f.equals).map(String).includes("Data"),
                    ),
            ) ||
            list(props.eventSelectors)
                .map(record)
                .some((s) => list(s.dataResources).length > 0);
        if (!dataTrail || recordsTableDataEvents(props)) return [];
        return [
            "the trail records data events but not those of DynamoDB tables; add an advanced event selector with eventCategory Data and resources.type AWS::DynamoDB::Table.",
        ];
    },
});
