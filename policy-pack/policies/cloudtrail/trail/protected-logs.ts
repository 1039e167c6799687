import { resourcePolicy } from "../../../lib/policy";
import { isUnknown } from "../../../lib/props";

/**
 * CloudTrail trails must validate their log files (digest files, so a changed or deleted log file is
 * detected) and encrypt them with a customer-managed KMS key.
 */
export const cloudtrailTrailProtectedLogs = resourcePolicy({
    name: "cloudtrail-trail-protected-logs",
    description: "CloudTrail trails must validate their log files and encrypt them with a KMS key.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        fsbp: ["CloudTrail.2", "CloudTrail.4"],
        checkov: ["CKV_AWS_35", "CKV_AWS_36"],
    },
    resourceTypes: ["aws:cloudtrail/trail:Trail"],
    check: (props) => [
        ...(props.enableLogFileValidation === true
            ? []
            : [
                  `enableLogFileValidation is ${String(props.enableLogFileValidation ?? false)}; set it to true.`,
              ]),
        ...(isUnknown(props.kmsKeyId) || (typeof props.kmsKeyId === "string" && props.kmsKeyId !== "")
            ? []
            : ["kmsKeyId is unset: log files are encrypted with S3-managed keys only; give a KMS key."]),
    ],
});
