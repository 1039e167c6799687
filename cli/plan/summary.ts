/** The summary table printed at the end of a plan. */
import type { StackResult } from "./run";

/** Resource kinds counted in the summary (by type token prefix), in display order. */
const KINDS: [string, (type: string) => boolean][] = [
    ["vpcs", (t) => t === "aws:ec2/vpc:Vpc"],
    ["subnets", (t) => t === "aws:ec2/subnet:Subnet"],
    ["routes", (t) => t === "aws:ec2/route:Route" || t === "aws:ec2transitgateway/route:Route"],
    ["firewall", (t) => t.startsWith("aws:networkfirewall/")],
    ["dns", (t) => t.startsWith("aws:route53")],
    ["iam", (t) => t.startsWith("aws:iam/")],
    ["logs", (t) => t.startsWith("aws:cloudwatch/") || t === "aws:ec2/flowLog:FlowLog"],
];

/** A fixed-width text table of the stacks: account, region, resources in all and by kind, status. */
export function summaryTable(results: readonly StackResult[]): string {
    const header = ["stack", "account", "region", "resources", ...KINDS.map(([k]) => k), "status"];
    const rows = results.map((r) => {
        const custom = (r.run?.resources ?? []).filter((res) => res.custom);
        return [
            r.stack.name,
            r.accountId,
            r.region,
            String(custom.length),
            ...KINDS.map(([, match]) => String(custom.filter((res) => match(res.type)).length)),
            r.error ? "FAILED" : "ok",
        ];
    });
    const totals = [
        "total",
        "",
        "",
        ...header.slice(3, -1).map((_, i) => String(rows.reduce((s, row) => s + Number(row[i + 3]), 0))),
        "",
    ];
    const table = [header, ...rows, totals];
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    const line = (row: string[]) =>
        row
            .map((cell, i) =>
                i >= 3 && i < row.length - 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
            )
            .join("  ")
            .trimEnd();
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), line(totals)].join(
        "\n",
    );
}
