import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";

/** SNS topics must encrypt messages at rest with a KMS key (`kmsMasterKeyId`). */
export const snsTopicKmsEncrypted = resourcePolicy({
    name: "sns-topic-kms-encrypted",
    description: "SNS topics must encrypt messages at rest with a KMS key.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["SNS.1"], cdkNag: ["AwsSolutions-SNS2"], checkov: ["CKV_AWS_26"] },
    resourceTypes: ["aws:sns/topic:Topic"],
    check: (props) =>
        isUnknown(props.kmsMasterKeyId) || (str(props.kmsMasterKeyId) ?? "") !== ""
            ? []
            : [
                  "kmsMasterKeyId is unset; encrypt the topic with a KMS key (e.g. alias/aws/sns or a customer managed key).",
              ],
});
