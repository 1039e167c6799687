import { resourcePolicy } from "../../../lib/policy";

/** Symmetric customer-managed KMS keys must rotate their key material yearly. */
export const kmsKeyRotation = resourcePolicy({
    name: "kms-key-rotation",
    description: "Symmetric customer-managed KMS keys must rotate their key material yearly.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", cdkNag: ["AwsSolutions-KMS5"], checkov: ["CKV_AWS_7"] },
    resourceTypes: ["aws:kms/key:Key"],
    check: (props) => {
        const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT" || props.enableKeyRotation === true) return [];
        return [`enableKeyRotation is ${String(props.enableKeyRotation ?? false)}; set it to true.`];
    },
});
