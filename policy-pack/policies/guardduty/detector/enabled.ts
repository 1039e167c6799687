import { resourcePolicy } from "../../../lib/policy";

/** GuardDuty detectors must be enabled: a suspended detector analyses nothing and finds nothing. */
export const guarddutyDetectorEnabled = resourcePolicy({
    name: "guardduty-detector-enabled",
    description: "GuardDuty detectors must be enabled.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["GuardDuty.1"], checkov: ["CKV2_AWS_3"] },
    resourceTypes: ["aws:guardduty/detector:Detector"],
    check: (props) =>
        props.enable === false ? ["enable is false: the detector is suspended; set it to true."] : [],
});
