/**
 * A local fake of the two EC2 API actions the block-list function calls, speaking EC2's query
 * protocol (form-encoded POST, XML answers, `<Response><Errors>` errors), so that the real AWS SDK
 * client is under test too. It behaves as the EC2 API reference
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetManagedPrefixListEntries.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyManagedPrefixList.html) and
 * terraform-provider-aws (internal/service/ec2/vpc_managed_prefix_list.go) document:
 * - GetManagedPrefixListEntries pages with MaxResults 1-100 and NextToken;
 * - ModifyManagedPrefixList takes at most 100 entries to add, refuses a CIDR in both AddEntry and
 *   RemoveEntry ("InvalidParameterValue"), a CIDR already present or a removal of an absent one
 *   ("InvalidPrefixListModification"), more entries than MaxEntries ("PrefixListMaxEntriesExceeded"),
 *   a stale CurrentVersion ("PrefixListVersionMismatch") and descriptions over 255 characters; every
 *   change makes a new version;
 * - a parameter it does not know is refused, so a change in what the SDK sends fails the tests.
 * Tests can make the next modifications fail as a busy list does (`IncorrectState`).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { EC2Client } from "@aws-sdk/client-ec2";

/** One entry of the fake list. */
export interface FakeEntry {
    cidr: string;
    description?: string;
}

/** A request the fake received. */
export interface FakeCall {
    readonly action: string;
    readonly params: Readonly<Record<string, string>>;
    readonly error?: string;
}

/** The running fake. */
export interface FakeEc2 {
    readonly prefixListId: string;
    readonly client: EC2Client;
    /** The list's entries, in insertion order (tests may seed or read them). */
    entries: FakeEntry[];
    maxEntries: number;
    version: number;
    readonly calls: FakeCall[];
    /** Makes the next `count` ModifyManagedPrefixList requests fail with `code`. */
    failNextModify(count: number, code: string): void;
    stop(): Promise<void>;
}

const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

const escape = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

class Ec2Error extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

/** Starts the fake with one prefix list. */
export async function startFakeEc2(
    options: { prefixListId?: string; maxEntries?: number; entries?: FakeEntry[] } = {},
): Promise<FakeEc2> {
    const prefixListId = options.prefixListId ?? "pl-0a1b2c3d4e5f60718";
    const failures: string[] = [];
    let requestCount = 0;

    const state = {
        entries: [...(options.entries ?? [])],
        maxEntries: options.maxEntries ?? 10,
        version: 1,
        calls: [] as FakeCall[],
    };

    function checkKnown(params: Record<string, string>, allowed: RegExp[]): void {
        for (const key of Object.keys(params)) {
            if (key === "Action" || key === "Version") continue;
            if (!allowed.some((r) => r.test(key)))
                throw new Ec2Error("UnknownParameter", `The parameter ${key} is not recognized`);
        }
        if (params.PrefixListId !== prefixListId) {
            throw new Ec2Error(
                "InvalidPrefixListID.NotFound",
                `The prefix list ID '${params.PrefixListId}' does not exist`,
            );
        }
    }

    function getEntries(params: Record<string, string>): string {
        checkKnown(params, [/^PrefixListId$/, /^MaxResults$/, /^NextToken$/, /^TargetVersion$/, /^DryRun$/]);
        const max = params.MaxResults === undefined ? 100 : Number(params.MaxResults);
        if (!Number.isInteger(max) || max < 1 || max > 100) {
            throw new Ec2Error("InvalidParameterValue", `MaxResults must be between 1 and 100`);
        }
        const start = params.NextToken === undefined ? 0 : Number(params.NextToken);
        const page = state.entries.slice(start, start + max);
        const next = start + max < state.entries.length ? String(start + max) : undefined;
        const items = page
            .map(
                (e) =>
                    `<item><cidr>${escape(e.cidr)}</cidr>${e.description === undefined ? "" : `<description>${escape(e.description)}</description>`}</item>`,
            )
            .join("");
        return `<GetManagedPrefixListEntriesResponse xmlns="${NS}"><requestId>r-${requestCount}</requestId><entrySet>${items}</entrySet>${next ? `<nextToken>${next}</nextToken>` : ""}</GetManagedPrefixListEntriesResponse>`;
    }

    function modify(params: Record<string, string>): string {
        checkKnown(params, [
            /^PrefixListId$/,
            /^CurrentVersion$/,
            /^PrefixListName$/,
            /^MaxEntries$/,
            /^AddEntry\.\d+\.(Cidr|Description)$/,
            /^RemoveEntry\.\d+\.Cidr$/,
            /^DryRun$/,
        ]);
        const failure = failures.shift();
        if (failure) throw new Ec2Error(failure, `The prefix list ${prefixListId} is in an incorrect state`);
        if (params.CurrentVersion !== undefined && Number(params.CurrentVersion) !== state.version) {
            throw new Ec2Error(
                "PrefixListVersionMismatch",
                `The prefix list has the incorrect version number`,
            );
        }
        const indexed = (prefix: string, field: string) =>
            Object.entries(params)
                .map(([k, v]) => [new RegExp(`^${prefix}\\.(\\d+)\\.${field}$`).exec(k)?.[1], v] as const)
                .filter((kv): kv is readonly [string, string] => kv[0] !== undefined)
                .sort((a, b) => Number(a[0]) - Number(b[0]));
        const add = indexed("AddEntry", "Cidr").map(([i, cidr]) => ({
            cidr,
            description: params[`AddEntry.${i}.Description`],
        }));
        const remove = indexed("RemoveEntry", "Cidr").map(([, cidr]) => cidr);
        if (add.length === 0 && remove.length === 0 && params.MaxEntries === undefined) {
            throw new Ec2Error("InvalidRequest", "The request received was invalid.");
        }
        if (add.length > 100 || remove.length > 100) {
            throw new Ec2Error(
                "InvalidParameterValue",
                "At most 100 entries may be added or removed in one request",
            );
        }
        for (const e of add) {
            if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(e.cidr)) {
                throw new Ec2Error("InvalidParameterValue", `${e.cidr} is not a valid IPv4 CIDR`);
            }
            if ((e.description?.length ?? 0) > 255) {
                throw new Ec2Error("InvalidParameterValue", "Description must be at most 255 characters");
            }
            if (remove.includes(e.cidr)) {
                throw new Ec2Error(
                    "InvalidParameterValue",
                    `Request cannot contain Cidr ${e.cidr} in both AddPrefixListEntries and RemovePrefixListEntries`,
                );
            }
            if (state.entries.some((x) => x.cidr === e.cidr)) {
                throw new Ec2Error(
                    "InvalidPrefixListModification",
                    `The CIDR ${e.cidr} already exists in the prefix list`,
                );
            }
        }
        for (const cidr of remove) {
            if (!state.entries.some((x) => x.cidr === cidr)) {
                throw new Ec2Error(
                    "InvalidPrefixListModification",
                    `The CIDR ${cidr} does not exist in the prefix list`,
                );
            }
        }
        const after = state.entries.length + add.length - remove.length;
        if (after > state.maxEntries) {
            throw new Ec2Error(
                "PrefixListMaxEntriesExceeded",
                `The maximum number of entries (${state.maxEntries}) for the prefix list has been exceeded`,
            );
        }
        state.entries = [...state.entries.filter((e) => !remove.includes(e.cidr)), ...add];
        state.version += 1;
        return `<ModifyManagedPrefixListResponse xmlns="${NS}"><requestId>r-${requestCount}</requestId><prefixList><prefixListId>${prefixListId}</prefixListId><addressFamily>IPv4</addressFamily><state>modify-in-progress</state><prefixListArn>arn:aws:ec2:eu-west-1:111111111111:prefix-list/${prefixListId}</prefixListArn><prefixListName>block-list</prefixListName><maxEntries>${state.maxEntries}</maxEntries><version>${state.version}</version><ownerId>111111111111</ownerId></prefixList></ModifyManagedPrefixListResponse>`;
    }

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            requestCount += 1;
            const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
            const action = params.Action ?? "";
            try {
                let body: string;
                if (action === "GetManagedPrefixListEntries") body = getEntries(params);
                else if (action === "ModifyManagedPrefixList") body = modify(params);
                else
                    throw new Ec2Error(
                        "InvalidAction",
                        `The action ${action} is not valid for this web service`,
                    );
                state.calls.push({ action, params });
                res.writeHead(200, { "content-type": "text/xml;charset=UTF-8" });
                res.end(body);
            } catch (error) {
                const e = error instanceof Ec2Error ? error : new Ec2Error("InternalError", String(error));
                state.calls.push({ action, params, error: e.code });
                res.writeHead(400, { "content-type": "text/xml;charset=UTF-8" });
                res.end(
                    `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${e.code}</Code><Message>${escape(e.message)}</Message></Error></Errors><RequestID>r-${requestCount}</RequestID></Response>`,
                );
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new EC2Client({
        region: "eu-west-1",
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: "AKIDFAKEFAKEFAKE", secretAccessKey: "fake" },
        maxAttempts: 1,
    });

    return {
        prefixListId,
        client,
        get entries() {
            return state.entries;
        },
        set entries(value: FakeEntry[]) {
            state.entries = value;
        },
        get maxEntries() {
            return state.maxEntries;
        },
        set maxEntries(value: number) {
            state.maxEntries = value;
        },
        get version() {
            return state.version;
        },
        set version(value: number) {
            state.version = value;
        },
        calls: state.calls,
        failNextModify(count: number, code: string) {
            for (let i = 0; i < count; i++) failures.push(code);
        },
        stop: () =>
            new Promise<void>((resolve, reject) => {
                client.destroy();
                server.close((err) => (err ? reject(err) : resolve()));
            }),
    };
}
