/** The summary table printed at the end of a plan, and the policy report under it. */
import { byItem, type CostEstimate } from "./cost";
import type { PolicyFinding, PolicyReport } from "./policy";
import type { PathResult, Trace } from "./reachability";
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

/**
 * From this many stacks on, the console keeps to a screen: the hub's stacks and the spokes with a
 * problem get a row each (at most {@link CONSOLE_ROWS} of those), the other spokes one row together,
 * and lists stop at {@link CONSOLE_ROWS} lines; plan.json, summary.md and plan.sarif have everything.
 */
export const MANY_STACKS = 24;

/** At most this many rows of one list in the console when the plan is large. */
export const CONSOLE_ROWS = 10;

/** `  ... and N more <what>` when `lines` is longer than `max`, after the first `max`. */
export function cappedLines(lines: readonly string[], max: number, what: string): string[] {
    if (lines.length <= max) return [...lines];
    return [...lines.slice(0, max), `  ... and ${lines.length - max} more ${what}`];
}

/**
 * A fixed-width text table of the stacks: account, region, resources in all and by kind, policy
 * violations by enforcement level (when the pack ran), estimated monthly cost, status. From
 * {@link MANY_STACKS} stacks on, spokes without a problem share one row.
 */
export function summaryTable(
    results: readonly StackResult[],
    findings?: readonly PolicyFinding[],
    cost?: CostEstimate,
    paths?: readonly PathResult[],
): string {
    const levels = findings ? (["mandatory", "advisory"] as const) : [];
    const costColumn = cost ? ["$/month"] : [];
    const pathColumn = paths ? ["paths ok"] : [];
    const header = [
        "stack",
        "account",
        "region",
        "resources",
        ...KINDS.map(([k]) => k),
        ...levels,
        ...pathColumn,
        ...costColumn,
        "status",
    ];
    // Each stack's paths, gathered in one pass (a filter per stack read every path once per stack).
    const pathsOf = new Map<string, PathResult[]>();
    for (const p of paths ?? []) {
        const list = pathsOf.get(p.sourceStack);
        if (list) list.push(p);
        else pathsOf.set(p.sourceStack, [p]);
    }
    const rows = results.map((r) => {
        // In all, as the preview counts them (components and the stack too); by kind, cloud resources.
        const all = r.run?.resources ?? [];
        const custom = all.filter((res) => res.custom);
        const mine = (findings ?? []).filter((f) => f.stack === r.stack.name);
        return [
            r.stack.name,
            r.accountId,
            r.region,
            String(all.length),
            ...KINDS.map(([, match]) => String(custom.filter((res) => match(res.type)).length)),
            ...levels.map((level) => String(mine.filter((f) => f.enforcementLevel === level).length)),
            ...(paths ? [pathsOk(pathsOf.get(r.stack.name) ?? [])] : []),
            ...(cost ? [money(cost.stacks.find((c) => c.stack === r.stack.name)?.monthlyUsd ?? 0)] : []),
            r.error ? "FAILED" : "ok",
        ];
    });
    const totals = [
        "total",
        "",
        "",
        ...header
            .slice(3, -1)
            .map((column, i) =>
                column === "$/month"
                    ? money(cost?.monthlyUsd ?? 0)
                    : column === "paths ok"
                      ? pathsOk(paths ?? [])
                      : String(rows.reduce((s, row) => s + Number(row[i + 3]), 0)),
            ),
        "",
    ];
    const shown = results.length >= MANY_STACKS ? grouped(results, rows, header, findings, paths) : rows;
    const table = [header, ...shown, totals];
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    const line = (row: string[]) =>
        row
            .map((cell, i) =>
                i >= 3 && i < row.length - 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
            )
            .join("  ")
            .trimEnd();
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...shown.map(line), line(totals)].join(
        "\n",
    );
}

/**
 * The rows of a large plan: every hub stack, the spokes with a problem (failed, a mandatory
 * violation, a path that is not clean), at most {@link CONSOLE_ROWS}, and the other spokes summed.
 */
function grouped(
    results: readonly StackResult[],
    rows: readonly string[][],
    header: readonly string[],
    findings?: readonly PolicyFinding[],
    paths?: readonly PathResult[],
): string[][] {
    const mandatory = new Set(
        (findings ?? []).filter((f) => f.enforcementLevel === "mandatory").map((f) => f.stack),
    );
    const unclean = new Set((paths ?? []).filter((p) => !isClean(p)).map((p) => p.sourceStack));
    const hub: string[][] = [];
    const problems: string[][] = [];
    const rest: string[][] = [];
    results.forEach((r, i) => {
        const name = r.stack.name;
        if (r.stack.role !== "spoke") hub.push(rows[i]);
        else if (r.error || mandatory.has(name) || unclean.has(name)) problems.push(rows[i]);
        else rest.push(rows[i]);
    });
    const more = [...problems.slice(CONSOLE_ROWS), ...rest];
    if (more.length === 0) return [...hub, ...problems];
    const failed = more.filter((row) => row[row.length - 1] === "FAILED").length;
    const moreNames = new Set(more.map((row) => row[0]));
    const summed = header.map((column, i) => {
        if (i === 0) return `${more.length} more spoke(s)`;
        if (i < 3) return "";
        if (i === header.length - 1) return failed ? `${failed} FAILED` : "ok";
        if (column === "paths ok") return pathsOk((paths ?? []).filter((p) => moreNames.has(p.sourceStack)));
        if (column === "$/month")
            return money(more.reduce((s, row) => s + Number(row[i].replace(/,/g, "")), 0));
        return String(more.reduce((s, row) => s + Number(row[i]), 0));
    });
    return [...hub, ...problems.slice(0, CONSOLE_ROWS), summed];
}

/** Past this many stacks declaring the same resource alike, the run-time owned list sums them up. */
export const OWNED_STACKS = 3;

/**
 * The properties `pulumi up` leaves as they are (`ignoreChanges`), by stack and resource: what is
 * owned at run time (the block list's entries, which its function adds and lifts). A resource that
 * more than {@link OWNED_STACKS} stacks declare alike (each spoke's zone) is one line naming the
 * first stack and how many more, so the list keeps to a few lines at 1,000 spokes. Empty when none.
 */
export function runtimeOwnedText(results: readonly StackResult[]): string {
    const stacksOf = new Map<string, string[]>();
    for (const r of results) {
        for (const res of r.run?.resources ?? []) {
            if (res.ignoreChanges.length === 0) continue;
            const what = `${res.type}: ${res.name}: ${res.ignoreChanges.join(", ")}`;
            const stacks = stacksOf.get(what);
            if (stacks) stacks.push(r.stack.name);
            else stacksOf.set(what, [r.stack.name]);
        }
    }
    const lines = [...stacksOf].flatMap(([what, stacks]) =>
        stacks.length > OWNED_STACKS
            ? [`  ${stacks[0]} and ${stacks.length - 1} more stack(s): ${what}`]
            : stacks.map((stack) => `  ${stack}: ${what}`),
    );
    return lines.length === 0
        ? ""
        : ["Owned at run time (pulumi up never changes or removes these properties):", ...lines].join("\n");
}

/** `aws:ec2/vpc:Vpc: name` for a URN, as the engine names resources in its policy report. */
function resourceLabel(urn: string | undefined): string {
    if (!urn) return "stack";
    const parts = urn.split("::");
    const type = (parts[2] ?? "").split("$").pop() ?? "";
    return `${type}: ${parts[3] ?? ""}`;
}

/**
 * The policy report, laid out like the engine's: pack, then each violation with its level, policy,
 * stack and resource, and the message indented under it. `quiet` keeps mandatory violations only.
 */
export function policyText(report: PolicyReport, quiet = false): string {
    const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory");
    const advisory = report.findings.filter((f) => f.enforcementLevel !== "mandatory");
    const head = `Policies: ${report.pack.name}@v${report.pack.version}${report.configFile ? ` with ${report.configFile}` : ""}: ${mandatory.length} mandatory, ${advisory.length} advisory violation(s)`;
    const shown = quiet ? mandatory : [...mandatory, ...advisory];
    const one = (f: PolicyFinding) => [
        `  - [${f.enforcementLevel}] ${f.policyName}${f.severity ? ` (${f.severity})` : ""}  ${f.stack}: ${resourceLabel(f.urn)}`,
        ...f.message.split("\n").map((line) => `      ${line}`),
    ];
    if (shown.length <= CONSOLE_ROWS * 2) return [head, ...shown.flatMap(one)].join("\n");
    // Many: the first mandatory ones in full, then one line per policy (plan.sarif has them all).
    const byPolicy = new Map<string, { level: string; count: number; stacks: Set<string> }>();
    for (const f of shown) {
        const key = `${f.enforcementLevel} ${f.policyName}`;
        const entry = byPolicy.get(key) ?? { level: f.enforcementLevel, count: 0, stacks: new Set<string>() };
        entry.count++;
        entry.stacks.add(f.stack);
        byPolicy.set(key, entry);
    }
    return [
        head,
        ...mandatory.slice(0, CONSOLE_ROWS).flatMap(one),
        ...(mandatory.length > CONSOLE_ROWS
            ? [`  ... and ${mandatory.length - CONSOLE_ROWS} more mandatory`]
            : []),
        "  by policy:",
        ...cappedLines(
            [...byPolicy.entries()]
                .sort(
                    (a, b) =>
                        Number(b[1].level === "mandatory") - Number(a[1].level === "mandatory") ||
                        b[1].count - a[1].count,
                )
                .map(([key, e]) => `    ${key}: ${e.count} in ${e.stacks.size} stack(s)`),
            CONSOLE_ROWS,
            "policies (every violation is in plan.json and plan.sarif)",
        ),
    ].join("\n");
}

/** `1,234.56`. */
function money(usd: number): string {
    return usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A fixed-width table: columns after the first `left` are right-aligned. */
function table(rows: readonly string[][], left = 1): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    return rows
        .map((row) =>
            row
                .map((cell, i) => (i >= left ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}

/** The cost estimate by item over all stacks, with what it leaves out. */
export function costText(cost: CostEstimate): string {
    const items = byItem(cost.stacks.flatMap((s) => s.items)).sort(
        (a, b) => Number(b.monthlyUsd > 0) - Number(a.monthlyUsd > 0) || b.monthlyUsd - a.monthlyUsd,
    );
    const rows = [
        ["item", "quantity", "$/month"],
        ...items.map((i) => [i.item, String(Math.round(i.quantity * 100) / 100), money(i.monthlyUsd)]),
        ["total", "", money(cost.monthlyUsd)],
    ];
    const defaulted = cost.stacks.filter((s) => s.priceRegion !== s.region);
    const notes = [
        ...defaulted.map(
            (s) => `${s.stack}: no ${s.region} prices in the table; priced at ${s.priceRegion} list prices`,
        ),
        ...cost.stacks.flatMap((s) => s.unpriced.map((u) => `not priced: ${u}`)),
    ];
    return [
        `Estimated monthly cost of the fixed parts (${cost.currency}, list prices as of ${cost.asOf}, ${cost.hoursPerMonth} h/month).`,
        `Excludes every traffic-dependent charge (data processed or transferred, requests, queries, LCUs, logs).`,
        table(rows),
        ...cappedLines(notes, CONSOLE_ROWS, "notes (plan.json has each stack's prices)"),
    ].join("\n");
}

const isClean = (p: PathResult) => p.verdict === "reachable" && p.violations.length === 0;

/** `clean/total` paths, or `-` for a stack without spokes. */
function pathsOk(paths: readonly PathResult[]): string {
    return paths.length ? `${paths.filter(isClean).length}/${paths.length}` : "-";
}

function symmetry(p: PathResult): string {
    if (p.verdict !== "reachable") return "-";
    return p.symmetric === true ? "symmetric" : p.symmetric === false ? "ASYMMETRIC" : "not known";
}

/** Every spoke's paths (only the ones that are not clean when there are many, or with `quiet`). */
export function reachabilityText(paths: readonly PathResult[], quiet = false): string {
    const violating = paths.filter((p) => p.violations.length > 0);
    const head = `Reachability: ${paths.length} path(s) from ${new Set(paths.map((p) => p.source)).size} spoke(s): ${paths.filter(isClean).length} reachable, inspected and symmetric; ${violating.length} violating the design; ${paths.filter((p) => p.verdict !== "reachable").length} not reachable.`;
    if (paths.length === 0) return "Reachability: no spoke in this plan.";
    const shown = quiet || paths.length > 60 ? paths.filter((p) => !isClean(p)) : paths;
    if (shown.length === 0) return head;
    const rows = [
        ["source", "destination", "verdict", "inspected", "return", "why"],
        ...shown.map((p) => [
            p.source,
            `${p.destination}${p.destinationKind === "on-premises" || p.destinationKind === "cidr" ? ` (${p.destinationKind})` : ""}`,
            p.verdict,
            p.verdict === "reachable" ? (p.inspected ? "yes" : "NO") : p.inspected ? "yes" : "-",
            symmetry(p),
            (p.violations.length ? `${p.violations.join(", ")}: ` : "") +
                (p.branches.find((b) => b.note)?.note ??
                    (p.verdict !== "reachable"
                        ? (p.branches.find((b) => b.forward.verdict !== "reachable")?.forward.reason ?? "")
                        : "")),
        ]),
    ];
    const lines = table(rows, 99).split("\n");
    // The header line and as many paths as a screen holds.
    const max = paths.length > 60 ? 2 * CONSOLE_ROWS + 1 : lines.length;
    return [
        head,
        ...cappedLines(lines, max, "paths (every path is in plan.json under hubNetwork.reachability)"),
    ].join("\n");
}

function traceLines(trace: Trace, arrow: string): string[] {
    return trace.hops.map((h) => `    ${arrow} ${h.text}`);
}

/** One question answered hop by hop, every branch (AZ of the source, AZ the TGW picks), both ways. */
export function reachText(p: PathResult): string {
    const lines = [
        `Reach ${p.source} → ${p.destination} (${p.address}): ${p.verdict}${p.verdict === "reachable" ? `, ${p.inspected ? "inspected" : "NOT inspected"}, return ${symmetry(p)}` : ""}${p.violations.length ? ` [${p.violations.join(", ")}]` : ""}`,
    ];
    p.branches.forEach((b, i) => {
        lines.push(
            `  branch ${i + 1}: from ${b.sourceAz}${b.destinationAz ? ` to ${b.destinationAz}` : ""}: ${b.forward.verdict}${b.symmetric === undefined ? "" : b.symmetric ? ", symmetric" : ", ASYMMETRIC"}${b.note ? ` (${b.note})` : ""}`,
            ...traceLines(b.forward, "→"),
        );
        if (b.return) lines.push(`    return: ${b.return.verdict}`, ...traceLines(b.return, "←"));
    });
    return lines.join("\n");
}
