import { resourcePolicy } from "../../../lib/policy";
import { requireTrue } from "../../../lib/props";

/** DynamoDB tables must have deletion protection on. */
export const dynamodbTableDeletionProtection = resourcePolicy({
    name: "dynamodb-table-deletion-protection",
    description: "DynamoDB tables must have deletion protection on.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["DynamoDB.6"] },
    resourceTypes: ["aws:dynamodb/table:Table"],
    check: (props) => requireTrue(props, "deletionProtectionEnabled"),
});
