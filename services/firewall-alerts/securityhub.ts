/**
 * BatchImportFindings through the AWS SDK v3 (which the nodejs22.x runtime provides), in the
 * function's own account and region
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html). The IAM
 * action is `securityhub:BatchImportFindings`, on the `product` resource type
 * (`arn:<partition>:securityhub:<region>:<account>:product/<company>/<product>`, Service
 * Authorization Reference, AWS Security Hub): the account's `product/<account>/default` only.
 */
import {
    BatchImportFindingsCommand,
    type AwsSecurityFinding,
    type SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import type { FindingsApi } from "./forward";

/** Security Hub through `client`. */
export function securityHubFindingsApi(client: SecurityHubClient): FindingsApi {
    return {
        async importFindings(findings) {
            const answer = await client.send(
                new BatchImportFindingsCommand({ Findings: findings as unknown as AwsSecurityFinding[] }),
            );
            return {
                failed: (answer.FailedFindings ?? []).map((f) => ({
                    id: f.Id ?? "",
                    code: f.ErrorCode ?? "",
                    message: f.ErrorMessage ?? "",
                })),
            };
        },
    };
}
