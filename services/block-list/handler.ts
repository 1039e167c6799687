/**
 * The Lambda entry point of the block-list function (bundled as `index.js` by
 * `lambdaArchive("block-list")`, handler `BLOCK_LIST_HANDLER`). EventBridge invokes it with GuardDuty
 * findings (the network account's findings bus) and with its sweep schedule; see ./block-list.ts.
 * A refused event returns normally (its reason is logged), so EventBridge does not retry it; an EC2
 * failure that retries could not fix fails the invocation, and Lambda's asynchronous retries take over.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { jsonLogger } from "../lib/log";
import { createBlockListHandler, type Outcome } from "./block-list";
import { configFromEnvironment } from "./config";
import { ec2PrefixListApi } from "./ec2";

const config = configFromEnvironment(process.env);
const logger = jsonLogger({ function: "block-list", prefixListId: config.prefixListId });
const run = createBlockListHandler({
    api: ec2PrefixListApi(
        new EC2Client(config.ec2Endpoint ? { endpoint: config.ec2Endpoint } : {}),
        config.prefixListId,
    ),
    config,
    logger,
});

export async function handler(event: unknown): Promise<Outcome> {
    const outcome = await run(event);
    logger.info("done", {
        outcome: outcome.outcome,
        added: outcome.added.length,
        removed: outcome.removed.length,
        skipped: outcome.skipped.length,
    });
    return outcome;
}
