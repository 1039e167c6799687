/**
 * A local fake of Security Hub's BatchImportFindings, speaking its REST-JSON protocol
 * (`POST /findings/import`, `{ Findings }` in, `{ FailedCount, SuccessCount, FailedFindings }` out),
 * so that the real AWS SDK client is under test too. It behaves as the API reference
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html) says:
 * - 1 to 100 findings per request, a request of at most 6 MB, each finding under 240 KB
 *   (`InvalidInputException` otherwise);
 * - with the default product ARN (`product/<account>/default`), a finding whose AwsAccountId is not
 *   the caller's, or whose ProductArn is another, is refused in FailedFindings;
 * - a finding lacking a required ASFF attribute is refused in FailedFindings;
 * - a finding whose Id the account already has updates it: findings are kept by ProductArn and Id.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";

const REQUIRED = [
    "SchemaVersion",
    "Id",
    "ProductArn",
    "GeneratorId",
    "AwsAccountId",
    "CreatedAt",
    "UpdatedAt",
    "Title",
    "Description",
    "Resources",
] as const;

/** The running fake. */
export interface FakeSecurityHub {
    readonly client: SecurityHubClient;
    /** Findings held, by Id. */
    readonly findings: Map<string, Record<string, unknown>>;
    /** Every request's findings, in order. */
    readonly requests: Record<string, unknown>[][];
    stop(): Promise<void>;
}

/** Starts the fake for `accountId` in `region`. */
export async function startFakeSecurityHub(accountId: string, region: string): Promise<FakeSecurityHub> {
    const productArn = `arn:aws:securityhub:${region}:${accountId}:product/${accountId}/default`;
    const findings = new Map<string, Record<string, unknown>>();
    const requests: Record<string, unknown>[][] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const raw = Buffer.concat(chunks);
            const answer = (status: number, body: object, type?: string) => {
                res.writeHead(status, {
                    "content-type": "application/json",
                    ...(type ? { "x-amzn-errortype": type } : {}),
                });
                res.end(JSON.stringify(body));
            };
            if (req.method !== "POST" || req.url !== "/findings/import") {
                answer(404, { Message: `no route ${req.method} ${req.url}` }, "ResourceNotFoundException");
                return;
            }
            const body = JSON.parse(raw.toString("utf8")) as { Findings?: Record<string, unknown>[] };
            const batch = body.Findings ?? [];
            if (raw.length > 6 * 1024 * 1024 || batch.length < 1 || batch.length > 100) {
                answer(
                    400,
                    { Message: `${batch.length} findings, ${raw.length} bytes` },
                    "InvalidInputException",
                );
                return;
            }
            requests.push(batch);
            const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
            for (const finding of batch) {
                const id = String(finding.Id ?? "");
                const missing = REQUIRED.filter((k) => finding[k] === undefined);
                const severity =
                    finding.Severity ?? (finding.FindingProviderFields as { Severity?: unknown })?.Severity;
                const types = finding.Types ?? (finding.FindingProviderFields as { Types?: unknown })?.Types;
                if (severity === undefined) missing.push("Severity" as never);
                if (types === undefined) missing.push("Types" as never);
                if (Buffer.byteLength(JSON.stringify(finding)) >= 240 * 1024) {
                    failed.push({ Id: id, ErrorCode: "InvalidInput", ErrorMessage: "finding over 240 KB" });
                } else if (missing.length > 0) {
                    failed.push({
                        Id: id,
                        ErrorCode: "InvalidInput",
                        ErrorMessage: `missing ${missing.join(", ")}`,
                    });
                } else if (finding.ProductArn !== productArn || finding.AwsAccountId !== accountId) {
                    failed.push({
                        Id: id,
                        ErrorCode: "AccessDeniedException",
                        ErrorMessage: "not this account's product",
                    });
                } else {
                    findings.set(id, finding);
                }
            }
            answer(200, {
                FailedCount: failed.length,
                SuccessCount: batch.length - failed.length,
                FailedFindings: failed,
            });
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const client = new SecurityHubClient({
        region,
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: "AKIDFAKEFAKEFAKE", secretAccessKey: "fake" },
        maxAttempts: 1,
    });
    return {
        client,
        findings,
        requests,
        stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
