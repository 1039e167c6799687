/**
 * The block list's logic: which addresses a finding blocks, until when, and the sweep that lifts
 * expired blocks. It talks to the prefix list through {@link PrefixListApi} (the EC2 API in
 * production, ./ec2.ts; a local fake of it in the tests).
 *
 * How the EC2 API behaves, and what this code does about it:
 * - ModifyManagedPrefixList accepts at most 100 entries to add per request, and refuses a CIDR that is
 *   already in the list or that is both added and removed in one request (EC2 API reference,
 *   ModifyManagedPrefixList; terraform-provider-aws internal/service/ec2/vpc_managed_prefix_list.go
 *   works around the latter with two calls). So each attempt first reads the live list and asks only
 *   for what is missing: a repeated finding changes nothing.
 * - Only one modification runs at a time: while a list is `modify-in-progress` EC2 answers
 *   `IncorrectState`; a full list answers `PrefixListMaxEntriesExceeded`. Those (and a version or
 *   modification conflict) are retried, each attempt re-reading the list, so concurrent invocations
 *   and an operator's manual edit converge instead of failing.
 * - The list never grows past its maximum: past it, the addresses that do not fit are refused and
 *   logged; expired entries are removed first to make room.
 * Every entry this function adds says when it expires in its description; an entry without that
 * (added by hand) is never removed by the sweep.
 */
import type { Logger } from "../lib/log";
import { protectionOf } from "./addresses";
import type { BlockListConfig } from "./config";
import { readEvent, type Finding } from "./events";

/** One entry of a managed prefix list. */
export interface PrefixListEntry {
    readonly cidr: string;
    readonly description?: string;
}

/** The calls the function makes on its prefix list. */
export interface PrefixListApi {
    /** Every entry of the list (GetManagedPrefixListEntries, all pages). */
    entries(): Promise<PrefixListEntry[]>;
    /** One ModifyManagedPrefixList request. */
    modify(change: {
        readonly add: readonly PrefixListEntry[];
        readonly remove: readonly string[];
    }): Promise<void>;
}

/** What one invocation did. */
export interface Outcome {
    readonly outcome: "blocked" | "unchanged" | "rejected" | "swept";
    /** Why nothing changed, for `rejected` (and `unchanged`). */
    readonly reason?: string;
    /** Addresses added to the list, as CIDRs. */
    readonly added: readonly string[];
    /** Addresses already blocked (nothing changed for them), with their expiry. */
    readonly already: readonly { readonly cidr: string; readonly expires?: string }[];
    /** Addresses not blocked, with why (protected, or the list is full). */
    readonly skipped: readonly { readonly address: string; readonly reason: string }[];
    /** Expired entries removed. */
    readonly removed: readonly string[];
}

/** Options of {@link createBlockListHandler}. */
export interface BlockListOptions {
    readonly api: PrefixListApi;
    readonly config: BlockListConfig;
    readonly logger: Logger;
    /** The clock. @default the system clock */
    readonly now?: () => Date;
    /** Waits between attempts. @default setTimeout */
    readonly sleep?: (ms: number) => Promise<void>;
    /** Attempts per modification before giving up. @default 6 */
    readonly attempts?: number;
}

/** EC2 error codes after which a fresh read and another attempt can succeed. */
export const RETRYABLE_ERRORS = [
    "IncorrectState",
    "InvalidPrefixListModification",
    "PrefixListVersionMismatch",
    "PrefixListMaxEntriesExceeded",
] as const;

/** EC2 accepts at most this many entries to add (or remove) in one ModifyManagedPrefixList request. */
export const MAX_ENTRIES_PER_REQUEST = 100;

const EXPIRES = /\bexpires (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)(?=;|$)/;

/** The expiry an entry's description records, or undefined (an entry this function did not add). */
export function expiryOf(entry: PrefixListEntry): Date | undefined {
    const match = EXPIRES.exec(entry.description ?? "");
    if (!match) return undefined;
    const date = new Date(match[1]);
    return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The description of a new entry: its expiry first (what the sweep reads), then the finding, in the
 * characters EC2 allows in descriptions, at most 255 of them.
 */
export function entryDescription(expires: Date, finding: Finding): string {
    const text = `hub-network block-list; expires ${expires.toISOString()}; finding ${finding.id}; ${finding.type}`;
    return text.replace(/[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, "_").slice(0, 255);
}

/** The function: a GuardDuty finding blocks its remote addresses; a scheduled event sweeps. */
export function createBlockListHandler(options: BlockListOptions): (event: unknown) => Promise<Outcome> {
    const { api, config, logger } = options;
    const now = options.now ?? (() => new Date());
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const attempts = options.attempts ?? 6;
    const empty = { added: [], already: [], skipped: [], removed: [] };

    /** Runs `step` until it needs no change or succeeds, retrying the errors a re-read can fix. */
    async function converge<T>(step: (entries: PrefixListEntry[]) => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await step(await api.entries());
            } catch (error) {
                const code = (error as { name?: string }).name ?? "";
                if (attempt >= attempts || !(RETRYABLE_ERRORS as readonly string[]).includes(code))
                    throw error;
                logger.warn("prefix list busy or changed; reading it again", { code, attempt });
                // 200 ms, 400 ms, ... with jitter: concurrent invocations do not collide in step.
                await sleep(200 * 2 ** (attempt - 1) * (1 + Math.random()));
            }
        }
    }

    function reject(reason: string, fields: Record<string, string | number | undefined> = {}): Outcome {
        logger.warn("event rejected; the block list is unchanged", { reason, ...fields });
        return { outcome: "rejected", reason, ...empty };
    }

    async function block(finding: Finding): Promise<Outcome> {
        const fields = { findingId: finding.id, findingType: finding.type, severity: finding.severity };
        if (finding.archived) return reject("the finding is archived", fields);
        if (finding.severity < config.minimumSeverity) {
            return reject(
                `severity ${finding.severity} is below the minimum ${config.minimumSeverity}`,
                fields,
            );
        }
        if (!config.findingTypes.some((prefix) => finding.type.startsWith(prefix))) {
            return reject(`finding type ${finding.type} is not one the response acts on`, fields);
        }
        if (finding.remoteAddresses.length === 0) {
            return reject("the finding names no remote IPv4 address", fields);
        }
        const skipped: { address: string; reason: string }[] = [];
        const wanted: string[] = [];
        for (const address of finding.remoteAddresses) {
            const why = protectionOf(address, config.protectedCidrs);
            if (why) skipped.push({ address, reason: why });
            else wanted.push(address);
        }
        if (wanted.length === 0) {
            const reason = skipped.map((s) => `${s.address} ${s.reason}`).join("; ");
            return { ...reject(`no address may be blocked: ${reason}`, fields), skipped };
        }

        const expires = new Date(now().getTime() + config.blockHours * 3_600_000);
        const description = entryDescription(expires, finding);
        const added: string[] = [];
        const already: { cidr: string; expires?: string }[] = [];
        const full = new Set<string>();
        const isExpired = (e: PrefixListEntry) => (expiryOf(e)?.getTime() ?? Infinity) <= now().getTime();
        // Each round adds what is still missing (at most 100 per request), until nothing is.
        for (;;) {
            const done = await converge(async (entries) => {
                const present = new Map(entries.map((e) => [e.cidr, e]));
                // An expired block of a wanted address is lifted first: EC2 refuses a CIDR that is
                // both removed and added in one request, so the next round adds it anew.
                const stale = wanted
                    .map((a) => present.get(`${a}/32`))
                    .filter((e): e is PrefixListEntry => e !== undefined && isExpired(e));
                if (stale.length > 0) {
                    await api.modify({ add: [], remove: stale.map((e) => e.cidr) });
                    return false;
                }
                const missing = wanted.filter((a) => !present.has(`${a}/32`) && !full.has(a));
                if (missing.length === 0) {
                    for (const a of wanted.filter(
                        (w) => present.has(`${w}/32`) && !added.includes(`${w}/32`),
                    )) {
                        const cidr = `${a}/32`;
                        if (!already.some((x) => x.cidr === cidr)) {
                            already.push({ cidr, expires: expiryOf(present.get(cidr)!)?.toISOString() });
                        }
                    }
                    return true;
                }
                const expired = entries.filter(isExpired);
                const room = config.maxEntries - entries.length + expired.length;
                const batch = missing.slice(0, Math.min(room, MAX_ENTRIES_PER_REQUEST));
                for (const a of missing.slice(Math.max(room, 0))) full.add(a);
                if (batch.length === 0) return true;
                // Make room from expired entries only when needed (never touching what is added).
                const remove = expired
                    .slice(0, Math.max(0, batch.length - (config.maxEntries - entries.length)))
                    .map((e) => e.cidr);
                await api.modify({ add: batch.map((a) => ({ cidr: `${a}/32`, description })), remove });
                added.push(...batch.map((a) => `${a}/32`));
                if (remove.length > 0)
                    logger.info("expired entries removed to make room", { removed: remove.join(",") });
                return false;
            });
            if (done) break;
        }
        for (const address of full) {
            skipped.push({ address, reason: `the block list is full (${config.maxEntries} entries)` });
            logger.error("block list full: address not blocked", {
                ...fields,
                address,
                maxEntries: config.maxEntries,
            });
        }
        if (added.length > 0) {
            logger.info("blocked", { ...fields, addresses: added.join(","), expires: expires.toISOString() });
        }
        if (already.length > 0) {
            logger.info("already blocked; unchanged", {
                ...fields,
                addresses: already.map((a) => a.cidr).join(","),
            });
        }
        return {
            outcome: added.length > 0 ? "blocked" : "unchanged",
            ...(added.length === 0
                ? { reason: full.size > 0 ? "the block list is full" : "already blocked" }
                : {}),
            added,
            already,
            skipped,
            removed: [],
        };
    }

    async function sweep(): Promise<Outcome> {
        const removed: string[] = [];
        for (;;) {
            const done = await converge(async (entries) => {
                const expired = entries
                    .filter((e) => (expiryOf(e)?.getTime() ?? Infinity) <= now().getTime())
                    .map((e) => e.cidr);
                if (expired.length === 0) return true;
                const batch = expired.slice(0, MAX_ENTRIES_PER_REQUEST);
                await api.modify({ add: [], remove: batch });
                removed.push(...batch);
                return false;
            });
            if (done) break;
        }
        logger.info(removed.length > 0 ? "expired blocks lifted" : "nothing expired", {
            removed: removed.join(","),
            count: removed.length,
        });
        return { outcome: "swept", ...empty, removed };
    }

    return async (event: unknown): Promise<Outcome> => {
        const request = readEvent(event);
        switch (request.kind) {
            case "invalid":
                return reject(request.reason);
            case "sweep":
                return sweep();
            case "finding":
                return block(request.finding);
        }
    };
}
