/**
 * The block list's prefix list through the EC2 API (AWS SDK v3, which the nodejs22.x runtime
 * provides). Two calls, both on the one prefix list the function's role may touch:
 * GetManagedPrefixListEntries (paged, at most 100 per page) and ModifyManagedPrefixList.
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
                        add.length > 0 ? add.map((e) => ({ Cidr: e.cidr, Description: e.description })) : undefined,
                    RemoveEntries: remove.length > 0 ? remove.map((cidr) => ({ Cidr: cidr })) : undefined,
                }),
            );
        },
    };
}
