/**
 * The block list's prefix list through the EC2 API (AWS SDK v3, which the nodejs22.x runtime
 * provides). Two calls, both on the one prefix list the function's role may touch:
 * - GetManagedPrefixListEntries, paged: MaxResults 1-100, then NextToken until it is null
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetManagedPrefixListEntries.html);
 * - ModifyManagedPrefixList: AddEntry.N and RemoveEntry.N, at most 100 items each; CurrentVersion is
 *   optional, and left out because the caller re-reads the list before every attempt
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyManagedPrefixList.html).
 * The IAM actions are `ec2:GetManagedPrefixListEntries` and `ec2:ModifyManagedPrefixList`, both
 * scoped to the prefix-list ARN (Service Authorization Reference, Amazon EC2).
 */
import {
    EC2Client,
    GetManagedPrefixListEntriesCommand,
    ModifyManagedPrefixListCommand,
} from "@aws-sdk/client-ec2";
import type { PrefixListApi, PrefixListEntry } from "./block-list";

/** The prefix list `prefixListId` through `client`. */
export function ec2PrefixListApi(client: EC2Client, prefixListId: string): PrefixListApi {
    return {
        async entries() {
            const entries: PrefixListEntry[] = [];
            let token: string | undefined;
            do {
                const page = await client.send(
                    new GetManagedPrefixListEntriesCommand({
                        PrefixListId: prefixListId,
                        MaxResults: 100,
                        NextToken: token,
                    }),
                );
                for (const e of page.Entries ?? []) {
                    if (e.Cidr) entries.push({ cidr: e.Cidr, description: e.Description });
                }
                token = page.NextToken;
            } while (token);
            return entries;
        },
        async modify({ add, remove }) {
            await client.send(
                new ModifyManagedPrefixListCommand({
                    PrefixListId: prefixListId,
                    AddEntries:
                        add.length > 0
                            ? add.map((e) => ({ Cidr: e.cidr, Description: e.description }))
                            : undefined,
                    RemoveEntries: remove.length > 0 ? remove.map((cidr) => ({ Cidr: cidr })) : undefined,
                }),
            );
        },
    };
}
